package io.nas4j.backend.djl;

import ai.djl.pytorch.jni.JniUtils;
import io.nas4j.backend.tck.ArrayDataset;
import io.nas4j.backend.tck.Networks;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The step time of small reference CNNs (batch 64, 3x32x32, 64-channel conv-bn-relu layers, global pool,
 * linear to 10 classes) on the engine's thread setting; prints the numbers. Run on demand, on a quiet
 * machine: {@code mvn -pl nas-backends/nas-backend-djl -am test -Dtest=StepTimeBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dnas4j.benchmark=true}. With {@code -Dnas4j.benchmark.profile=DIR}
 * PyTorch's profiler records one more run of each network and writes its Chrome trace to
 * {@code DIR/djl-pooled-BOOLEAN.json}, where the time per operator can be read.
 */
@EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
class StepTimeBenchmarkTest {

    private static final Shape INPUT = Shape.of(3, 32, 32);

    /** {@code pooled}: conv, 2x2 max pool, conv (the second conv at 16x16); otherwise both convs at 32x32. */
    @ParameterizedTest(name = "pooled {0}")
    @ValueSource(booleans = {false, true})
    void smallCnnStepTime(boolean pooled) {
        NetworkSpec.Builder builder = NetworkSpec.builder(INPUT);
        String features = Networks.convBnRelu(builder, "block1", NetworkSpec.INPUT, 64);
        if (pooled) {
            features = builder.add("pool", new Op.Pool(Op.PoolKind.MAX, 2, 2, 2), features);
        }
        features = Networks.convBnRelu(builder, "block2", features, 64);
        String logits = new ClassificationHead(INPUT, 10).attach(builder, features);
        NetworkSpec spec = builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY);

        int examples = 64 * 10;
        SplittableRandom random = new SplittableRandom(1);
        float[] values = new float[Math.toIntExact(examples * INPUT.elements())];
        for (int index = 0; index < values.length; index++) {
            values[index] = (float) random.nextDouble(-1, 1);
        }
        int[] labels = random.ints(examples, 0, 10).toArray();
        ArrayDataset data = new ArrayDataset("random/32x32", INPUT, 10, values, labels);
        TrainingPlan plan = new TrainingPlan(1, 64, TrainingPlan.Optimizer.SGD, 0.05, 0.9, 5e-4,
                TrainingPlan.Schedule.COSINE, 1.0, 1);

        DjlBackend backend = new DjlBackend();
        try (TrainingBackend.Model model = backend.compile(spec)) {
            backend.train(model, data, data, plan, TrainingBackend.EpochMonitor.none());
            for (int run = 1; run <= 3; run++) {
                double msPerStep = backend.train(model, data, data, plan, TrainingBackend.EpochMonitor.none()).msPerStep();
                System.out.printf("small CNN (batch 64, 3x32x32, 64 ch, pooled %s, %.1f MMAC per example), run %d: "
                                + "%.1f ms per step, threads %s%n", pooled, NetworkAnalysis.of(spec).macs() / 1e6, run,
                        msPerStep, System.getProperty("ai.djl.pytorch.num_threads"));
                assertThat(msPerStep).isPositive();
            }
            String profile = System.getProperty("nas4j.benchmark.profile");
            if (profile != null) {
                JniUtils.startProfile(false, true, false);
                backend.train(model, data, null, plan, TrainingBackend.EpochMonitor.none());
                JniUtils.stopProfile(Path.of(profile, "djl-pooled-" + pooled + ".json").toString());
            }
            TrainingBackend.Latency latency = backend.measureLatency(model, 10, 50);
            System.out.printf("latency batch 1: median %.2f ms, p90 %.2f ms%n", latency.medianMs(), latency.p90Ms());
        }
    }
}
