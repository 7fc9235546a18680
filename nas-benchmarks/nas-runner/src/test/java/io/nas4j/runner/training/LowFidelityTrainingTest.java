package io.nas4j.runner.training;

import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.core.estimate.CurveStopping;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Incumbent;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Low fidelities and learning-curve stopping on live training: the embedded digits, the chain space and
 * DJL, with small networks and few epochs.
 */
class LowFidelityTrainingTest {

    private static final TrainingSearch SEARCH = new TrainingSearch(Map.of("djl", new DjlBackend()),
            Strategies.installed());

    @TempDir
    Path folder;

    private static TrainingSearchSpecBuilder digits() {
        return TrainingSearchSpec.builder().space("chain").seed(3).training(4, 1, 64, 0.002);
    }

    /** The genome with the fewest multiply-adds among a few samples with 1,000 parameters or more: quick to train. */
    private static <G extends Genome> G small(TrainingSearch.Job<G> job) {
        SearchSpace<G> space = job.space();
        SplittableRandom random = new SplittableRandom(11);
        return IntStream.range(0, 12).mapToObj(i -> space.sample(random))
                .filter(genome -> NetworkAnalysis.of(space.decode(genome, job.task().head())).valid()
                        && NetworkAnalysis.of(space.decode(genome, job.task().head())).parameters() >= 1_000)
                .min(Comparator.comparingLong(genome -> NetworkAnalysis.of(space.decode(genome, job.task().head())).macs()))
                .orElseThrow();
    }

    @Test
    void aTrialTrainsForTheEpochsItsFidelityAsks() throws Exception {
        TrainingSearch.Job<?> job = SEARCH.job(digits().build());

        TrialResult two = estimate(job, Fidelity.of(2), null);
        TrialResult full = estimate(job, Fidelity.FULL, null);

        assertThat(two.state()).as(two.reason()).isEqualTo(TrialState.COMPLETE);
        assertThat(two.curve()).hasSize(2);
        assertThat(two.cost()).isEqualTo(2);
        assertThat(full.curve()).hasSize(4);
    }

    @Test
    void aNarrowerNetworkTrainsWhileTheArchitecturesSizeIsReported() throws Exception {
        TrainingSearch.Job<?> job = SEARCH.job(digits().widthMultiplier(0.5).build());

        TrialResult result = estimate(job, Fidelity.of(1), null);

        assertThat(result.state()).as(result.reason()).isEqualTo(TrialState.COMPLETE);
        assertThat(result.metrics().get("trained_params")).isLessThan(result.metrics().get("params"));
        assertThat(result.metrics().get("accuracy")).isBetween(0.0, 1.0);
    }

    @Test
    void aHopelessCurveStopsEarlyAndCompletesWithItsPartialCurve() throws Exception {
        // a learning rate this small leaves the network near chance: the curve is flat and far below 0.99
        TrainingSearch.Job<?> job = SEARCH.job(digits().training(10, 1, 64, 1e-7).earlyStop("curve").build());

        TrialResult stopped = estimate(job, Fidelity.FULL, new Incumbent("accuracy", 0.99, 0));
        TrialResult unopposed = estimate(job, Fidelity.of(3), null);

        assertThat(stopped.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(stopped.curve()).hasSize(CurveStopping.DEFAULT_MIN_EPOCHS);
        assertThat(stopped.cost()).isEqualTo(CurveStopping.DEFAULT_MIN_EPOCHS);
        assertThat(stopped.metrics()).containsEntry("stopped_early", 1.0).containsKey("predicted_accuracy");
        assertThat(stopped.reason()).startsWith("stopped after 3 of 10 epochs").contains("incumbent's 0.9900");
        assertThat(unopposed.metrics()).containsEntry("stopped_early", 0.0);
        assertThat(unopposed.reason()).isEmpty();
    }

    @Test
    void successiveHalvingTrainsEachTrialAtItsRungsEpochs() {
        TrainingSearchSpec spec = digits().strategy("successive-halving", Map.of()).budget(5, 0).training(3, 1, 64, 0.002)
                .maxMacs(20_000_000).build();

        TrainingSearch.Outcome outcome = SEARCH.run(spec, TrainingSearch::inProcess, TrainingSearch.memoryStore(),
                new SearchListener() { }, folder);

        List<TrialRecord> trials = outcome.search().trials();
        assertThat(trials).hasSize(5);
        assertThat(trials).extracting(TrialRecord::fidelity).containsOnly(1.0, 3.0).contains(3.0);
        assertThat(trials).filteredOn(trial -> trial.state() == TrialState.COMPLETE).isNotEmpty().allSatisfy(trial -> {
            assertThat(trial.curve()).hasSize((int) trial.fidelity());
            assertThat(trial.cost()).isEqualTo(trial.fidelity());
        });
        assertThat(outcome.search().best().orElseThrow().trial().fidelity()).isEqualTo(3.0);
    }

    private static <G extends Genome> TrialResult estimate(TrainingSearch.Job<G> job, Fidelity fidelity,
                                                           Incumbent incumbent) throws Exception {
        Trial<G> trial = new Trial<>(1, small(job), fidelity, 1);
        return job.estimator().estimate(incumbent == null ? trial : trial.withIncumbent(incumbent));
    }
}
