package io.nas4j.backend.tensorflow;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Conv3D gradient registered from Java agrees with central finite differences of the forward op, for
 * the input and the filter, with and without stride and padding.
 */
class Conv3dGradientTest {

    private static final long[] INPUT = {1, 4, 5, 3, 2};
    private static final long[] FILTER = {3, 2, 3, 2, 3};
    private static final float STEP = 1e-2f;

    @ParameterizedTest(name = "stride {0} padding {1}")
    @CsvSource({"1, VALID", "1, SAME", "2, SAME", "2, VALID"})
    void gradientsMatchFiniteDifferences(int stride, String padding) {
        TensorFlowRuntime.load();
        SplittableRandom random = new SplittableRandom(stride * 31L + padding.length());
        float[] input = gaussian(random, size(INPUT));
        float[] filter = gaussian(random, size(FILTER));
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(INPUT)));
            Placeholder<TFloat32> w = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(FILTER)));
            Operand<TFloat32> y = tf.nn.conv3d(x, w, List.of(1L, (long) stride, (long) stride, (long) stride, 1L), padding);
            // a fixed, non-uniform weighting of the outputs, so that every output contributes differently
            Operand<TFloat32> weighted = tf.math.mul(y, tf.math.sin(tf.dtypes.cast(
                    tf.reshape(tf.range(tf.constant(0), tf.size(y), tf.constant(1)), tf.shape(y)), TFloat32.class)));
            Operand<TFloat32> loss = tf.sum(tf.reshape(weighted, tf.constant(new int[] {-1})), tf.constant(0));
            Output<?>[] gradients = graph.addGradients(loss.asOutput(), new Output<?>[] {x.asOutput(), w.asOutput()});
            try (Session session = new Session(graph)) {
                float[][] analytic = new float[2][];
                try (TFloat32 inputs = tensor(INPUT, input); TFloat32 filters = tensor(FILTER, filter);
                     Result result = session.runner().feed(x, inputs).feed(w, filters)
                             .fetch(gradients[0]).fetch(gradients[1]).run()) {
                    analytic[0] = values((TFloat32) result.get(0), input.length);
                    analytic[1] = values((TFloat32) result.get(1), filter.length);
                }
                for (int probe = 0; probe < 12; probe++) {
                    int inputIndex = random.nextInt(input.length);
                    assertThat(analytic[0][inputIndex]).as("d loss / d input[%d]", inputIndex)
                            .isCloseTo(numeric(session, x, w, loss, input, filter, inputIndex, true), within(2e-2f));
                    int filterIndex = random.nextInt(filter.length);
                    assertThat(analytic[1][filterIndex]).as("d loss / d filter[%d]", filterIndex)
                            .isCloseTo(numeric(session, x, w, loss, input, filter, filterIndex, false), within(2e-2f));
                }
            }
        }
    }

    private static float numeric(Session session, Placeholder<TFloat32> x, Placeholder<TFloat32> w, Operand<TFloat32> loss,
                                 float[] input, float[] filter, int index, boolean ofInput) {
        float[] varied = (ofInput ? input : filter).clone();
        float original = varied[index];
        varied[index] = original + STEP;
        float plus = evaluate(session, x, w, loss, ofInput ? varied : input, ofInput ? filter : varied);
        varied[index] = original - STEP;
        float minus = evaluate(session, x, w, loss, ofInput ? varied : input, ofInput ? filter : varied);
        return (plus - minus) / (2 * STEP);
    }

    private static float evaluate(Session session, Placeholder<TFloat32> x, Placeholder<TFloat32> w,
                                  Operand<TFloat32> loss, float[] input, float[] filter) {
        try (TFloat32 inputs = tensor(INPUT, input); TFloat32 filters = tensor(FILTER, filter);
             Result result = session.runner().feed(x, inputs).feed(w, filters).fetch(loss).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    private static TFloat32 tensor(long[] shape, float[] values) {
        return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
    }

    private static float[] values(TFloat32 tensor, int count) {
        float[] values = new float[count];
        tensor.copyTo(DataBuffers.of(values, false, false));
        return values;
    }

    private static float[] gaussian(SplittableRandom random, int count) {
        float[] values = new float[count];
        for (int index = 0; index < count; index++) {
            values[index] = (float) random.nextGaussian();
        }
        return values;
    }

    private static int size(long[] shape) {
        long size = 1;
        for (long extent : shape) {
            size *= extent;
        }
        return Math.toIntExact(size);
    }
}
