package io.nas4j.runner.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A spec travels to worker processes as JSON; the latency limit travels with it. */
class TrainingSearchSpecJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Test
    void theLatencyLimitSurvivesTheTripToAWorker() throws Exception {
        TrainingSearchSpec spec = TrainingSearchSpec.builder().space("nb201").maxLatencyMs(2.5).build();

        TrainingSearchSpec read = JSON.readValue(TrainingJobFactory.configuration(spec), TrainingSearchSpec.class);

        assertThat(read).isEqualTo(spec);
        assertThat(read.maxLatencyMs()).isEqualTo(2.5);
    }

    @Test
    void aSpecWrittenBeforeTheLimitExistedHasNone() throws Exception {
        String json = TrainingJobFactory.configuration(TrainingSearchSpec.builder().build()).replace(",\"maxLatencyMs\":0.0", "");

        assertThat(json).doesNotContain("maxLatencyMs");
        assertThat(JSON.readValue(json, TrainingSearchSpec.class).maxLatencyMs()).isZero();
    }

    @Test
    void augmentationAndWeightDecayTravelToAWorker() throws Exception {
        TrainingSearchSpec spec = TrainingSearchSpec.builder().augment("edge-crop=2,flip").weightDecay(5e-4).build();

        TrainingSearchSpec read = JSON.readValue(TrainingJobFactory.configuration(spec), TrainingSearchSpec.class);

        assertThat(read).isEqualTo(spec);
        assertThat(read.augment()).isEqualTo("edge-crop=2,flip");
        assertThat(read.weightDecay()).isEqualTo(5e-4);
    }

    @Test
    void aSpecWrittenBeforeAugmentationExistedHasTheDataSetsDefault() throws Exception {
        String json = TrainingJobFactory.configuration(TrainingSearchSpec.builder().build())
                .replace(",\"augment\":\"none\"", "").replace(",\"weightDecay\":0.0", "");

        assertThat(json).doesNotContain("augment").doesNotContain("weightDecay");
        TrainingSearchSpec read = JSON.readValue(json, TrainingSearchSpec.class);
        assertThat(read.augment()).isEqualTo("none");
        assertThat(read.weightDecay()).isZero();
    }
}
