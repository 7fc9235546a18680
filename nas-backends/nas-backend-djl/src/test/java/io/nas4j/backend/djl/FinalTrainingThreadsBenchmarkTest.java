package io.nas4j.backend.djl;

import io.nas4j.backend.tck.ArrayDataset;
import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.space.ChainSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The final training's step time with one and two PyTorch threads, on the machine as it is and with one busy
 * process beside it ({@code yes}), with OpenMP's threads waiting passively, by default (spinning a while) and
 * actively. The network is the one the 30-minute Fashion-MNIST search trained last (docs/benchmarks.md,
 * 1x28x28, 5.8 M multiply-adds, batch 64). PyTorch fixes its thread count and OpenMP its wait policy per
 * process, so every setting trains in a JVM of its own ({@link #main}); settings alternate within a round so
 * that all see the same load. Run on demand: {@code mvn -pl nas-backends/nas-backend-djl -am test
 * -Dtest=FinalTrainingThreadsBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false -Dnas4j.benchmark=true}
 * ({@code -Dnas4j.benchmark.rounds=N}, default 2; {@code -Dnas4j.benchmark.busy=N} busy processes instead of one;
 * {@code -Dnas4j.benchmark.settings=REGEX} only the settings whose names it finds, e.g. {@code PASSIVE$};
 * {@code -Dnas4j.benchmark.network=digits} a digits-sized network instead, 1x8x8 and 64 channels, whose
 * steps take milliseconds, so that waking the second thread weighs more).
 */
@EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
class FinalTrainingThreadsBenchmarkTest {

    private static final int BATCH = 64;
    private static final Pattern RESULT = Pattern.compile("ms per step ([\\d.]+)");

    /** One process's settings: PyTorch threads, OpenMP wait policy (null: unset), inter-op threads, JVM options. */
    private record Setting(String name, int threads, String waitPolicy, int interopThreads, List<String> jvmOptions) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("1 thread, PASSIVE", 1, "PASSIVE", 1, List.of()),
            new Setting("2 threads, PASSIVE", 2, "PASSIVE", 1, List.of()),
            new Setting("2 threads, policy unset", 2, null, 1, List.of()),
            new Setting("2 threads, ACTIVE", 2, "ACTIVE", 1, List.of()),
            new Setting("2 threads, PASSIVE, 2 inter-op", 2, "PASSIVE", 2, List.of()),
            new Setting("2 threads, PASSIVE, serial GC", 2, "PASSIVE", 1, List.of("-XX:+UseSerialGC")));

    @Test
    void stepTimeByThreadsAndLoad() throws Exception {
        int rounds = Integer.getInteger("nas4j.benchmark.rounds", 2);
        int busyProcesses = Integer.getInteger("nas4j.benchmark.busy", 1);
        Pattern chosen = Pattern.compile(System.getProperty("nas4j.benchmark.settings", ""));
        List<Setting> settings = SETTINGS.stream().filter(setting -> chosen.matcher(setting.name()).find()).toList();
        String busyName = busyProcesses == 1 ? "one busy process" : busyProcesses + " busy processes";
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (boolean busy : new boolean[] {false, true}) {
                List<Process> load = new ArrayList<>();
                for (int process = 0; busy && process < busyProcesses; process++) {
                    load.add(new ProcessBuilder("yes").redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                }
                try {
                    for (Setting setting : settings) {
                        String loadAverage = Files.readString(Path.of("/proc/loadavg")).trim();
                        double ms = train(setting);
                        String key = (busy ? busyName : "no added load") + " | " + setting.name();
                        results.computeIfAbsent(key, k -> new ArrayList<>()).add(ms);
                        System.out.printf("round %d | %s | %.1f ms per step | load %s%n", round, key, ms, loadAverage);
                        assertThat(ms).isPositive();
                    }
                } finally {
                    for (Process process : load) {
                        process.destroy();
                        process.waitFor();
                    }
                }
            }
        }
        System.out.println("load | setting | ms per step, each round");
        results.forEach((key, times) -> System.out.println(key + " | " + times));
    }

    /** Milliseconds per step of a child JVM with {@code setting}. */
    private static double train(Setting setting) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dai.djl.pytorch.num_threads=" + setting.threads(),
                "-Dai.djl.pytorch.num_interop_threads=" + setting.interopThreads()));
        command.addAll(setting.jvmOptions());
        for (String property : List.of("ai.djl.offline", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "nas4j.djl.cache")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FinalTrainingThreadsBenchmarkTest.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The surefire fork fixes OMP_NUM_THREADS to 1; the child's thread count is the setting's alone.
        builder.environment().remove("OMP_NUM_THREADS");
        builder.environment().remove("OMP_WAIT_POLICY");
        if (setting.waitPolicy() != null) {
            builder.environment().put("OMP_WAIT_POLICY", setting.waitPolicy());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        Matcher matcher = RESULT.matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /** The network of the 30-minute Fashion-MNIST search's final training (run 4 in docs/benchmarks.md). */
    static NetworkSpec fashionMnistNetwork() {
        Shape input = Shape.of(1, 28, 28);
        ChainGenome genome = ChainGenome.of(
                new ChainGenome.Layer("identity", "skip", 64, 1),
                new ChainGenome.Layer("conv_3x3", "skip", 32, 2),
                new ChainGenome.Layer("max_pool_3x3", "series", 32, 2),
                new ChainGenome.Layer("conv_5x5", "series", 32, 1),
                new ChainGenome.Layer("depthwise_conv_5x5", "series", 64, 1),
                new ChainGenome.Layer("identity", "parallel", 32, 2));
        return ChainSpace.forInput(input).decode(genome, new ClassificationHead(input, 10));
    }

    /** A network of the digits searches' size: 8x8 inputs, three 64-channel convolutions. */
    static NetworkSpec digitsNetwork() {
        Shape input = Shape.of(1, 8, 8);
        ChainGenome genome = ChainGenome.of(
                new ChainGenome.Layer("conv_3x3", "series", 64, 1),
                new ChainGenome.Layer("conv_3x3", "skip", 64, 1),
                new ChainGenome.Layer("conv_3x3", "series", 64, 2));
        return ChainSpace.forInput(input).decode(genome, new ClassificationHead(input, 10));
    }

    /** Child process: trains the network for the warm-up and the timed steps and prints the timed steps' mean. */
    public static void main(String[] args) {
        boolean digits = "digits".equals(System.getProperty("nas4j.benchmark.network"));
        NetworkSpec spec = digits ? digitsNetwork() : fashionMnistNetwork();
        Shape input = spec.input();
        int warmupSteps = digits ? 50 : 20;
        int timedSteps = digits ? 200 : 40;
        int examples = BATCH * timedSteps;
        SplittableRandom random = new SplittableRandom(1);
        float[] values = new float[Math.toIntExact(examples * input.elements())];
        for (int index = 0; index < values.length; index++) {
            values[index] = (float) random.nextDouble();
        }
        int[] labels = random.ints(examples, 0, 10).toArray();
        ArrayDataset data = new ArrayDataset("random", input, 10, values, labels);
        TrainingPlan plan = new TrainingPlan(1, BATCH, TrainingPlan.Optimizer.SGD, 0.05, 0.9, 5e-4,
                TrainingPlan.Schedule.COSINE, 1.0, 1);
        DjlBackend backend = new DjlBackend();
        try (TrainingBackend.Model model = backend.compile(spec)) {
            backend.train(model, data, null, plan.withDataFraction((double) warmupSteps / timedSteps),
                    TrainingBackend.EpochMonitor.none());
            double ms = backend.train(model, data, null, plan, TrainingBackend.EpochMonitor.none()).msPerStep();
            System.out.printf("%.1f M MACs, %d parameters, ms per step %.1f%n", NetworkAnalysis.of(spec).macs() / 1e6,
                    NetworkAnalysis.of(spec).parameters(), ms);
        }
    }
}
