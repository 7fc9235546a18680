package io.nas4j.strategies.multifidelity;

import io.nas4j.core.genome.Genome;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs brackets one after another, overlapping them only when needed: the next evaluation comes from the
 * oldest unfinished bracket that has one to start, and a new bracket opens only when every open bracket is
 * waiting for results (as HpBandSter does for BOHB). Asked one at a time and told at once, this is exactly
 * sequential successive halving or Hyperband; with parallel workers nobody idles.
 */
final class BracketScheduler<G extends Genome> {

    private final Rungs rungs;
    private final BracketSchedule schedule;
    private final Function<G, String> keys;
    private final List<Bracket<G>> open = new ArrayList<>();
    private int opened;

    BracketScheduler(Rungs rungs, BracketSchedule schedule, Function<G, String> keys) {
        this.rungs = Objects.requireNonNull(rungs, "rungs");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The next evaluation; new configurations come from {@code configurations}. */
    Bracket.Start<G> next(Supplier<G> configurations) {
        for (Bracket<G> bracket : open) {
            Optional<Bracket.Start<G>> start = bracket.next(configurations);
            if (start.isPresent()) {
                return start.get();
            }
        }
        Bracket<G> bracket = new Bracket<>(schedule.shape(opened++), rungs, keys);
        open.add(bracket);
        // a new bracket always has a first configuration to start
        return bracket.next(configurations).orElseThrow();
    }

    /** Records an outcome; see {@link Bracket#record}. Outcomes no open bracket waits for are ignored. */
    void record(String key, int rung, double score) {
        for (Bracket<G> bracket : open) {
            if (bracket.record(key, rung, score)) {
                break;
            }
        }
        open.removeIf(Bracket::done);
    }
}
