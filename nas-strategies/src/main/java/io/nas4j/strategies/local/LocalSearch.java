package io.nas4j.strategies.local;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Hill climbing over the space's neighbourhood ({@link SearchSpace#neighbours}) with random restarts, the
 * local search that White, Nolen and Savani (2021, "Exploring the Loss Landscape in Neural Architecture
 * Search") found state of the art on the NAS-Bench tables.
 *
 * <p>It starts with {@code initial} uniform random genomes and climbs from the best of them. A climb step
 * lists the current genome's neighbours once, in a seeded shuffled order, and proposes them one by one;
 * a neighbour whose network (canonical key) is already known is not evaluated again, its known score is
 * used, and one that is the current network under another name is skipped. In
 * {@link ImprovementMode#BEST_IMPROVEMENT} the climb moves, once every neighbour is known, to the best if
 * it beats the current; in {@link ImprovementMode#FIRST_IMPROVEMENT} it moves to the first neighbour
 * known to beat the current. When no neighbour beats the current genome it is a local optimum, and the
 * climb restarts from a new uniform random genome.
 *
 * <p>Batches and waiting: {@code ask(n)} proposes the next {@code n} untried neighbours. {@link #ask} never
 * waits, so when every neighbour is proposed but some outcomes are still to come, it proposes random
 * genomes instead; these, like a restart's random genome, are start candidates, and a climb that needs a
 * start takes the best candidate told since the last start (proposing a random one when there is none).
 * A FAILED outcome scores below every measured one.
 */
public final class LocalSearch<G extends Genome> implements SearchStrategy<G> {

    /** Attempts at a random genome not proposed before; a repeat after that is cheaper than a stall. */
    private static final int RETRIES = 50;

    private final SearchSpace<G> space;
    private final Objective objective;
    private final RandomGenerator random;
    private final ImprovementMode mode;

    private final Map<String, Evaluated<G>> known = new HashMap<>();
    private final Set<String> proposed = new HashSet<>();
    private final Set<String> pendingStarts = new HashSet<>();
    /** Random genomes told since the last climb started, in the order told. */
    private final List<Evaluated<G>> startCandidates = new ArrayList<>();
    private Neighbourhood<G> climb;
    private int initialLeft;
    private int moves;
    private int restarts;

    /**
     * @param mode    when to move to a better neighbour
     * @param initial random genomes evaluated before the first climb starts from the best of them, at least 1
     */
    public LocalSearch(SearchSpace<G> space, Objective objective, RandomGenerator random, ImprovementMode mode,
                       int initial) {
        if (initial < 1) {
            throw new IllegalArgumentException("initial must be at least 1, got " + initial);
        }
        this.space = space;
        this.objective = objective;
        this.random = random;
        this.mode = mode;
        this.initialLeft = initial;
    }

    @Override
    public List<Proposal<G>> ask(int n) {
        List<Proposal<G>> proposals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            proposals.add(Proposal.full(next()));
        }
        return proposals;
    }

    @Override
    public void tell(Observation<G> observation) {
        String key = space.key(observation.genome());
        Evaluated<G> evaluated = Evaluated.of(observation, key, objective);
        known.putIfAbsent(key, evaluated);
        if (pendingStarts.remove(key)) {
            startCandidates.add(evaluated);
        }
        if (climb != null && climb.awaits(key)) {
            climb.record(evaluated);
        }
    }

    /** How many times the climb moved to a better neighbour. */
    public int moves() {
        return moves;
    }

    /** How many times the climb stopped at a local optimum and started again. */
    public int restarts() {
        return restarts;
    }

    private G next() {
        if (initialLeft > 0) {
            initialLeft--;
            return randomStart();
        }
        while (true) {
            if (climb == null) {
                Evaluated<G> start = bestCandidate();
                if (start == null) {
                    return randomStart();
                }
                startCandidates.clear();
                climb = open(start);
            }
            if (readyToMove()) {
                moves++;
                climb = open(climb.improvement());
                continue;
            }
            G neighbour = untriedNeighbour();
            if (neighbour != null) {
                return neighbour;
            }
            if (readyToMove()) {
                continue;
            }
            if (!climb.settled()) {
                return randomStart();
            }
            restarts++;
            climb = null;
        }
    }

    /** True when the climb knows a better neighbour and the mode lets it move there now. */
    private boolean readyToMove() {
        return climb.improvement() != null && (mode == ImprovementMode.FIRST_IMPROVEMENT || climb.settled());
    }

    /**
     * The next neighbour of the climb that needs a trial, marked as awaited; neighbours already known are
     * recorded on the way (and may end the step early in first-improvement mode). Null when none is left.
     */
    private G untriedNeighbour() {
        String centre = climb.centre().key();
        for (G neighbour = climb.poll(); neighbour != null; neighbour = climb.poll()) {
            String key = space.key(neighbour);
            if (key.equals(centre)) {
                continue;
            }
            Evaluated<G> evaluated = known.get(key);
            if (evaluated != null) {
                climb.record(new Evaluated<>(neighbour, key, evaluated.score()));
                if (mode == ImprovementMode.FIRST_IMPROVEMENT && climb.improvement() != null) {
                    return null;
                }
                continue;
            }
            climb.await(key);
            if (proposed.add(key)) {
                return neighbour;
            }
            // Proposed elsewhere and still running: its outcome will be recorded when told.
        }
        return null;
    }

    private Neighbourhood<G> open(Evaluated<G> centre) {
        List<G> order = new ArrayList<>(space.neighbours(centre.genome()));
        for (int i = order.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            G swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }
        return new Neighbourhood<>(centre, order);
    }

    private Evaluated<G> bestCandidate() {
        Evaluated<G> best = null;
        for (Evaluated<G> candidate : startCandidates) {
            if (best == null || candidate.beats(best)) {
                best = candidate;
            }
        }
        return best;
    }

    private G randomStart() {
        G genome = space.sample(random);
        for (int attempt = 1; attempt < RETRIES && proposed.contains(space.key(genome)); attempt++) {
            genome = space.sample(random);
        }
        String key = space.key(genome);
        proposed.add(key);
        pendingStarts.add(key);
        return genome;
    }
}
