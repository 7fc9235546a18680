package io.nas4j.backend.tensorflow;

import io.nas4j.backend.tck.ArrayDataset;
import io.nas4j.backend.tck.Bars;
import io.nas4j.backend.tck.Networks;
import io.nas4j.core.estimate.ZeroCostProxies;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A double-precision pass (synflow's) computes the same function as the float pass training builds, with
 * the same gradients, although it builds some ops differently (TensorFlow has no double {@code MaxPool3D},
 * {@code AvgPool3D} or grouped 2D filter gradient): checked on a network of every op without batch norm.
 */
class ForwardPassPrecisionTest {

    @ParameterizedTest(name = "{0}d")
    @ValueSource(ints = {2, 3})
    void theDoublePassComputesTheFloatPassesValuesAndGradients(int spatialDims) {
        ArrayDataset data = spatialDims == 2 ? Bars.generate("bars", 6, 0, 0.3) : Bars.volumes("volumes", 6, 0, 0.3, 4);
        NetworkSpec spec = ZeroCostProxies.withoutBatchNorm(Networks.everyOp(data.inputShape(), spatialDims));
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        TensorFlowRuntime.load();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Parameters parameters = new Parameters(tf);
            long[] dims = new long[spec.input().rank() + 1];
            dims[0] = -1;
            for (int axis = 0; axis < spec.input().rank(); axis++) {
                dims[axis + 1] = spec.input().dims().get(axis);
            }
            Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(dims)));
            List<io.nas4j.core.network.Node> nodes = TensorFlowModel.liveNodes(spec);
            ForwardPass<TFloat32> single = new ForwardPass<>(tf, TFloat32.class, spec, analysis.shapes(), parameters,
                    TensorFlowModel.prefixes(spec), nodes, input, false, null);
            ForwardPass<TFloat64> precise = new ForwardPass<>(tf, TFloat64.class, spec, analysis.shapes(), parameters,
                    TensorFlowModel.prefixes(spec), nodes, input, false, null);
            Operand<TFloat32> singleSum = tf.sum(single.output(), tf.constant(new int[] {0, 1}));
            Operand<TFloat64> preciseSum = tf.sum(precise.output(), tf.constant(new int[] {0, 1}));
            List<String> weights = parameters.all().stream()
                    .filter(entry -> entry.kind() == Parameters.Kind.WEIGHT
                            && TensorFlowModel.gradientReach(spec).contains(entry.node()))
                    .map(Parameters.Entry::name).toList();
            Output<?>[] singleGradients = graph.addGradients(singleSum.asOutput(),
                    weights.stream().map(name -> single.reads().get(name).asOutput()).toArray(Output<?>[]::new));
            Output<?>[] preciseGradients = graph.addGradients(preciseSum.asOutput(),
                    weights.stream().map(name -> precise.reads().get(name).asOutput()).toArray(Output<?>[]::new));
            float[] examples = new float[Math.toIntExact(data.size() * data.inputShape().elements())];
            data.copyInputs(new int[] {0, 1, 2, 3, 4, 5}, examples);
            dims[0] = data.size();

            try (Session session = new Session(graph, TensorFlowRuntime.singleRunConfig());
                 TFloat32 x = TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(examples, true, false))) {
                parameters.initialize(session, new SplittableRandom(1));
                Session.Runner runner = session.runner().feed(input, x).fetch(single.output()).fetch(precise.output());
                for (int index = 0; index < weights.size(); index++) {
                    runner.fetch(singleGradients[index]).fetch(preciseGradients[index]);
                }
                try (Result result = runner.run()) {
                    assertClose(doubles(result.get(0)), doubles(result.get(1)));
                    for (int index = 0; index < weights.size(); index++) {
                        assertClose(doubles(result.get(2 + 2 * index)), doubles(result.get(3 + 2 * index)));
                    }
                }
            }
            assertThat(weights).hasSizeGreaterThan(3);
        }
    }

    private static void assertClose(double[] single, double[] precise) {
        assertThat(precise).hasSameSizeAs(single);
        double scale = 0;
        for (double value : precise) {
            scale = Math.max(scale, Math.abs(value));
        }
        assertThat(scale).isPositive();
        for (int index = 0; index < single.length; index++) {
            assertThat(single[index]).isCloseTo(precise[index], within(1e-4 * scale));
        }
    }

    private static double[] doubles(Tensor tensor) {
        List<Double> values = new ArrayList<>();
        if (tensor instanceof TFloat64 doubles) {
            double[] array = new double[Math.toIntExact(tensor.shape().size())];
            doubles.copyTo(DataBuffers.of(array, false, false));
            return array;
        }
        float[] array = new float[Math.toIntExact(tensor.shape().size())];
        ((TFloat32) tensor).copyTo(DataBuffers.of(array, false, false));
        for (float value : array) {
            values.add((double) value);
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
