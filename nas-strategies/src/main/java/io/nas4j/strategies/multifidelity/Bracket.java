package io.nas4j.strategies.multifidelity;

import io.nas4j.core.genome.Genome;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One successive-halving bracket in progress: which configuration runs or ran at which rung, with what
 * score, and which are promoted.
 *
 * <p>Promotion is synchronous within the bracket, as in the original algorithm: rung {@code k + 1} is filled
 * once every configuration of rung {@code k} has finished, with the best {@code quota(k + 1)} of them (ties
 * in starting order). A configuration that FAILED or was PRUNED at a rung is never promoted; when fewer
 * than the quota completed, fewer go on. The {@link BracketScheduler} keeps workers busy while a bracket
 * waits by opening the next one, so synchronous promotion never stalls a parallel search.
 */
final class Bracket<G extends Genome> {

    private final BracketShape shape;
    private final Rungs rungs;
    private final Function<G, String> keys;
    private final List<List<Slot<G>>> slots = new ArrayList<>();
    private final List<List<Slot<G>>> promoted = new ArrayList<>();

    /**
     * @param keys the canonical key of a genome, by which outcomes are matched to evaluations
     */
    Bracket(BracketShape shape, Rungs rungs, Function<G, String> keys) {
        this.shape = Objects.requireNonNull(shape, "shape");
        this.rungs = Objects.requireNonNull(rungs, "rungs");
        this.keys = Objects.requireNonNull(keys, "keys");
        if (shape.firstRung() > rungs.top()) {
            throw new IllegalArgumentException("bracket starts at rung " + shape.firstRung() + " but the top rung is "
                    + rungs.top());
        }
        for (int rung = 0; rung < rungs.count(); rung++) {
            slots.add(new ArrayList<>());
            promoted.add(null);
        }
    }

    /**
     * The next evaluation this bracket wants: a promotion to the highest rung that has one waiting, else a
     * new configuration from {@code configurations} at the first rung; empty while it waits for results or
     * once it is done.
     */
    Optional<Start<G>> next(Supplier<G> configurations) {
        for (int rung = rungs.top(); rung > shape.firstRung(); rung--) {
            List<Slot<G>> chosen = promotions(rung);
            if (chosen != null && slots.get(rung).size() < chosen.size()) {
                return Optional.of(start(chosen.get(slots.get(rung).size()).genome, rung));
            }
        }
        if (slots.get(shape.firstRung()).size() < shape.size()) {
            return Optional.of(start(configurations.get(), shape.firstRung()));
        }
        return Optional.empty();
    }

    /**
     * Records the outcome of a running evaluation at {@code rung} of the network with canonical key
     * {@code key}; false when this bracket runs no such evaluation.
     *
     * @param score the primary objective (larger is better), or NaN when the trial did not complete
     */
    boolean record(String key, int rung, double score) {
        for (Slot<G> slot : slots.get(rung)) {
            if (!slot.finished && slot.key.equals(key)) {
                slot.finished = true;
                slot.score = score;
                return true;
            }
        }
        return false;
    }

    /** Whether every evaluation the bracket will ever run has finished. */
    boolean done() {
        for (int rung = shape.firstRung(); rung <= rungs.top(); rung++) {
            int expected = expected(rung);
            if (expected < 0 || !finished(rung, expected)) {
                return false;
            }
        }
        return true;
    }

    private Start<G> start(G genome, int rung) {
        slots.get(rung).add(new Slot<>(genome, keys.apply(genome)));
        return new Start<>(genome, rung);
    }

    /** How many evaluations {@code rung} runs, or -1 while that is not known yet. */
    private int expected(int rung) {
        if (rung == shape.firstRung()) {
            return shape.size();
        }
        List<Slot<G>> chosen = promotions(rung);
        return chosen == null ? -1 : chosen.size();
    }

    /** The configurations promoted to {@code rung}, or null while the rung below is still running. */
    private List<Slot<G>> promotions(int rung) {
        if (promoted.get(rung) == null) {
            int expected = expected(rung - 1);
            if (expected < 0 || !finished(rung - 1, expected)) {
                return null;
            }
            List<Slot<G>> complete = new ArrayList<>();
            for (Slot<G> slot : slots.get(rung - 1)) {
                if (Double.isFinite(slot.score)) {
                    complete.add(slot);
                }
            }
            // a stable sort: equal scores keep their starting order
            complete.sort(Comparator.comparingDouble((Slot<G> slot) -> slot.score).reversed());
            int quota = shape.quota(rung, rungs.eta());
            promoted.set(rung, List.copyOf(complete.subList(0, Math.min(quota, complete.size()))));
        }
        return promoted.get(rung);
    }

    private boolean finished(int rung, int expected) {
        List<Slot<G>> started = slots.get(rung);
        return started.size() == expected && started.stream().allMatch(slot -> slot.finished);
    }

    /** An evaluation to start: a genome at a rung. */
    record Start<G>(G genome, int rung) {
    }

    private static final class Slot<G> {
        final G genome;
        final String key;
        boolean finished;
        double score = Double.NaN;

        Slot(G genome, String key) {
            this.genome = genome;
            this.key = key;
        }
    }
}
