package io.nas4j.executor.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.trial.Incumbent;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.space.MacroSpace;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A recipe factory over {@link MacroSpace} whose estimator reports {@code accuracy} = the digit sum of the
 * key, the worker's pid and the thread settings it sees. The JSON configuration makes it misbehave on
 * chosen genomes: {@code failStart} (the factory throws with this message), {@code sleepMs} (every
 * trial), {@code slowOn} (sleeps a minute), {@code throwOn}, {@code haltOn} ({@code Runtime.halt(137)}),
 * {@code exitOn} ({@code System.exit(5)}), {@code crashOn} (a segmentation fault, as a native backend
 * might cause), {@code junkOn} (prints to {@code System.out} and straight to
 * file descriptor 1, as native code would). With {@code markers}, every trial first writes
 * {@code started-ID} holding the worker's pid into that directory. The metric {@code incumbent} is the value
 * of the incumbent the trial carries, or -1 without one.
 */
public final class TestJobFactory implements TrialRecipe.Factory {

    static final String ACCURACY = "accuracy";

    @Override
    public TrialRecipe.Evaluation<?> create(String configuration) throws Exception {
        JsonNode config = new ObjectMapper().readTree(configuration);
        if (config.has("failStart")) {
            throw new IllegalStateException(config.get("failStart").asText());
        }
        MacroSpace space = new MacroSpace();
        long sleep = config.path("sleepMs").asLong(0);
        String markers = config.path("markers").asText(null);
        PerformanceEstimator<MacroGenome> estimator = trial -> {
            String key = space.format(trial.genome());
            if (markers != null) {
                Path marker = Path.of(markers, "started-" + trial.id());
                Path partial = Path.of(markers, "partial-" + trial.id());
                Files.writeString(partial, Long.toString(ProcessHandle.current().pid()));
                Files.move(partial, marker, StandardCopyOption.ATOMIC_MOVE);
            }
            if (key.equals(config.path("haltOn").asText())) {
                Runtime.getRuntime().halt(137);
            }
            if (key.equals(config.path("exitOn").asText())) {
                System.exit(5);
            }
            if (key.equals(config.path("crashOn").asText())) {
                crash();
            }
            if (key.equals(config.path("throwOn").asText())) {
                throw new IllegalStateException("cannot evaluate " + key);
            }
            if (key.equals(config.path("junkOn").asText())) {
                printJunk();
            }
            Thread.sleep(key.equals(config.path("slowOn").asText()) ? 60_000 : sleep);
            return TrialResult.complete(Map.of(
                    ACCURACY, (double) digitSum(key),
                    "pid", (double) ProcessHandle.current().pid(),
                    "ompThreads", number(System.getenv("OMP_NUM_THREADS")),
                    "mklThreads", number(System.getenv("MKL_NUM_THREADS")),
                    "djlThreads", number(System.getProperty("ai.djl.pytorch.num_threads")),
                    "ompPassive", "PASSIVE".equals(System.getenv("OMP_WAIT_POLICY")) ? 1.0 : 0.0,
                    "incumbent", trial.incumbent().map(Incumbent::value).orElse(-1.0)), 1);
        };
        return new TrialRecipe.Evaluation<>(space, estimator);
    }

    static int digitSum(String key) {
        return key.chars().map(c -> c - '0').sum();
    }

    private static void printJunk() throws IOException {
        System.out.println("{\"id\": 0, \"state\": \"COMPLETE\" -- a job printing what looks like protocol");
        System.out.flush();
        // Never closed: closing it would close the worker's standard output.
        FileOutputStream descriptor = new FileOutputStream(FileDescriptor.out);
        descriptor.write(("native chatter that is not JSON\n{\"id\": 12345}\n"
                + "{\"id\":99999,\"state\":\"COMPLETE\",\"metrics\":{},\"cost\":0,\"reason\":\"\",\"curve\":[]}\n")
                .getBytes(StandardCharsets.UTF_8));
        descriptor.flush();
    }

    private static void crash() throws ReflectiveOperationException {
        Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        ((sun.misc.Unsafe) field.get(null)).putAddress(0, 0);
    }

    private static double number(String text) {
        return text == null ? -1 : Double.parseDouble(text);
    }
}
