package io.nas4j.runner.oneshot;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.tasks.classification.ClassificationTask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trained single-path supernets kept in a folder, so that a search can score candidates on one without training
 * it again: {@value #WEIGHTS} holds the weights, alphas and batch-norm statistics as the engine saves them
 * ({@link SupernetBackend.Supernet#save}), and {@value #IDENTITY} what the supernet was built from (engine,
 * space, data set, its input and class count, and the settings that shape the supernet). A folder is loaded
 * only into a supernet with the same identity; anything else is refused naming the first difference.
 */
public final class SavedSupernets {

    /** The engine's file of weights. */
    public static final String WEIGHTS = "supernet.params";
    /** What the supernet was built from, as JSON. */
    public static final String IDENTITY = "supernet.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    // the settings that change the supernet's shape (the others change how it is searched)
    private static final String[] SHAPING = {"stemChannels", "cellsPerStage", "stageChannels", "layersPerStage"};

    private SavedSupernets() {
    }

    /** What the supernet of {@code spec} on {@code task} is built from. */
    static Map<String, String> identity(OneShotSpec spec, ClassificationTask task) {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("backend", spec.backend());
        identity.put("space", spec.space());
        identity.put("dataset", spec.dataset());
        identity.put("input", task.head().input().toString());
        identity.put("classes", Integer.toString(task.head().classes()));
        Map<String, Object> settings = new TreeMap<>(spec.settings());
        for (String key : SHAPING) {
            if (settings.containsKey(key)) {
                identity.put(key, String.valueOf(settings.get(key)));
            }
        }
        return identity;
    }

    /** Saves {@code supernet} in {@code folder} (created when absent), with its identity. */
    static void save(SupernetBackend.Supernet supernet, Path folder, Map<String, String> identity) {
        try {
            Files.createDirectories(folder);
            supernet.save(folder.resolve(WEIGHTS));
            JSON.writerWithDefaultPrettyPrinter().writeValue(folder.resolve(IDENTITY).toFile(), identity);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the supernet in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the supernet saved in {@code folder} into {@code supernet}.
     *
     * @throws IllegalArgumentException naming the field {@code supernetFrom} when the folder holds no saved
     *                                  supernet, or one built from something else
     */
    static void load(SupernetBackend.Supernet supernet, Path folder, Map<String, String> identity) {
        check(folder, identity);
        try {
            supernet.load(folder.resolve(WEIGHTS));
        } catch (IOException e) {
            throw io.nas4j.core.UserInputException.of("supernetFrom", "{supernetFrom} {}: {}", folder, e.getMessage())
                    .causedBy(e);
        }
    }

    /**
     * Checks that {@code folder} holds a saved supernet of {@code identity}, without loading it.
     *
     * @throws IllegalArgumentException naming the field {@code supernetFrom} when it does not
     */
    static void check(Path folder, Map<String, String> identity) {
        Path file = folder.resolve(IDENTITY);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(folder.resolve(WEIGHTS))) {
            throw io.nas4j.core.UserInputException.of("supernetFrom", "{supernetFrom} {} holds no saved supernet ({} and {})",
                    folder, IDENTITY, WEIGHTS);
        }
        Map<String, String> saved;
        try {
            saved = JSON.readValue(file.toFile(), JSON.getTypeFactory().constructMapType(Map.class, String.class,
                    String.class));
        } catch (IOException e) {
            throw io.nas4j.core.UserInputException.of("supernetFrom", "{supernetFrom} {}: {} cannot be read: {}", folder,
                    IDENTITY, e.getMessage()).causedBy(e);
        }
        for (Map.Entry<String, String> entry : identity.entrySet()) {
            String value = saved.get(entry.getKey());
            if (!entry.getValue().equals(value)) {
                throw io.nas4j.core.UserInputException.of("supernetFrom", "{supernetFrom} {} holds a supernet of {} {}, "
                        + "this search builds one of {} {}", folder, entry.getKey(), value, entry.getKey(), entry.getValue());
            }
        }
        if (!saved.keySet().equals(identity.keySet())) {
            throw io.nas4j.core.UserInputException.of("supernetFrom", "{supernetFrom} {} holds a supernet built with {}, "
                    + "this search builds one with {}", folder, saved, identity);
        }
    }
}
