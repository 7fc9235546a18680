package io.nas4j.runner.training;

import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.space.DetectorSpace;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a worker process builds from a detection search's configuration. */
class DetectionJobFactoryTest {

    @Test
    void aWorkerRebuildsTheDetectorSpaceOfTheSearch() throws Exception {
        TrainingSearchSpec spec = new TrainingSearchSpec(DetectionSearch.TASK, DetectionData.DIGIT_CANVASES, null,
                DetectorSpace.NAME, "random", Map.of(), "djl", 2, 0, 0, 1, 1, 32, 0.01, "adam", 1.0, 1_000_000, 1, 0,
                20_000_000, 0.4);

        TrialRecipe.Evaluation<?> job = new DetectionJobFactory().create(TrainingJobFactory.configuration(spec));

        assertThat(job.space()).isInstanceOf(DetectorSpace.class);
        assertThat(job.space().name()).isEqualTo("detector");
    }
}
