package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The finite set over which an acquisition function is maximised: every single-edit neighbour of the best
 * observed networks (local refinement, where good networks are most likely) plus uniform samples (so that
 * the model can still send the search elsewhere), never a network already tried.
 *
 * @param parents          how many of the best networks contribute their neighbours, at least 1
 * @param maxNeighbours    at most this many neighbours are kept, a seeded subset when there are more; at least 0
 * @param randomCandidates how many uniform samples are drawn, at least 0
 */
public record CandidatePool(int parents, int maxNeighbours, int randomCandidates) {

    /** Draws per wanted random candidate before giving up on finding untried ones (tiny or exhausted spaces). */
    private static final int ATTEMPTS = 3;

    public CandidatePool {
        if (parents < 1 || maxNeighbours < 0 || randomCandidates < 0 || maxNeighbours + randomCandidates < 1) {
            throw new IllegalArgumentException("a candidate pool needs parents >= 1, maxNeighbours >= 0, "
                    + "randomCandidates >= 0 and at least one candidate, got " + parents + ", " + maxNeighbours
                    + ", " + randomCandidates);
        }
    }

    /**
     * Distinct untried candidates in a deterministic order: neighbours of {@code best} (best first), then
     * random samples. May be empty when the space is (nearly) exhausted.
     *
     * @param best  the best observed networks, best first; only the first {@link #parents} are used
     * @param tried whether a canonical key was already proposed or observed
     */
    public <G extends Genome> List<G> candidates(SearchSpace<G> space, List<G> best, Predicate<String> tried,
                                                 RandomGenerator random) {
        Map<String, G> neighbours = new LinkedHashMap<>();
        for (G parent : best.subList(0, Math.min(parents, best.size()))) {
            for (G neighbour : space.neighbours(parent)) {
                String key = space.key(neighbour);
                if (!tried.test(key)) {
                    neighbours.putIfAbsent(key, neighbour);
                }
            }
        }
        Map<String, G> pool = new LinkedHashMap<>();
        List<Map.Entry<String, G>> entries = new ArrayList<>(neighbours.entrySet());
        if (entries.size() > maxNeighbours) {
            // a partial Fisher-Yates shuffle picks a seeded subset without favouring the first decisions
            for (int i = 0; i < maxNeighbours; i++) {
                int j = i + random.nextInt(entries.size() - i);
                Map.Entry<String, G> swap = entries.get(i);
                entries.set(i, entries.get(j));
                entries.set(j, swap);
            }
            entries = entries.subList(0, maxNeighbours);
        }
        for (Map.Entry<String, G> entry : entries) {
            pool.put(entry.getKey(), entry.getValue());
        }
        int added = 0;
        for (int attempt = 0; attempt < randomCandidates * ATTEMPTS && added < randomCandidates; attempt++) {
            G sample = space.sample(random);
            String key = space.key(sample);
            if (!tried.test(key) && pool.putIfAbsent(key, sample) == null) {
                added++;
            }
        }
        return new ArrayList<>(pool.values());
    }
}
