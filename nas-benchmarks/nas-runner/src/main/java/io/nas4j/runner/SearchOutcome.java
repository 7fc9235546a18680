package io.nas4j.runner;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.SearchResult;
import io.nas4j.runner.training.FinalTraining;
import io.nas4j.tasks.classification.ClassificationMetrics;
import io.nas4j.tasks.data.Normalization;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an {@link ArchitectureSearch} produced: every trial, the best one by the primary objective and the
 * Pareto front over all objectives, and the best architecture trained again with its test metrics and its
 * model.
 *
 * @param search the search itself: every trial in id order, the objectives, the wall time of this run
 * @param finalTraining the final training of the best architecture; empty when no trial completed
 * @param model  the trained model; empty when no trial completed
 * @param <G>    the genome type
 */
public record SearchOutcome<G extends Genome>(SearchResult<G> search, Optional<FinalTraining.Result<G>> finalTraining,
                                              Optional<TrainedModel> model) {

    static <G extends Genome> SearchOutcome<G> of(SearchResult<G> search, Optional<FinalTraining.Result<G>> trained,
                                                  TrainingBackend backend, Normalization normalization) {
        return new SearchOutcome<>(search, trained,
                trained.map(result -> new TrainedModel(result.model(), backend, normalization)));
    }

    /** The best complete trial by the primary objective; empty when none completed. */
    public Optional<TrialRecord> bestTrial() {
        return search.best().map(SearchResult.Best::trial);
    }

    /** The best architecture; empty when no trial completed. */
    public Optional<G> best() {
        return search.best().map(SearchResult.Best::genome);
    }

    /** The non-dominated complete trials over every objective (the best alone for one objective). */
    public List<TrialRecord> front() {
        return search.pareto();
    }

    /** The best trial's metrics from the search (validation accuracy, size); empty map when none completed. */
    public Map<String, Double> validation() {
        return bestTrial().map(TrialRecord::metrics).orElse(Map.of());
    }

    /** Test metrics of the best architecture after its final training. */
    public Optional<ClassificationMetrics> test() {
        return finalTraining.map(FinalTraining.Result::test);
    }

    /** The size of the best architecture's network. */
    public Optional<NetworkAnalysis> network() {
        return finalTraining.map(FinalTraining.Result::network);
    }

    /** Whether the final training was read back from the store instead of run (a finished search run again). */
    public boolean reusedFinalTraining() {
        return finalTraining.map(FinalTraining.Result::reused).orElse(false);
    }
}
