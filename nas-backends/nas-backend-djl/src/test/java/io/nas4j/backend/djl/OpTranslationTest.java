package io.nas4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Every op of the IR compiles, its DJL output shape per example is the analysis's, in training and in
 * inference mode, and its trainable parameters and buffers are the ones the IR counts (the model checks
 * both at compile time and throws otherwise).
 */
class OpTranslationTest {

    private static final DjlBackend BACKEND = new DjlBackend();

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

    @ParameterizedTest(name = "kernel {0}")
    @CsvSource({"3", "2", "4"})
    void averagePoolingLeavesPaddingOutOfTheMean(int kernel) {
        NetworkSpec spec = single(Shape.of(1, 3, 3), new Op.Pool(Op.PoolKind.AVG, 2, kernel, 1));
        float[] output = predictOne(spec, filled(9, 2f));
        assertThat(output).hasSize(9).containsOnly(2f);
    }

    @ParameterizedTest(name = "kernel {0}")
    @CsvSource({"3", "2", "4"})
    void maxPoolingNeverPicksPadding(int kernel) {
        NetworkSpec spec = single(Shape.of(1, 3, 3), new Op.Pool(Op.PoolKind.MAX, 2, kernel, 1));
        float[] output = predictOne(spec, filled(9, -3f));
        assertThat(output).hasSize(9).containsOnly(-3f);
    }

    @Test
    void evenKernelsPadTheExtraElementAtTheEnd() {
        // A 2x2 max pool with stride 1 on a 2x1 row [1, 5]: "same" pads one element after, so the
        // windows are [1, 5] and [5, pad]: both 5. Padding before would give [pad, 1] = 1 first.
        NetworkSpec spec = single(Shape.of(1, 1, 2), new Op.Pool(Op.PoolKind.MAX, 2, 2, 1));
        assertThat(predictOne(spec, new float[] {1f, 5f})).containsExactly(5f, 5f);
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
        assertThatThrownBy(() -> BACKEND.compile(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too_early");
    }

    // --- helpers

    private static NetworkSpec single(Shape input, Op op) {
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String node = builder.add(op.kind(), op, NetworkSpec.INPUT);
        return builder.build(node, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    private static void assertTranslates(NetworkSpec spec) {
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        try (DjlModel model = (DjlModel) BACKEND.compile(spec)) {
            assertThat(model.parameterCount()).isEqualTo(analysis.parameters());
            long[] expected = OpBlocks.batched(analysis.outputShape(), 2).getShape();
            assertThat(outputShape(model, false)).as("inference output shape").containsExactly(expected);
            assertThat(outputShape(model, true)).as("training output shape").containsExactly(expected);
        }
    }

    private static long[] outputShape(DjlModel model, boolean training) {
        try (NDManager manager = model.model().getNDManager().newSubManager()) {
            NDArray input = manager.randomUniform(-1, 1, OpBlocks.batched(model.spec().input(), 2));
            NDArray output = model.block()
                    .forward(new ParameterStore(manager, false), new NDList(input), training)
                    .singletonOrThrow();
            return output.getShape().getShape();
        }
    }

    private static float[] predictOne(NetworkSpec spec, float[] input) {
        try (var model = BACKEND.compile(spec)) {
            return BACKEND.predict(model, ArrayDataset.of(spec.input(), 2, 1, index -> input[index]))[0];
        }
    }

    private static float[] filled(int count, float value) {
        float[] values = new float[count];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
