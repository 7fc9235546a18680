package io.nas4j.backend.djl;

import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native memory does not grow with trials: many compile-train-evaluate-close cycles in one JVM keep the
 * resident set within a bound once the engine and allocator have warmed up. A per-batch leak (arrays
 * outside a batch manager) or a per-trial one (model, trainer, optimiser state) would grow it by tens
 * of megabytes per cycle.
 */
class ResidentMemoryTest {

    private static final int WARM_UP = 5;
    private static final int CYCLES = 30;
    private static final long BOUND_MB = 150;

    @Test
    @EnabledOnOs(OS.LINUX)
    void repeatedTrainingKeepsTheResidentSetBounded() throws IOException {
        DjlBackend backend = new DjlBackend();
        ArrayDataset train = Bars.generate("bars/train", 300, 1, 0.3);
        ArrayDataset validation = Bars.generate("bars/validation", 100, 2, 0.3);
        NetworkSpec spec = Networks.smallCnn(Bars.SHAPE, 32, Bars.CLASSES, Loss.SOFTMAX_CROSS_ENTROPY);
        TrainingPlan plan = new TrainingPlan(2, 32, TrainingPlan.Optimizer.SGD, 0.05, 0.9, 1e-4,
                TrainingPlan.Schedule.COSINE, 1.0, 1);
        long warm = 0;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            try (TrainingBackend.Model model = backend.compile(spec)) {
                backend.train(model, train, validation, plan.withSeed(cycle), TrainingBackend.EpochMonitor.none());
                backend.evaluate(model, validation);
            }
            if (cycle == WARM_UP) {
                warm = residentMegabytes();
            }
        }
        long last = residentMegabytes();

        System.out.printf("resident set: %d MB after %d warm-up cycles, %d MB after %d cycles (growth %d MB)%n",
                warm, WARM_UP, last, CYCLES, last - warm);
        assertThat(last - warm).isLessThan(BOUND_MB);
    }

    /** VmRSS of this process, after a garbage collection so that the Java heap is as small as it gets. */
    private static long residentMegabytes() throws IOException {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
