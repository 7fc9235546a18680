package io.nas4j.benchmarks.suite;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.space.SearchSpace;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A suite's problem on one data set, ready to run: what every search of the suite is built from.
 *
 * @param suite       the suite's name
 * @param dataset     the data set
 * @param space       the space searched
 * @param estimator   how trials are evaluated; thread-safe
 * @param objectives  what strategies optimise, the primary first
 * @param reported    one phrase saying what the reported value is, for reports
 * @param scoreboards a fresh scoreboard for each run
 * @param costUnit    what the estimator's cost counts, plural, for reports: {@code epochs} where it charges the
 *                    epochs behind each number
 * @param trialCost   what one trial costs at the fidelity a single-fidelity strategy gets (12 epochs on
 *                    NAS-Bench-201): the unit that turns a trial budget into a cost budget, so that curves
 *                    against cost have the checkpoints of curves against trials; positive and finite
 */
public record Benchmark<G extends Genome>(String suite, String dataset, SearchSpace<G> space,
                                          PerformanceEstimator<G> estimator, List<Objective> objectives,
                                          String reported, Supplier<Scoreboard> scoreboards, String costUnit,
                                          double trialCost) {

    public Benchmark {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(estimator, "estimator");
        objectives = List.copyOf(objectives);
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException("a benchmark needs at least one objective");
        }
        Objects.requireNonNull(reported, "reported");
        Objects.requireNonNull(scoreboards, "scoreboards");
        Objects.requireNonNull(costUnit, "costUnit");
        if (!(trialCost > 0) || Double.isInfinite(trialCost)) {
            throw new IllegalArgumentException("trialCost must be positive and finite, got " + trialCost);
        }
    }

    /** A benchmark whose estimator charges one cost unit per trial, whatever the fidelity. */
    public Benchmark(String suite, String dataset, SearchSpace<G> space, PerformanceEstimator<G> estimator,
                     List<Objective> objectives, String reported, Supplier<Scoreboard> scoreboards) {
        this(suite, dataset, space, estimator, objectives, reported, scoreboards, "trials", 1);
    }
}
