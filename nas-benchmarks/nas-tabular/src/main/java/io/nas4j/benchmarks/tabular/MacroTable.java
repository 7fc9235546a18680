package io.nas4j.benchmarks.tabular;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.core.UserInputException;
import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.space.MacroSpace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NAS-Bench-Macro on CIFAR-10 ({@value #FILE}): a JSON object from each 8-digit key to its
 * {@code test_acc} list, {@code mean_acc}, {@code std}, {@code params} and {@code flops}.
 *
 * <p>Immutable and safe to share between threads once loaded. Every one of the space's 6,561
 * architectures has exactly one entry, looked up by {@link MacroGenome#key}.
 */
public final class MacroTable {

    public static final String FILE = "nas-bench-macro-cifar10.json";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final List<MacroEntry> entries;
    private final Map<String, MacroEntry> byKey;

    private MacroTable(List<MacroEntry> entries, Map<String, MacroEntry> byKey) {
        this.entries = List.copyOf(entries);
        this.byKey = Map.copyOf(byKey);
    }

    /**
     * Reads the table from {@code directory} (the folder holding it, or its parent; see
     * {@link DataDirectory#locate}).
     *
     * @throws UserInputException naming the file and what is wrong when it is missing, not JSON,
     *                            incomplete or has an entry without a field
     */
    public static MacroTable load(Path directory) {
        MacroSpace space = new MacroSpace();
        Path file = DataDirectory.file(directory, FILE);
        JsonNode root;
        try (InputStream input = Files.newInputStream(file)) {
            root = JSON.readTree(input);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new UserInputException(FILE + " is not valid JSON (" + e.getOriginalMessage() + where + ")", e);
        } catch (IOException e) {
            throw new UserInputException(FILE + " cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new UserInputException(FILE + " must hold one JSON object from architecture key to results");
        }
        List<MacroEntry> entries = new ArrayList<>(root.size());
        Map<String, MacroEntry> byKey = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            try {
                key = space.format(space.parse(key));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(FILE + " has an entry " + key + " that is no architecture key: "
                        + e.getMessage(), e);
            }
            MacroEntry entry = entry(key, field.getValue());
            byKey.put(key, entry);
            entries.add(entry);
        }
        int expected = space.size().intValueExact();
        if (entries.size() != expected) {
            throw new UserInputException(FILE + " has " + entries.size() + " architectures; NAS-Bench-Macro has "
                    + expected);
        }
        return new MacroTable(entries, byKey);
    }

    private static MacroEntry entry(String key, JsonNode node) {
        if (!node.isObject()) {
            throw new UserInputException(FILE + " entry " + key + " must be an object of results");
        }
        JsonNode accuracies = node.get("test_acc");
        if (accuracies == null || !accuracies.isArray() || accuracies.isEmpty()) {
            throw new UserInputException(FILE + " entry " + key + " needs test_acc, a non-empty list of numbers");
        }
        List<Double> testAccuracies = new ArrayList<>(accuracies.size());
        for (JsonNode accuracy : accuracies) {
            testAccuracies.add(finite(key, "test_acc", accuracy));
        }
        return new MacroEntry(key, testAccuracies, number(key, node, "mean_acc"), number(key, node, "std"),
                count(key, node, "params"), count(key, node, "flops"));
    }

    /** A parameter or operation count: searches minimise them as objectives, so a negative one would win. */
    private static double count(String key, JsonNode node, String field) {
        double value = number(key, node, field);
        if (value < 0) {
            throw new UserInputException(FILE + " entry " + key + " field " + field + " holds " + node.get(field)
                    + " where a count of 0 or more is expected");
        }
        return value;
    }

    private static double number(String key, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new UserInputException(FILE + " entry " + key + " has no " + field);
        }
        return finite(key, field, value);
    }

    private static double finite(String key, String field, JsonNode value) {
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new UserInputException(FILE + " entry " + key + " field " + field + " holds " + value
                    + " where a finite number is expected");
        }
        return value.doubleValue();
    }

    /** The number of architectures: 6,561. */
    public int size() {
        return entries.size();
    }

    /** Every entry, in the file's order. */
    public List<MacroEntry> entries() {
        return entries;
    }

    /**
     * The entry of {@code genome}.
     *
     * @throws IllegalArgumentException when the genome is not a NAS-Bench-Macro architecture
     */
    public MacroEntry get(MacroGenome genome) {
        MacroEntry entry = byKey.get(genome.key());
        if (entry == null) {
            throw new IllegalArgumentException("NAS-Bench-Macro has no architecture " + genome.key());
        }
        return entry;
    }
}
