package io.nas4j.backend.tck;

import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingBackend.TrainingReport;
import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradients flow through every op, in 2D and in 3D: a network that uses all of them
 * ({@link Networks#everyOp}) trains on bars, stacked into volumes for 3D, and its loss falls.
 *
 * <p>Extend it once per backend with {@link #backend()}.
 */
public abstract class EveryOpTrainsConformance {

    /** The backend under test; may return the same instance every time. */
    protected abstract TrainingBackend backend();

    @ParameterizedTest(name = "{0}d")
    @ValueSource(ints = {2, 3})
    void aNetworkOfEveryOpTrains(int spatialDims) {
        ArrayDataset train = data(spatialDims, "train", 240, 1);
        ArrayDataset validation = data(spatialDims, "validation", 60, 2);
        NetworkSpec spec = Networks.everyOp(train.inputShape(), spatialDims);
        TrainingPlan plan = new TrainingPlan(4, 24, TrainingPlan.Optimizer.ADAM, 5e-3, 0.9, 0,
                TrainingPlan.Schedule.CONSTANT, 1.0, 3);

        try (TrainingBackend.Model model = backend().compile(spec)) {
            float[] before = backend().predict(model, validation)[0];
            TrainingReport report = backend().train(model, train, validation, plan, TrainingBackend.EpochMonitor.none());

            assertThat(report.trainLoss()).allSatisfy(loss -> assertThat(loss).isFinite());
            assertThat(report.trainLoss().get(3)).isLessThan(report.trainLoss().get(0));
            assertThat(backend().predict(model, validation)[0]).isNotEqualTo(before);
        }
    }

    private static ArrayDataset data(int spatialDims, String split, int count, long seed) {
        return spatialDims == 2
                ? Bars.generate("bars/" + split, count, seed, 0.3)
                : Bars.volumes("volumes/" + split, count, seed, 0.3, 4);
    }
}
