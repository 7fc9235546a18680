package io.nas4j.runner.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.core.UserInputException;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Strategies;
import io.nas4j.tasks.detection.DetectionEstimator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The objectives a training search is given by name, and the rule for strategies that optimise one. */
class TrainingObjectivesTest {

    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static UserInputException refused(TrainingSearchSpecBuilder builder) {
        return catchThrowableOfType(builder::build, UserInputException.class);
    }

    @Test
    void namesMayComeAsOneTextOrAsAList() {
        assertThat(TrainingObjectives.check(List.of("accuracy, params,memory_mb"))).containsExactly("accuracy", "params", "memory_mb");
        assertThat(TrainingObjectives.check(List.of("accuracy", "macs"))).containsExactly("accuracy", "macs");
    }

    @Test
    void eachNameMeansAMetricAndADirection() {
        TrainingSearchSpec spec = TrainingSearchSpec.builder().objectives("accuracy", "latency_ms", "params", "macs", "memory_mb")
                .strategy("nsga2").build();

        assertThat(TrainingObjectives.of(spec)).containsExactly(Objective.maximize("accuracy"),
                Objective.minimize("latency_ms"), Objective.minimize("params"), Objective.minimize("flops"),
                Objective.minimize("memory_mb"));
        assertThat(TrainingObjectives.of(TrainingSearchSpec.builder().task("detection").objectives("accuracy,params").build()))
                .first().isEqualTo(DetectionEstimator.MAP50);
    }

    @Test
    void aSpecWithoutObjectivesOptimisesAccuracyAloneAndTrainsThreeOfAFront() {
        TrainingSearchSpec spec = TrainingSearchSpec.builder().build();

        assertThat(spec.objectives()).containsExactly("accuracy");
        assertThat(spec.multiObjective()).isFalse();
        assertThat(spec.maxMemoryMb()).isZero();
        assertThat(spec.finalFront()).isEqualTo(3);
    }

    @Test
    void theObjectivesAndTheMemoryLimitSurviveTheTripToAWorker() throws Exception {
        TrainingSearchSpec spec = TrainingSearchSpec.builder().objectives("accuracy,memory_mb").strategy("nsga2")
                .maxMemoryMb(120.5).finalFront(2).build();

        TrainingSearchSpec read = JSON.readValue(TrainingJobFactory.configuration(spec), TrainingSearchSpec.class);

        assertThat(read).isEqualTo(spec);
        assertThat(read.objectives()).containsExactly("accuracy", "memory_mb");
    }

    @Test
    void aSpecWrittenBeforeObjectivesExistedOptimisesAccuracy() throws Exception {
        String json = TrainingJobFactory.configuration(TrainingSearchSpec.builder().build())
                .replace(",\"objectives\":[\"accuracy\"],\"maxMemoryMb\":0.0,\"finalFront\":3", "");

        TrainingSearchSpec read = JSON.readValue(json, TrainingSearchSpec.class);

        assertThat(json).doesNotContain("objectives");
        assertThat(read.objectives()).containsExactly("accuracy");
        assertThat(read.finalFront()).isEqualTo(3);
    }

    @Test
    void aStrategyThatOptimisesOneObjectiveIsRefusedWhenTheInstalledOnesAreKnown() {
        UserInputException e = refused(TrainingSearchSpec.builder().objectives("accuracy,params")
                .strategy("local-search").strategies(Strategies.installed()));

        assertThat(e.field()).contains("strategy");
        assertThat(e).hasMessage("strategy local-search optimises one objective, so it cannot search objectives"
                + " accuracy,params; choose one that keeps a Pareto front: ehvi, nsga2, random");
        assertThat(TrainingSearchSpec.builder().objectives("accuracy,params").strategy("random")
                .strategies(Strategies.installed()).build().multiObjective()).isTrue();
    }

    @Test
    void aSearchRunWithoutTheBuilderHearsTheSameRule() {
        TrainingSearchSpec spec = TrainingSearchSpec.builder().objectives("accuracy,params").build();

        UserInputException e = catchThrowableOfType(() -> TrainingObjectives.requireStrategy(spec, Strategies.installed()),
                UserInputException.class);

        assertThat(e).hasMessageStartingWith("strategy regularized-evolution optimises one objective");
    }

    @Test
    void badObjectivesAndLimitsNameTheirField() {
        assertThat(refused(TrainingSearchSpec.builder().objectives("accuracy,energy")))
                .hasMessage("objectives names 'energy', which is not an objective; allowed: accuracy, latency_ms, params,"
                        + " macs, memory_mb");
        assertThat(refused(TrainingSearchSpec.builder().objectives("params")))
                .hasMessage("objectives must be accuracy, then any of latency_ms, params, macs, memory_mb each once, got params");
        assertThat(refused(TrainingSearchSpec.builder().objectives("accuracy,")))
                .hasMessage("objectives names '', which is not an objective; allowed: accuracy, latency_ms, params, macs,"
                        + " memory_mb");
        assertThat(refused(TrainingSearchSpec.builder().maxMemoryMb(-3)))
                .hasMessage("maxMemoryMb must be a positive number of megabytes, got -3; leave it out for no limit");
        assertThat(refused(TrainingSearchSpec.builder().maxMemoryMb(Double.NaN)))
                .hasMessage("maxMemoryMb must be a positive number of megabytes, got NaN; leave it out for no limit");
        assertThat(refused(TrainingSearchSpec.builder().objectives("accuracy,params").strategy("nsga2").finalFront(0)))
                .hasMessage("finalFront must be at least 1, got 0");
    }
}
