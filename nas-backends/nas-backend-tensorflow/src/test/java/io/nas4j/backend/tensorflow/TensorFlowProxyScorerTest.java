package io.nas4j.backend.tensorflow;

import io.nas4j.backend.tck.ArrayDataset;
import io.nas4j.backend.tck.ZeroCostProxyConformance;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.ZeroCostProxy;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The TensorFlow proxy scorer passes the zero-cost conformance kit, on 2D and volumetric networks. */
class TensorFlowProxyScorerTest extends ZeroCostProxyConformance {

    private static final TensorFlowProxyScorer SCORER = new TensorFlowProxyScorer();

    @Override
    protected ProxyScorer scorer() {
        return SCORER;
    }

    /**
     * Grad-norm sums float32 gradients from TensorFlow's CPU kernels, whose summation order is not fixed from
     * run to run: in two CI runs of this kit, two calls with the same seed differed in the 8th significant
     * digit (8.314276770 against 8.314276423). Synflow (float64) and NASWOT (binary codes) repeat exactly.
     */
    @Override
    protected double repeatTolerance(ZeroCostProxy proxy) {
        return proxy == ZeroCostProxy.GRAD_NORM ? 1e-6 : 0;
    }

    @Test
    void everyProxyScoresAVolumetricNetwork() {
        Shape input = Shape.of(1, 4, 6, 6);
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String x = builder.add("conv", Op.Conv.of3d(4, 3, 1), NetworkSpec.INPUT);
        x = builder.add("norm", new Op.BatchNorm(), x);
        x = builder.add("relu", Op.Activation.relu(), x);
        x = builder.add("pool", new Op.GlobalPool(Op.PoolKind.AVG), x);
        NetworkSpec spec = builder.build(builder.add("logits", new Op.Linear(2, true), x), Loss.SOFTMAX_CROSS_ENTROPY);
        SplittableRandom random = new SplittableRandom(4);
        int examples = 16;
        float[] values = new float[Math.toIntExact(examples * input.elements())];
        for (int index = 0; index < values.length; index++) {
            values[index] = (float) random.nextGaussian();
        }
        int[] labels = new int[examples];
        for (int index = 0; index < examples; index++) {
            labels[index] = index % 2;
        }
        ArrayDataset volumes = new ArrayDataset("volumes", input, 2, values, labels);

        assertThat(SCORER.score(spec, ZeroCostProxy.SYNFLOW, volumes, 8, 0)).isPositive().isFinite();
        assertThat(SCORER.score(spec, ZeroCostProxy.GRAD_NORM, volumes, 8, 0)).isPositive().isFinite();
        assertThat(SCORER.score(spec, ZeroCostProxy.NASWOT, volumes, 8, 0)).isFinite();
    }

    /**
     * A network of one linear layer: {@code R = sum_o (W x)_o} on the all-ones input, so {@code dR/dW = 1} and
     * synflow is the sum of {@code |W|}, computable from the initial draws alone.
     */
    @Test
    void synflowOfALinearLayerIsTheSumOfItsAbsoluteWeights() {
        Shape input = Shape.of(5);
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        NetworkSpec spec = builder.build(builder.add("logits", new Op.Linear(3, false), NetworkSpec.INPUT),
                Loss.SOFTMAX_CROSS_ENTROPY);
        ArrayDataset data = new ArrayDataset("five", input, 3, new float[10], new int[] {0, 1});
        double expected = 0;
        SplittableRandom random = new SplittableRandom(11);
        double deviation = Math.sqrt(2.0 / 5);
        for (int index = 0; index < 15; index++) {
            expected += Math.abs((float) (random.nextGaussian() * deviation));
        }

        assertThat(SCORER.score(spec, ZeroCostProxy.SYNFLOW, data, 2, 11))
                .isCloseTo(expected, within(1e-12 * expected));
    }

    /** Each call owns its graph and session, so calls from several threads need no lock and change nothing. */
    @Test
    void callsFromSeveralThreadsGiveTheScoresOfSequentialCalls() throws Exception {
        NetworkSpec spec = smallConvolutionalNetwork();
        ClassificationTask digits = ClassificationTask.digits(0);
        List<Callable<Double>> calls = new ArrayList<>();
        List<ZeroCostProxy> proxies = new ArrayList<>();
        for (ZeroCostProxy proxy : ZeroCostProxy.values()) {
            for (long seed = 0; seed < 2; seed++) {
                long chosen = seed;
                calls.add(() -> SCORER.score(spec, proxy, digits.train(), 16, chosen));
                proxies.add(proxy);
            }
        }
        List<Double> sequential = new ArrayList<>();
        for (Callable<Double> call : calls) {
            sequential.add(call.call());
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Double> concurrent = new ArrayList<>();
            for (Future<Double> result : pool.invokeAll(calls)) {
                concurrent.add(result.get());
            }

            assertThat(concurrent).hasSameSizeAs(sequential);
            for (int call = 0; call < calls.size(); call++) {
                double tolerance = repeatTolerance(proxies.get(call)) * Math.abs(sequential.get(call));
                assertThat(concurrent.get(call)).as("call %d, %s", call, proxies.get(call))
                        .isCloseTo(sequential.get(call), org.assertj.core.data.Offset.offset(tolerance));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static NetworkSpec smallConvolutionalNetwork() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(1, 8, 8));
        String x = builder.add("conv", Op.Conv.of2d(6, 3, 1), NetworkSpec.INPUT);
        x = builder.add("norm", new Op.BatchNorm(), x);
        x = builder.add("relu", Op.Activation.relu(), x);
        x = builder.add("pool", new Op.Pool(Op.PoolKind.MAX, 2, 3, 2), x);
        x = builder.add("conv2", Op.Conv.of2d(8, 3, 1), x);
        x = builder.add("relu2", Op.Activation.relu(), x);
        x = builder.add("global", new Op.GlobalPool(Op.PoolKind.AVG), x);
        return builder.build(builder.add("logits", new Op.Linear(10, true), x), Loss.SOFTMAX_CROSS_ENTROPY);
    }
}
