package io.nas4j.strategies.oneshot;

import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.supernet.PathGenome;
import io.nas4j.core.supernet.SupernetPathSpace;
import io.nas4j.strategies.evolution.RegularizedEvolution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Regularized evolution over the subnets of a trained supernet, each scored by its validation accuracy with
 * inherited weights (batch norm recalibrated on training batches), as single-path one-shot searches after
 * training. Subnets a {@code feasible} test rejects (a parameter or multiply-add limit) are told to the
 * strategy as failed without being evaluated and do not count against the budget.
 */
public final class InheritedWeightEvolution {

    /** Metric name under which candidates are ranked. */
    public static final String ACCURACY = "accuracy";

    /** At most this many proposals per evaluation before a tight limit is given up on. */
    private static final int PROPOSALS_PER_EVALUATION = 50;

    private InheritedWeightEvolution() {
    }

    /**
     * How candidates are scored and how long to search.
     *
     * @param budget             subnets evaluated, at least 1
     * @param population         regularized evolution's population
     * @param sample             its tournament size
     * @param calibrationBatches training batches that recalibrate batch norm before each evaluation
     * @param batchSize          examples per calibration batch
     * @param seed               the evolution's seed
     */
    public record Settings(int budget, int population, int sample, int calibrationBatches, int batchSize, long seed) {
        public Settings {
            if (budget < 1) {
                throw new IllegalArgumentException("budget must be at least 1, got " + budget);
            }
        }
    }

    /** A scored subnet: its path, inherited-weight validation accuracy, parameters and multiply-adds. */
    public record Candidate(int[] path, String description, double accuracy, long parameters, long macs) {
        public Candidate {
            path = path.clone();
        }
    }

    /** The best feasible subnet (null when none was feasible) and every evaluated one, in order. */
    public record Outcome(Candidate best, List<Candidate> evaluated) {
        public Outcome {
            evaluated = List.copyOf(evaluated);
        }
    }

    /** Single-path one-shot's search: regularized evolution scoring subnets with inherited weights. */
    public static Outcome search(SupernetBackend.Supernet supernet, Dataset validation, Dataset calibration,
                                 Settings settings, Predicate<NetworkAnalysis> feasible) {
        Objects.requireNonNull(supernet, "supernet");
        SupernetPathSpace space = new SupernetPathSpace(supernet.spec());
        int population = Math.max(1, Math.min(settings.population(), settings.budget()));
        int sample = Math.max(1, Math.min(settings.sample(), population));
        return search(supernet, validation, calibration, settings, feasible, new RegularizedEvolution<>(space,
                Objective.maximize(ACCURACY), new SplittableRandom(settings.seed()), population, sample));
    }

    /**
     * Any ask/tell strategy over the supernet's paths ({@link SupernetPathSpace}), each proposal scored with
     * the weights it inherits: the supernet as an estimator. Each observation carries the metrics
     * {@value #ACCURACY} (inherited-weight validation accuracy), {@code params} and {@code flops} (the core's
     * counts of the subnet), so a multi-objective strategy can trade them off. Only {@link Settings#budget},
     * the calibration and the batch size of {@code settings} apply here; the strategy has its own seed.
     */
    public static Outcome search(SupernetBackend.Supernet supernet, Dataset validation, Dataset calibration,
                                 Settings settings, Predicate<NetworkAnalysis> feasible,
                                 SearchStrategy<PathGenome> strategy) {
        Objects.requireNonNull(supernet, "supernet");
        Objects.requireNonNull(strategy, "strategy");
        SupernetPathSpace space = new SupernetPathSpace(supernet.spec());
        List<Candidate> evaluated = new ArrayList<>();
        long trial = 0;
        int proposals = 0;
        while (evaluated.size() < settings.budget() && proposals < settings.budget() * PROPOSALS_PER_EVALUATION) {
            Proposal<PathGenome> proposal = strategy.ask(1).get(0);
            proposals++;
            int[] path = space.choices(proposal.genome());
            NetworkAnalysis analysis = NetworkAnalysis.of(supernet.spec().discrete(path));
            if (!analysis.valid() || !feasible.test(analysis)) {
                strategy.tell(new Observation<>(trial++, proposal.genome(), proposal.fidelity(), TrialState.FAILED, Map.of(), 0));
                continue;
            }
            double accuracy = supernet.evaluatePath(path, validation, calibration, settings.calibrationBatches(),
                    settings.batchSize()).accuracy();
            evaluated.add(new Candidate(path, space.format(proposal.genome()), accuracy, analysis.parameters(),
                    analysis.macs()));
            strategy.tell(new Observation<>(trial++, proposal.genome(), proposal.fidelity(), TrialState.COMPLETE,
                    Map.of(ACCURACY, accuracy, "params", (double) analysis.parameters(), "flops", (double) analysis.macs()), 1));
        }
        Candidate best = evaluated.stream().max(Comparator.comparingDouble(Candidate::accuracy)).orElse(null);
        return new Outcome(best, evaluated);
    }
}
