package io.nas4j.backend.tensorflow;

import io.nas4j.backend.tck.ArrayDataset;
import io.nas4j.backend.tck.Networks;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The translation of convolutions computes what the IR means, checked against a direct Java correlation
 * with the IR's padding: the paths where the backend helps TensorFlow (explicit padding for odd kernels with
 * a stride, dilated filters, grouped and depthwise 3D convolutions as per-group convolutions) included.
 */
class ConvolutionArithmeticTest {

    private static final TensorFlowBackend BACKEND = new TensorFlowBackend();

    @ParameterizedTest(name = "conv{0}d kernel {1} stride {2} dilation {3} groups {4} on {5}")
    @CsvSource({
            "2, 3, 1, 1, 1, 6",
            "2, 3, 2, 1, 1, 6",
            "2, 4, 2, 1, 2, 7",
            "2, 3, 2, 2, 1, 8",
            "2, 2, 1, 3, 2, 7",
            "3, 3, 2, 1, 1, 4",
            "3, 2, 1, 1, 2, 5",
            "3, 3, 1, 2, 2, 5"
    })
    void convolutionsCorrelateWithTheIrsPadding(int axes, int kernel, int stride, int dilation, int groups, int extent) {
        Shape input = axes == 2 ? Shape.of(4, extent, extent - 1) : Shape.of(4, extent, extent - 1, extent - 2);
        check(Networks.single(input, new Op.Conv(axes, 6, kernel, stride, dilation, groups, true)), kernel, stride,
                dilation, groups, false, 1);
    }

    @ParameterizedTest(name = "depthwise conv{0}d kernel {1} stride {2} multiplier {3}")
    @CsvSource({"2, 3, 2, 2", "2, 2, 1, 1", "3, 3, 2, 2", "3, 2, 1, 1"})
    void depthwiseConvolutionsCorrelateChannelByChannel(int axes, int kernel, int stride, int multiplier) {
        Shape input = axes == 2 ? Shape.of(3, 6, 5) : Shape.of(3, 4, 5, 3);
        check(Networks.single(input, new Op.DepthwiseConv(axes, kernel, stride, multiplier, true)), kernel, stride, 1,
                3, true, multiplier);
    }

    private static void check(NetworkSpec spec, int kernel, int stride, int dilation, int groups, boolean depthwise,
                              int multiplier) {
        SplittableRandom random = new SplittableRandom(kernel * 7L + stride + dilation + groups);
        Shape in = spec.input();
        float[] x = new float[Math.toIntExact(in.elements())];
        for (int index = 0; index < x.length; index++) {
            x[index] = (float) random.nextGaussian();
        }
        try (TensorFlowModel model = (TensorFlowModel) BACKEND.compile(spec)) {
            Map<String, float[]> values = new HashMap<>();
            Map<String, long[]> shapes = new HashMap<>();
            for (Parameters.Entry entry : model.parameters().all()) {
                float[] value = new float[Math.toIntExact(entry.size())];
                for (int index = 0; index < value.length; index++) {
                    value[index] = (float) random.nextGaussian();
                }
                values.put(entry.kind().name(), value);
                shapes.put(entry.kind().name(), entry.shape());
            }
            Map<String, float[]> named = new HashMap<>();
            for (Parameters.Entry entry : model.parameters().all()) {
                named.put(entry.name(), values.get(entry.kind().name()));
            }
            model.parameters().write(model.session(), named);
            float[] actual = BACKEND.predict(model, ArrayDataset.of(in, 2, 1, index -> x[index]))[0];
            float[] expected = reference(in, model.analysis().outputShape(), x, values.get("WEIGHT"),
                    shapes.get("WEIGHT"), values.get("BIAS"), kernel, stride, dilation, groups, depthwise, multiplier);
            assertThat(actual).hasSameSizeAs(expected);
            for (int index = 0; index < expected.length; index++) {
                assertThat(actual[index]).as("output %d", index).isCloseTo(expected[index], within(1e-4f));
            }
        }
    }

    /** A direct correlation, channels first, with the IR's "same" padding, in the backend's weight layout. */
    private static float[] reference(Shape in, Shape out, float[] x, float[] weight, long[] weightShape, float[] bias,
                                     int kernel, int stride, int dilation, int groups, boolean depthwise, int multiplier) {
        int axes = in.spatialDims();
        List<Integer> extents = in.dims().subList(1, in.rank());
        List<Integer> outExtents = out.dims().subList(1, out.rank());
        int[] before = new int[axes];
        for (int axis = 0; axis < axes; axis++) {
            if (kernel % 2 == 1) {
                before[axis] = dilation * (kernel - 1) / 2;
            } else {
                int outputs = (extents.get(axis) + stride - 1) / stride;
                int total = Math.max((outputs - 1) * stride + (kernel - 1) * dilation + 1 - extents.get(axis), 0);
                before[axis] = total / 2;
            }
        }
        int inChannels = in.channels();
        int outChannels = out.channels();
        int inPerGroup = inChannels / groups;
        int outPerGroup = outChannels / groups;
        int positions = Math.toIntExact(out.elements() / outChannels);
        int taps = (int) Math.pow(kernel, axes);
        float[] y = new float[Math.toIntExact(out.elements())];
        for (int o = 0; o < outChannels; o++) {
            int group = o / outPerGroup;
            for (int position = 0; position < positions; position++) {
                int[] outIndex = unravel(position, outExtents);
                double sum = bias[o];
                for (int i = 0; i < inPerGroup; i++) {
                    int c = group * inPerGroup + i;
                    for (int tap = 0; tap < taps; tap++) {
                        int[] tapIndex = unravel(tap, java.util.Collections.nCopies(axes, kernel));
                        int flat = 0;
                        boolean inside = true;
                        for (int axis = 0; axis < axes; axis++) {
                            int coordinate = outIndex[axis] * stride - before[axis] + tapIndex[axis] * dilation;
                            inside &= coordinate >= 0 && coordinate < extents.get(axis);
                            flat = flat * extents.get(axis) + coordinate;
                        }
                        if (!inside) {
                            continue;
                        }
                        float input = x[c * positionsOf(extents) + flat];
                        sum += input * weight[weightIndex(weightShape, tapIndex, i, o, c, depthwise, axes, multiplier)];
                    }
                }
                y[o * positions + position] = (float) sum;
            }
        }
        return y;
    }

    /** Index into the backend's weights: {@code [k.., in/groups, out]}, depthwise 2D {@code [k, k, in, multiplier]}. */
    private static int weightIndex(long[] shape, int[] tap, int i, int o, int c, boolean depthwise, int axes,
                                   int multiplier) {
        int index = 0;
        for (int axis = 0; axis < axes; axis++) {
            index = index * (int) shape[axis] + tap[axis];
        }
        if (depthwise && axes == 2) {
            return (index * (int) shape[2] + c) * (int) shape[3] + o % multiplier;
        }
        return (index * (int) shape[axes] + i) * (int) shape[axes + 1] + o;
    }

    private static int positionsOf(List<Integer> extents) {
        int product = 1;
        for (int extent : extents) {
            product *= extent;
        }
        return product;
    }

    private static int[] unravel(int flat, List<Integer> extents) {
        int[] index = new int[extents.size()];
        for (int axis = extents.size() - 1; axis >= 0; axis--) {
            index[axis] = flat % extents.get(axis);
            flat /= extents.get(axis);
        }
        return index;
    }
}
