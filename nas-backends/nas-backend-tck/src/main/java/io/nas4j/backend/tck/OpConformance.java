package io.nas4j.backend.tck;

import io.nas4j.core.network.AnchorSet;
import io.nas4j.core.network.DetectionLoss;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.TrainingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.nas4j.backend.tck.Networks.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Every op of the IR compiles; the backend's output shape for a batch is the core's shape inference, in
 * training and in inference mode; its trainable parameters are the ones the IR counts; and the ops whose
 * result is easy to state (activations, pools at the border, zero, add, concat, flatten, upsampling,
 * global pools) compute it.
 *
 * <p>Extend it once per backend: {@link #backend()} and {@link #outputShape}, which reaches into the
 * backend to run one forward pass in the asked mode (the port has no training-mode forward pass).
 */
public abstract class OpConformance {

    /** The backend under test; may return the same instance every time. */
    protected abstract TrainingBackend backend();

    /**
     * The shape of the network's output for {@code batch} examples {@code inputs} (channels first, the
     * batch axis first), from a forward pass in training mode ({@code training}) or inference mode.
     */
    protected abstract long[] outputShape(TrainingBackend.Model model, float[] inputs, int batch, boolean training);

    @ParameterizedTest(name = "conv2d kernel {0} stride {1} dilation {2} groups {3} bias {4} on {5}x{5}")
    @CsvSource({
            "3, 1, 1, 1, false, 8",
            "3, 2, 1, 1, true, 7",
            "1, 2, 1, 1, false, 5",
            "2, 1, 1, 1, false, 7",
            "4, 2, 1, 2, true, 9",
            "5, 2, 2, 1, false, 8",
            "2, 2, 2, 4, true, 6",
            "7, 1, 1, 1, false, 3"
    })
    void conv2dMatchesTheAnalysis(int kernel, int stride, int dilation, int groups, boolean bias, int size) {
        Op conv = new Op.Conv(2, 8, kernel, stride, dilation, groups, bias);
        assertTranslates(single(Shape.of(4, size, size), conv));
    }

    @ParameterizedTest(name = "conv3d kernel {0} stride {1} groups {2} bias {3}")
    @CsvSource({
            "3, 1, 1, false",
            "3, 2, 2, true",
            "2, 2, 1, false",
            "1, 1, 1, true",
            "5, 1, 1, false",
            "4, 2, 2, true"
    })
    void conv3dMatchesTheAnalysis(int kernel, int stride, int groups, boolean bias) {
        Op conv = new Op.Conv(3, 4, kernel, stride, 1, groups, bias);
        assertTranslates(single(Shape.of(2, 3, 5, 6), conv));
    }

    @Test
    void dilatedConv3dMatchesTheAnalysis() {
        assertTranslates(single(Shape.of(2, 5, 6, 7), new Op.Conv(3, 4, 3, 2, 2, 2, true)));
    }

    @ParameterizedTest(name = "depthwise conv{0}d kernel {1} stride {2} multiplier {3} bias {4}")
    @CsvSource({
            "2, 3, 1, 1, false",
            "2, 3, 2, 2, true",
            "2, 4, 1, 1, false",
            "2, 2, 2, 3, true",
            "3, 3, 1, 2, false",
            "3, 2, 2, 1, true"
    })
    void depthwiseConvMatchesTheAnalysis(int spatialDims, int kernel, int stride, int multiplier, boolean bias) {
        Shape input = spatialDims == 2 ? Shape.of(3, 7, 6) : Shape.of(3, 4, 5, 3);
        assertTranslates(single(input, new Op.DepthwiseConv(spatialDims, kernel, stride, multiplier, bias)));
    }

    @Test
    void batchNormHasTwoParametersAndTwoBuffersPerChannel() {
        for (Shape input : List.of(Shape.of(5, 4, 4), Shape.of(5, 2, 3, 4), Shape.of(5))) {
            NetworkSpec spec = single(input, new Op.BatchNorm());
            assertTranslates(spec);
            assertThat(NetworkAnalysis.of(spec).buffers()).isEqualTo(10);
        }
    }

    @Test
    void anUntrainedBatchNormIsTheIdentityAtInference() {
        // gamma 1, beta 0, running mean 0, running variance 1: y = x / sqrt(1 + eps)
        NetworkSpec spec = single(Shape.of(2, 2, 2), new Op.BatchNorm());
        float[] input = {1f, -2f, 3f, 4f, 0.5f, 6f, -7f, 8f};
        float[] output = predictOne(spec, input);
        for (int index = 0; index < input.length; index++) {
            assertThat(output[index]).isCloseTo(input[index], within(1e-3f));
        }
    }

    @ParameterizedTest
    @EnumSource(Op.Activation.Function.class)
    void activationsComputeTheirFunction(Op.Activation.Function function) {
        float[] inputs = {-2f, -0.5f, 0f, 0.5f, 3f, 10f};
        NetworkSpec spec = single(Shape.of(6), new Op.Activation(function));
        float[] output = predictOne(spec, inputs);
        for (int index = 0; index < inputs.length; index++) {
            double x = inputs[index];
            double expected = switch (function) {
                case RELU -> Math.max(0, x);
                case RELU6 -> Math.min(6, Math.max(0, x));
                case SIGMOID -> 1 / (1 + Math.exp(-x));
                case TANH -> Math.tanh(x);
                case ELU -> x > 0 ? x : Math.exp(x) - 1;
            };
            assertThat((double) output[index]).as("%s(%s)", function, x).isCloseTo(expected, within(1e-5));
        }
    }

    @ParameterizedTest(name = "{0} pool {1}d kernel {2} stride {3}")
    @CsvSource({
            "MAX, 2, 3, 1", "MAX, 2, 3, 2", "MAX, 2, 2, 2", "MAX, 2, 4, 1", "MAX, 2, 5, 3",
            "AVG, 2, 3, 1", "AVG, 2, 3, 2", "AVG, 2, 2, 2", "AVG, 2, 4, 1",
            "MAX, 3, 3, 2", "MAX, 3, 2, 2", "AVG, 3, 3, 1", "AVG, 3, 2, 1",
            "AVG, 3, 5, 1", "MAX, 3, 5, 2", "AVG, 3, 4, 2", "AVG, 2, 7, 1"
    })
    void poolsMatchTheAnalysis(Op.PoolKind kind, int spatialDims, int kernel, int stride) {
        Shape input = spatialDims == 2 ? Shape.of(2, 7, 6) : Shape.of(2, 3, 5, 4);
        assertTranslates(single(input, new Op.Pool(kind, spatialDims, kernel, stride)));
    }

    @ParameterizedTest(name = "kernel {0} stride {1}")
    @CsvSource({"3, 1", "2, 1", "4, 1", "3, 2", "5, 2"})
    void averagePoolingLeavesPaddingOutOfTheMean(int kernel, int stride) {
        NetworkSpec spec = single(Shape.of(1, 4, 3), new Op.Pool(Op.PoolKind.AVG, 2, kernel, stride));
        float[] output = predictOne(spec, filled(12, 2f));
        assertThat(output).hasSize(stride == 1 ? 12 : 4);
        for (float value : output) {
            assertThat(value).isCloseTo(2f, within(1e-6f));
        }
    }

    @ParameterizedTest(name = "kernel {0} stride {1}")
    @CsvSource({"3, 1", "2, 1", "4, 1", "3, 2", "5, 2"})
    void maxPoolingNeverPicksPadding(int kernel, int stride) {
        NetworkSpec spec = single(Shape.of(1, 4, 3), new Op.Pool(Op.PoolKind.MAX, 2, kernel, stride));
        float[] output = predictOne(spec, filled(12, -3f));
        assertThat(output).hasSize(stride == 1 ? 12 : 4).containsOnly(-3f);
    }

    @Test
    void evenKernelsPadTheExtraElementAtTheEnd() {
        // A 2x2 max pool with stride 1 on a 2x1 row [1, 5]: "same" pads one element after, so the
        // windows are [1, 5] and [5, pad]: both 5. Padding before would give [pad, 1] = 1 first.
        NetworkSpec spec = single(Shape.of(1, 1, 2), new Op.Pool(Op.PoolKind.MAX, 2, 2, 1));
        assertThat(predictOne(spec, new float[] {1f, 5f})).containsExactly(5f, 5f);
    }

    @Test
    void oddKernelsWithAStridePadSymmetrically() {
        // A 3-wide max pool with stride 2 along rows [1, 9, 2, 3]: one element of padding on each side gives
        // the windows [pad, 1, 9] and [9, 2, 3]: 9 and 9. Padding only at the end (TensorFlow's own rule
        // for this size) would give [1, 9, 2] and [2, 3, pad]: 9 and 3.
        NetworkSpec spec = single(Shape.of(1, 2, 4), new Op.Pool(Op.PoolKind.MAX, 2, 3, 2));
        assertThat(predictOne(spec, new float[] {1f, 9f, 2f, 3f, 1f, 9f, 2f, 3f})).containsExactly(9f, 9f);
    }

    @Test
    void globalPoolsReduceEverySpatialAxis() {
        float[] values = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f};
        NetworkSpec average = single(Shape.of(2, 2, 2), new Op.GlobalPool(Op.PoolKind.AVG));
        NetworkSpec maximum = single(Shape.of(1, 2, 2, 2), new Op.GlobalPool(Op.PoolKind.MAX));
        assertTranslates(average);
        assertTranslates(maximum);
        assertThat(predictOne(average, values)).containsExactly(2.5f, 6.5f);
        assertThat(predictOne(maximum, values)).containsExactly(8f);
    }

    @Test
    void identityPassesItsInputThrough() {
        NetworkSpec spec = single(Shape.of(2, 2), new Op.Identity());
        assertTranslates(spec);
        assertThat(predictOne(spec, new float[] {1f, -2f, 3f, 4f})).containsExactly(1f, -2f, 3f, 4f);
    }

    @ParameterizedTest(name = "stride {0}")
    @CsvSource({"1", "2"})
    void zeroOutputsZerosOfTheStridedShape(int stride) {
        NetworkSpec spec = single(Shape.of(3, 5, 5), new Op.Zero(stride));
        assertTranslates(spec);
        float[] output = predictOne(spec, filled(75, 1f));
        assertThat(output).hasSize(stride == 1 ? 75 : 27).containsOnly(0f);
    }

    @Test
    void addSumsItsInputs() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(2, 3, 3));
        String a = builder.add("a", new Op.Identity(), NetworkSpec.INPUT);
        String b = builder.add("b", new Op.Activation(Op.Activation.Function.RELU), NetworkSpec.INPUT);
        String sum = builder.add("sum", new Op.Add(), a, b, NetworkSpec.INPUT);
        NetworkSpec spec = builder.build(sum, Loss.SOFTMAX_CROSS_ENTROPY);
        assertTranslates(spec);
        float[] output = predictOne(spec, filled(18, -1f));
        assertThat(output).hasSize(18).containsOnly(-2f);
    }

    @Test
    void concatJoinsChannelsInInputOrder() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(1, 2, 2));
        String zero = builder.add("zero", new Op.Zero(1), NetworkSpec.INPUT);
        String joined = builder.add("concat", new Op.Concat(), NetworkSpec.INPUT, zero, NetworkSpec.INPUT);
        NetworkSpec spec = builder.build(joined, Loss.SOFTMAX_CROSS_ENTROPY);
        assertTranslates(spec);
        assertThat(predictOne(spec, new float[] {1f, 2f, 3f, 4f}))
                .containsExactly(1f, 2f, 3f, 4f, 0f, 0f, 0f, 0f, 1f, 2f, 3f, 4f);
    }

    @Test
    void flattenKeepsTheChannelsFirstOrder() {
        NetworkSpec spec = single(Shape.of(2, 2, 3), new Op.Flatten());
        assertTranslates(spec);
        float[] input = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f};
        assertThat(predictOne(spec, input)).containsExactly(input);
    }

    @Test
    void flattenThenLinearMatchTheAnalysis() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(3, 4, 5));
        String flat = builder.add("flatten", new Op.Flatten(), NetworkSpec.INPUT);
        String hidden = builder.add("hidden", new Op.Linear(7, false), flat);
        String logits = builder.add("logits", new Op.Linear(3, true), hidden);
        assertTranslates(builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY));
    }

    @Test
    void dropoutIsTheIdentityAtInference() {
        NetworkSpec spec = single(Shape.of(4), new Op.Dropout(0.5));
        assertTranslates(spec);
        assertThat(predictOne(spec, new float[] {1f, 2f, 3f, 4f})).containsExactly(1f, 2f, 3f, 4f);
    }

    @Test
    void upsampleRepeatsNearestNeighbours() {
        NetworkSpec flat = single(Shape.of(1, 2, 2), new Op.Upsample(2));
        assertTranslates(flat);
        assertThat(predictOne(flat, new float[] {1f, 2f, 3f, 4f})).containsExactly(
                1f, 1f, 2f, 2f,
                1f, 1f, 2f, 2f,
                3f, 3f, 4f, 4f,
                3f, 3f, 4f, 4f);
        assertTranslates(single(Shape.of(2, 2, 3, 1), new Op.Upsample(3)));
    }

    @ParameterizedTest(name = "{0}d")
    @CsvSource({"2", "3"})
    void attentionGateMatchesTheAnalysis(int spatialDims) {
        Shape x = spatialDims == 2 ? Shape.of(4, 6, 6) : Shape.of(4, 3, 4, 4);
        NetworkSpec.Builder builder = NetworkSpec.builder(x);
        String gating = builder.add("gating", new Op.Conv(spatialDims, 6, 3, 1, 1, 1, false), NetworkSpec.INPUT);
        String gate = builder.add("gate", new Op.AttentionGate(5), NetworkSpec.INPUT, gating);
        assertTranslates(builder.build(gate, Loss.SOFTMAX_CROSS_ENTROPY));
    }

    @Test
    void attentionGateScalesItsInputByAMapInZeroToOne() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(2, 3, 3));
        String gate = builder.add("gate", new Op.AttentionGate(4), NetworkSpec.INPUT, NetworkSpec.INPUT);
        NetworkSpec spec = builder.build(gate, Loss.SOFTMAX_CROSS_ENTROPY);
        float[] output = predictOne(spec, filled(18, 1f));
        for (float value : output) {
            assertThat(value).isBetween(0f, 1f);
        }
    }

    @ParameterizedTest(name = "{0}d")
    @CsvSource({"2", "3"})
    void multiScaleFusionMatchesTheAnalysis(int spatialDims) {
        Shape input = spatialDims == 2 ? Shape.of(3, 8, 8) : Shape.of(3, 4, 4, 4);
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String coarse = builder.add("coarse", new Op.Conv(spatialDims, 5, 3, 2, 1, 1, false), NetworkSpec.INPUT);
        String fine = builder.add("fine", new Op.Upsample(2), NetworkSpec.INPUT);
        String fused = builder.add("fusion", new Op.MultiScaleFusion(6), NetworkSpec.INPUT, coarse, fine);
        assertTranslates(builder.build(fused, Loss.SOFTMAX_CROSS_ENTROPY));
    }

    @ParameterizedTest(name = "{0}d")
    @CsvSource({"2", "3"})
    void detectionHeadMatchesTheAnalysis(int spatialDims) {
        Shape input = spatialDims == 2 ? Shape.of(8, 5, 5) : Shape.of(4, 3, 3, 3);
        NetworkSpec spec = single(input, new Op.DetectionHead(3, 2));
        assertTranslates(spec);
        assertThat(NetworkAnalysis.of(spec).outputShape().channels()).isEqualTo(16);
    }

    @Test
    void detectionOutputGivesOneRowPerAnchorByPositionThenAnchorAndLevelsInOrder() {
        // two levels read straight from the input: 2 anchors x (5 + 1) outputs = 12 channels at 3x2, and
        // the same 12 channels pooled to 2x1; rows (h * W + w) * A + a hold channels a * 6 .. a * 6 + 5
        Shape input = Shape.of(12, 3, 2);
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String coarse = builder.add("coarse", new Op.Pool(Op.PoolKind.MAX, 2, 2, 2), NetworkSpec.INPUT);
        AnchorSet anchors = new AnchorSet(List.of(1.0, 2.0), List.of(1.0));
        String rows = builder.add("rows", new Op.DetectionOutput(1, List.of(anchors, anchors), DetectionLoss.defaults()),
                NetworkSpec.INPUT, coarse);
        NetworkSpec spec = builder.build(rows, Loss.DETECTION);
        assertTranslates(spec);
        ArrayDataset values = ArrayDataset.of(input, 2, 1, index -> index);
        try (TrainingBackend.Model model = backend().compile(spec)) {
            float[] out = backend().predict(model, values)[0];
            assertThat(out).hasSize((6 * 2 + 2 * 2) * 6);
            for (int h = 0; h < 3; h++) {
                for (int w = 0; w < 2; w++) {
                    for (int a = 0; a < 2; a++) {
                        for (int k = 0; k < 6; k++) {
                            int row = (h * 2 + w) * 2 + a;
                            int channel = a * 6 + k;
                            assertThat(out[row * 6 + k]).as("row %d output %d", row, k).isEqualTo(channel * 6 + h * 2 + w);
                        }
                    }
                }
            }
            // the pooled level follows: its first row is anchor 0 at (0, 0), the maximum of rows 0..1 there
            assertThat(out[12 * 6]).isEqualTo(0 * 6 + 1 * 2 + 1);
        }
    }

    @Test
    void nodesOffThePathToTheOutputStillOwnTheirParameters() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(2, 4, 4));
        builder.add("unused", Op.Conv.of2d(4, 3, 1), NetworkSpec.INPUT);
        String pooled = builder.add("pool", new Op.GlobalPool(Op.PoolKind.AVG), NetworkSpec.INPUT);
        String logits = builder.add("logits", new Op.Linear(2, true), pooled);
        assertTranslates(builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY));
    }

    @Test
    void anInvalidNetworkIsRejectedNamingTheNode() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(2, 4, 4));
        String linear = builder.add("too_early", new Op.Linear(3, true), NetworkSpec.INPUT);
        NetworkSpec spec = builder.build(linear, Loss.SOFTMAX_CROSS_ENTROPY);
        assertThatThrownBy(() -> backend().compile(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too_early");
    }

    // --- helpers

    /** Compiles {@code spec} and checks its parameter count and its output shapes in both modes. */
    protected void assertTranslates(NetworkSpec spec) {
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        int batch = 2;
        long[] expected = new long[analysis.outputShape().rank() + 1];
        expected[0] = batch;
        for (int axis = 0; axis < analysis.outputShape().rank(); axis++) {
            expected[axis + 1] = analysis.outputShape().dims().get(axis);
        }
        SplittableRandom random = new SplittableRandom(1);
        float[] inputs = new float[Math.toIntExact(batch * spec.input().elements())];
        for (int index = 0; index < inputs.length; index++) {
            inputs[index] = (float) random.nextDouble(-1, 1);
        }
        try (TrainingBackend.Model model = backend().compile(spec)) {
            assertThat(model.parameterCount()).as("parameters").isEqualTo(analysis.parameters());
            assertThat(outputShape(model, inputs, batch, false)).as("inference output shape").containsExactly(expected);
            assertThat(outputShape(model, inputs, batch, true)).as("training output shape").containsExactly(expected);
            float[][] predicted = backend().predict(model, new ArrayDataset("random", spec.input(), 2, inputs,
                    new int[batch]));
            assertThat(predicted).hasDimensions(batch, Math.toIntExact(analysis.outputShape().elements()));
        }
    }

    /** The network's output for one example. */
    protected float[] predictOne(NetworkSpec spec, float[] input) {
        try (TrainingBackend.Model model = backend().compile(spec)) {
            return backend().predict(model, ArrayDataset.of(spec.input(), 2, 1, index -> input[index]))[0];
        }
    }

    protected static float[] filled(int count, float value) {
        float[] values = new float[count];
        Arrays.fill(values, value);
        return values;
    }
}
