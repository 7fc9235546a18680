package io.nas4j.backend.djl;

import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingBackend.TrainingReport;
import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradients flow through every op, in 2D and in 3D: a network that uses all of them (even kernels,
 * strides, padding, zero, concat, upsampling, the gate, fusion, dropout, and a detection head off the
 * path to the output) trains on bars, stacked into volumes for 3D, and its loss falls.
 */
class EveryOpTrainsTest {

    private static final DjlBackend BACKEND = new DjlBackend();

    @ParameterizedTest(name = "{0}d")
    @ValueSource(ints = {2, 3})
    void aNetworkOfEveryOpTrains(int spatialDims) {
        ArrayDataset train = data(spatialDims, "train", 240, 1);
        ArrayDataset validation = data(spatialDims, "validation", 60, 2);
        NetworkSpec spec = everyOp(train.inputShape(), spatialDims);
        TrainingPlan plan = new TrainingPlan(4, 24, TrainingPlan.Optimizer.ADAM, 5e-3, 0.9, 0,
                TrainingPlan.Schedule.CONSTANT, 1.0, 3);

        try (TrainingBackend.Model model = BACKEND.compile(spec)) {
            float[] before = BACKEND.predict(model, validation)[0];
            TrainingReport report = BACKEND.train(model, train, validation, plan, TrainingBackend.EpochMonitor.none());

            assertThat(report.trainLoss()).allSatisfy(loss -> assertThat(loss).isFinite());
            assertThat(report.trainLoss().get(3)).isLessThan(report.trainLoss().get(0));
            assertThat(BACKEND.predict(model, validation)[0]).isNotEqualTo(before);
        }
    }

    private static NetworkSpec everyOp(Shape input, int d) {
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String conv = builder.add("conv", new Op.Conv(d, 8, 3, 1, 1, 1, true), NetworkSpec.INPUT);
        String depthwise = builder.add("depthwise", new Op.DepthwiseConv(d, 4, 2, 2, false), conv);
        String norm = builder.add("bn", new Op.BatchNorm(), depthwise);
        String relu6 = builder.add("relu6", new Op.Activation(Op.Activation.Function.RELU6), norm);
        String max = builder.add("max", new Op.Pool(Op.PoolKind.MAX, d, 2, 1), relu6);
        String avg = builder.add("avg", new Op.Pool(Op.PoolKind.AVG, d, 3, 1), relu6);
        String sum = builder.add("sum", new Op.Add(), max, avg);
        String zero = builder.add("zero", new Op.Zero(1), sum);
        String identity = builder.add("identity", new Op.Identity(), sum);
        String joined = builder.add("concat", new Op.Concat(), sum, zero, identity);
        String up = builder.add("up", new Op.Upsample(2), joined);
        String grouped = builder.add("grouped", new Op.Conv(d, 8, 2, 1, 1, 8, false), up);
        String gating = builder.add("gating", new Op.Conv(d, 6, 1, 1, 1, 1, false), conv);
        String gate = builder.add("gate", new Op.AttentionGate(4), grouped, gating);
        builder.add("unused_detection", new Op.DetectionHead(2, 1), gate);
        String fused = builder.add("fusion", new Op.MultiScaleFusion(8), gate, joined);
        String elu = builder.add("elu", new Op.Activation(Op.Activation.Function.ELU), fused);
        String strided = builder.add("strided", new Op.Conv(d, 8, 3, 2, 2, 1, false), elu);
        String tanh = builder.add("tanh", new Op.Activation(Op.Activation.Function.TANH), strided);
        String sigmoid = builder.add("sigmoid", new Op.Activation(Op.Activation.Function.SIGMOID), strided);
        String mixed = builder.add("mixed", new Op.Add(), tanh, sigmoid);
        String pooled = builder.add("global", new Op.GlobalPool(Op.PoolKind.AVG), mixed);
        String maxPooled = builder.add("global_max", new Op.GlobalPool(Op.PoolKind.MAX), elu);
        String features = builder.add("features", new Op.Concat(), pooled, maxPooled);
        String dropped = builder.add("dropout", new Op.Dropout(0.1), features);
        String flat = builder.add("flatten", new Op.Flatten(), dropped);
        String logits = builder.add("logits", new Op.Linear(Bars.CLASSES, true), flat);
        return builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    /** Bars images, or for 3D volumes of four slices of one image each (the bar runs through the depth). */
    private static ArrayDataset data(int spatialDims, String split, int count, long seed) {
        ArrayDataset images = Bars.generate("bars/" + split, count, seed, 0.3);
        if (spatialDims == 2) {
            return images;
        }
        int depth = 4;
        float[] volumes = new float[count * depth * 64];
        for (int example = 0; example < count; example++) {
            for (int slice = 0; slice < depth; slice++) {
                System.arraycopy(images.inputs(), example * 64, volumes, (example * depth + slice) * 64, 64);
            }
        }
        return new ArrayDataset("volumes/" + split, Shape.of(1, depth, 8, 8), Bars.CLASSES, volumes, images.labels());
    }
}
