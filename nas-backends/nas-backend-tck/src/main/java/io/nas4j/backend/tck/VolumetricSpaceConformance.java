package io.nas4j.backend.tck;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.space.VolumetricSpace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Networks of the volumetric space ({@link VolumetricSpace}), every one of its 3D ops among them, compile
 * with the parameters the core counts, predict one logit per class and train on volumes with a finite loss.
 *
 * <p>Extend it once per backend with {@link #backend()}.
 */
public abstract class VolumetricSpaceConformance {

    private static final VolumetricSpace SPACE = new VolumetricSpace();
    private static final ClassificationHead HEAD = new ClassificationHead(Shape.of(1, 12, 12, 12), 3);

    /** The backend under test; may return the same instance every time. */
    protected abstract TrainingBackend backend();

    @ParameterizedTest
    @ValueSource(strings = {
            // fusion halves an even map; the attention gate needs a projection and a pooled skip
            "conv_3x3x3/16/1 | multi_scale_fusion/16/1 | attention_skip/32/2 | depthwise_conv_3x3x3/8/1",
            // fusion on an odd map (12 -> 6 after the stem -> 3) takes the dilated branch; pooling projects channels
            "conv_5x5x5/8/2 | max_pool_3x3x3/16/1 | multi_scale_fusion/16/1 | avg_pool_3x3x3/32/2",
            // identity as itself, as a strided projection, and the gate without a projection
            "identity/16/1 | identity/16/2 | attention_skip/16/1 | max_pool_3x3x3/16/2"
    })
    void volumetricNetworksCompileWithTheCoresCountsAndTrain(String genome) {
        NetworkSpec spec = SPACE.decode(SPACE.parse(genome), HEAD);
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        ArrayDataset data = ArrayDataset.of(HEAD.input(), 3, 24, index -> Math.sin(index * 0.37));
        TrainingPlan plan = new TrainingPlan(2, 8, TrainingPlan.Optimizer.ADAM, 1e-3, 0.9, 0,
                TrainingPlan.Schedule.CONSTANT, 1.0, 5);

        try (TrainingBackend.Model model = backend().compile(spec)) {
            assertThat(model.parameterCount()).isEqualTo(analysis.parameters());
            float[][] logits = backend().predict(model, data);
            assertThat(logits).hasNumberOfRows(24);
            assertThat(logits[0]).hasSize(3);
            TrainingBackend.TrainingReport report = backend().train(model, data, null, plan,
                    TrainingBackend.EpochMonitor.none());
            assertThat(report.trainLoss()).hasSize(2).allSatisfy(loss -> assertThat(loss).isFinite());
        }
    }
}
