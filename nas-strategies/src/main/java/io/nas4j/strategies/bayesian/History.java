package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Observation;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a model-based strategy has proposed and learnt, in the order it happened: the canonical keys it
 * has proposed or been told about (never proposed again), the proposals still running, and the complete
 * observations with their scores.
 *
 * <p>Scores are the primary objective turned so that larger is better. Only COMPLETE observations with a
 * finite score teach the model; FAILED and PRUNED ones only mark their network as tried. Every collection
 * whose order matters keeps insertion order, so replaying the same calls rebuilds the same state.
 */
public final class History<G extends Genome> {

    private final SearchSpace<G> space;
    private final Objective objective;
    private final Set<String> tried = new HashSet<>();
    private final Map<String, G> pending = new LinkedHashMap<>();
    private final List<Scored<G>> complete = new ArrayList<>();
    private int proposals;

    public History(SearchSpace<G> space, Objective objective) {
        this.space = Objects.requireNonNull(space, "space");
        this.objective = Objects.requireNonNull(objective, "objective");
    }

    /** Notes a proposal about to be returned. */
    public void proposed(G genome) {
        String key = space.key(genome);
        tried.add(key);
        pending.put(key, genome);
        proposals++;
    }

    /** Notes an outcome. */
    public void observed(Observation<G> observation) {
        String key = space.key(observation.genome());
        tried.add(key);
        pending.remove(key);
        if (observation.complete()) {
            double score = objective.score(observation.metrics());
            if (Double.isFinite(score)) {
                complete.add(new Scored<>(observation.genome(), score));
            }
        }
    }

    /** Whether the network with this canonical key was proposed or observed. */
    public boolean tried(String key) {
        return tried.contains(key);
    }

    /** Proposals not yet observed, in the order they were made. */
    public List<G> pending() {
        return List.copyOf(pending.values());
    }

    /** Complete observations in the order they were told. */
    public List<Scored<G>> complete() {
        return List.copyOf(complete);
    }

    /** How many complete observations with a finite score there are. */
    public int completed() {
        return complete.size();
    }

    /** How many proposals were made. */
    public int proposals() {
        return proposals;
    }

    /** Up to {@code count} distinct networks with the best scores, best first; ties keep telling order. */
    public List<G> best(int count) {
        List<Scored<G>> sorted = new ArrayList<>(complete);
        sorted.sort(Comparator.comparingDouble((Scored<G> scored) -> scored.score()).reversed());
        Set<String> keys = new HashSet<>();
        List<G> best = new ArrayList<>(count);
        for (Scored<G> scored : sorted) {
            if (best.size() == count) {
                break;
            }
            if (keys.add(space.key(scored.genome()))) {
                best.add(scored.genome());
            }
        }
        return best;
    }

    /**
     * A genome and its score.
     *
     * @param score the primary objective, larger is better
     */
    public record Scored<G extends Genome>(G genome, double score) {
    }
}
