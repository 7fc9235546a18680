package io.nas4j.backend.tck;

import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.TrainingMemory;
import io.nas4j.core.port.TrainingBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training memory the core predicts from the IR ({@link TrainingMemory}) against what the engine takes:
 * each network trains at a small and a large batch, each in a fresh process ({@link TrainingMemoryProbe}),
 * and the growth of the process's peak resident set per extra example is compared with the predicted
 * activations per example, the part of the prediction that grows with the batch. Parameters, gradients and
 * optimiser state are allocated before the probe's baseline and do not enter the comparison. The probe's Java
 * heap has a fixed size and is touched when it starts, so that its growth does not count as the engine's. The measured
 * growth per example must lie within {@link #factor()} of the prediction either way, and a larger batch
 * must take more memory. Every figure is printed for the record ({@code docs/benchmarks.md} holds a run).
 *
 * <p>Two networks run by default; with {@code -Dnas4j.benchmark=true} all of
 * {@link TrainingMemoryProbe#NETWORKS}. Extend it once per backend with {@link #backend()}; the backend's class
 * needs a public no-argument constructor, since the probe builds it in the child process. Linux only.
 */
public abstract class TrainingMemoryConformance {

    /** The batches compared. */
    public static final int SMALL_BATCH = 32;
    public static final int LARGE_BATCH = 256;

    private static final Set<String> DEFAULT_NETWORKS = Set.of("small-cnn-64", "residual-3x48");
    /**
     * glibc's allocator in the probe: every block of 64 KB or more mapped on its own and unmapped when freed,
     * and nothing kept for reuse, so that memory freed before the baseline is not reused unseen afterwards.
     */
    private static final String ALLOCATOR = "glibc.malloc.mmap_threshold=65536:glibc.malloc.trim_threshold=0";

    private static final List<String> PASSED_PROPERTIES = List.of("ai.djl.", "nas4j.", "org.bytedeco.");

    /** The backend under test. */
    protected abstract TrainingBackend backend();

    /**
     * How far the measured growth per example may lie from the predicted activations per example, either way:
     * 2. Measured on this project's machine, DJL grew 1.35 to 1.5 times the prediction, TensorFlow 0.99 to 1.12.
     */
    protected double factor() {
        return 2;
    }

    /**
     * One network measured.
     *
     * @param predictedPerExample the predicted activation bytes of one example
     * @param smallGrowth         the peak's growth over a step's baseline at {@link #SMALL_BATCH}, in bytes
     * @param largeGrowth         the same at {@link #LARGE_BATCH}
     */
    public record Measurement(String backend, String network, long predictedPerExample, long smallGrowth,
                              long largeGrowth) {

        /** Bytes the process grew per extra example between the two batches. */
        public double measuredPerExample() {
            return (double) (largeGrowth - smallGrowth) / (LARGE_BATCH - SMALL_BATCH);
        }

        /** Measured over predicted. */
        public double ratio() {
            return measuredPerExample() / predictedPerExample;
        }

        /** The growth at {@link #LARGE_BATCH} over the predicted activations of that batch. */
        public double largeBatchRatio() {
            return (double) largeGrowth / ((double) predictedPerExample * LARGE_BATCH);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s: predicted %.1f kB per example, measured %.1f kB per example"
                            + " (growth %.1f MB at batch %d, %.1f MB at batch %d), measured/predicted %.2f per example,"
                            + " %.2f at batch %d", backend, network, predictedPerExample / 1e3, measuredPerExample() / 1e3,
                    smallGrowth / 1e6, SMALL_BATCH, largeGrowth / 1e6, LARGE_BATCH, ratio(), largeBatchRatio(), LARGE_BATCH);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"small-cnn-64", "residual-3x48", "small-cnn-16", "plain-4x32"})
    @EnabledOnOs(OS.LINUX)
    void theProcessGrowsPerExampleAsThePredictedActivationsDo(String network) throws Exception {
        Assumptions.assumeTrue(DEFAULT_NETWORKS.contains(network) || Boolean.getBoolean("nas4j.benchmark"),
                network + " is measured with -Dnas4j.benchmark=true");

        Measurement measured = measure(backend(), network);

        System.out.println(measured);
        assertThat(measured.largeGrowth()).as("a larger batch takes more memory").isGreaterThan(measured.smallGrowth());
        assertThat(measured.ratio()).as(measured.toString()).isBetween(1 / factor(), factor());
    }

    /** Measures {@code network} of {@link TrainingMemoryProbe#NETWORKS} on {@code backend} at both batches. */
    public static Measurement measure(TrainingBackend backend, String network) throws IOException, InterruptedException {
        long predicted = TrainingMemory.of(NetworkAnalysis.of(TrainingMemoryProbe.NETWORKS.get(network)), 1, 2)
                .activationBytesPerExample();
        long small = growth(backend, network, SMALL_BATCH);
        long large = growth(backend, network, LARGE_BATCH);
        return new Measurement(backend.name(), network, predicted, small, large);
    }

    private static long growth(TrainingBackend backend, String network, int batch) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms384m", "-Xmx384m", "-XX:+AlwaysPreTouch"));
        System.getProperties().stringPropertyNames().stream().sorted()
                .filter(name -> PASSED_PROPERTIES.stream().anyMatch(name::startsWith))
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TrainingMemoryProbe.class.getName(),
                backend.getClass().getName(), network, Integer.toString(batch)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GLIBC_TUNABLES", ALLOCATOR);
        Process probe = builder.start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(10, TimeUnit.MINUTES)).as("the probe finished").isTrue();
        assertThat(probe.exitValue()).as(output).isZero();
        String line = output.lines().filter(text -> text.startsWith("growth_kb=")).reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("the probe printed no growth: " + output));
        return Long.parseLong(line.substring("growth_kb=".length()).strip()) * 1024;
    }
}
