package io.nas4j.backend.tck;

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
 * Native memory does not grow with trials: {@value #TRAININGS} sequential compile-train-evaluate-close
 * cycles in one JVM, as a search worker runs them, keep the resident set within
 * {@link #growthBoundMegabytes()} of what it was after {@value #WARM_UP} cycles (engine and allocator warm).
 * A per-batch leak (tensors not freed) or a per-trial one (model, session, optimiser state) grows it by
 * tens of megabytes per cycle. The figures are printed for the record.
 *
 * <p>Extend it once per backend with {@link #backend()}.
 */
public abstract class ResidentMemoryConformance {

    public static final int TRAININGS = 20;
    public static final int WARM_UP = 5;

    /** The backend under test; may return the same instance every time. */
    protected abstract TrainingBackend backend();

    /** How much the resident set may grow from cycle {@value #WARM_UP} to cycle {@value #TRAININGS}. */
    protected long growthBoundMegabytes() {
        return 150;
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void twentySequentialTrainingsKeepTheResidentSetBounded() throws IOException {
        ArrayDataset train = Bars.generate("bars/train", 300, 1, 0.3);
        ArrayDataset validation = Bars.generate("bars/validation", 100, 2, 0.3);
        NetworkSpec spec = Networks.smallCnn(Bars.SHAPE, 32, Bars.CLASSES, Loss.SOFTMAX_CROSS_ENTROPY);
        TrainingPlan plan = new TrainingPlan(2, 32, TrainingPlan.Optimizer.SGD, 0.05, 0.9, 1e-4,
                TrainingPlan.Schedule.COSINE, 1.0, 1);
        long start = residentMegabytes();
        long warm = 0;
        for (int cycle = 1; cycle <= TRAININGS; cycle++) {
            TrainingPlan seeded = plan.withSeed(cycle);
            if (cycle % 2 == 0) {
                seeded = new TrainingPlan(2, 32, TrainingPlan.Optimizer.ADAM, 1e-2, 0.9, 1e-4,
                        TrainingPlan.Schedule.COSINE, 1.0, cycle);
            }
            try (TrainingBackend.Model model = backend().compile(spec)) {
                backend().train(model, train, validation, seeded, TrainingBackend.EpochMonitor.none());
                backend().evaluate(model, validation);
                backend().predict(model, validation);
            }
            if (cycle == WARM_UP) {
                warm = residentMegabytes();
            }
        }
        long last = residentMegabytes();

        System.out.printf("%s: resident set %d MB before, %d MB after %d warm-up trainings, %d MB after %d "
                        + "(growth %d MB, bound %d MB)%n", backend().name(), start, warm, WARM_UP, last, TRAININGS,
                last - warm, growthBoundMegabytes());
        assertThat(last - warm).isLessThan(growthBoundMegabytes());
    }

    /** VmRSS of this process, after a garbage collection so that the Java heap is as small as it gets. */
    public static long residentMegabytes() throws IOException {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
