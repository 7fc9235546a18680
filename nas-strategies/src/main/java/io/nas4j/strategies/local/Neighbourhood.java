package io.nas4j.strategies.local;

import io.nas4j.core.genome.Genome;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One step of a climb: the current genome, its neighbours in the order they are to be tried (built once),
 * the neighbours whose outcomes are awaited and the best neighbour known so far.
 */
final class Neighbourhood<G extends Genome> {

    private final Evaluated<G> centre;
    private final Deque<G> untried;
    private final Set<String> awaited = new HashSet<>();
    private Evaluated<G> best;

    /** @param order the neighbours of {@code centre}, already shuffled */
    Neighbourhood(Evaluated<G> centre, List<G> order) {
        this.centre = centre;
        this.untried = new ArrayDeque<>(order);
    }

    Evaluated<G> centre() {
        return centre;
    }

    /** The next neighbour to try, or null when all were tried. */
    G poll() {
        return untried.poll();
    }

    void await(String key) {
        awaited.add(key);
    }

    boolean awaits(String key) {
        return awaited.contains(key);
    }

    /** Records a neighbour's score, told now or known from earlier. */
    void record(Evaluated<G> neighbour) {
        awaited.remove(neighbour.key());
        if (best == null || neighbour.beats(best)) {
            best = neighbour;
        }
    }

    /** The best neighbour known, when it beats the centre; null otherwise. */
    Evaluated<G> improvement() {
        return best != null && best.beats(centre) ? best : null;
    }

    /** True when every neighbour was tried and told. */
    boolean settled() {
        return untried.isEmpty() && awaited.isEmpty();
    }
}
