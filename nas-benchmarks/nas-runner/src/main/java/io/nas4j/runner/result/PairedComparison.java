package io.nas4j.runner.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Searched networks against their hand-designed baselines, seed by seed: each seed's search and its baseline
 * had the same wall time on the same machine, so the pairs are compared, not the pooled means. Gives the mean
 * and sample standard deviation of each side and of the per-seed differences, and on how many seeds the
 * searched network was ahead. Written as {@value #FILE} next to the seeds' folders.
 *
 * @param metric   the test metric compared: {@code accuracy}, or {@code map50} for detection
 * @param baseline the baseline's name
 * @param pairs    one per seed, in seed order
 */
public record PairedComparison(String metric, String baseline, List<Pair> pairs) {

    /** The file a repeated search writes. */
    public static final String FILE = "comparison.json";

    /**
     * One seed.
     *
     * @param seed     the search's seed
     * @param folder   where its search wrote its results
     * @param searched the searched network's test metric
     * @param baseline the baseline's test metric
     */
    public record Pair(long seed, Path folder, double searched, double baseline) {

        public Pair {
            Objects.requireNonNull(folder, "folder");
        }

        public double difference() {
            return searched - baseline;
        }
    }

    /** Mean and sample standard deviation (0 for one value). */
    public record Summary(double mean, double std) {

        static Summary of(List<Double> values) {
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            if (values.size() < 2) {
                return new Summary(mean, 0);
            }
            double squares = values.stream().mapToDouble(value -> (value - mean) * (value - mean)).sum();
            return new Summary(mean, Math.sqrt(squares / (values.size() - 1)));
        }
    }

    public PairedComparison {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(baseline, "baseline");
        pairs = List.copyOf(pairs);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("a paired comparison needs at least one seed");
        }
    }

    /**
     * The comparison of the searches written in {@code folders} (each with its {@code result.json} holding a
     * best network's test metric and a baseline).
     *
     * @throws IllegalArgumentException when a result has no best network or no baseline
     */
    public static PairedComparison read(List<Path> folders) {
        List<Pair> pairs = new ArrayList<>();
        String metric = null;
        String name = null;
        for (Path folder : folders) {
            JsonNode root = readJson(folder.resolve(ResultFiles.RESULT_FILE));
            JsonNode best = root.path("best");
            JsonNode baseline = root.path("baseline");
            if (!best.has("test") || !baseline.has("test")) {
                throw new IllegalArgumentException(folder.resolve(ResultFiles.RESULT_FILE)
                        + " holds no searched network or no baseline to compare");
            }
            String chosen = best.get("test").has("accuracy") ? "accuracy" : "map50";
            metric = metric == null ? chosen : metric;
            name = name == null ? baseline.path("name").asText() : name;
            pairs.add(new Pair(root.path("config").path("seed").asLong(), folder, best.get("test").get(chosen).asDouble(),
                    baseline.get("test").get(chosen).asDouble()));
        }
        return new PairedComparison(metric, name, pairs);
    }

    public Summary searched() {
        return Summary.of(pairs.stream().map(Pair::searched).toList());
    }

    public Summary baselines() {
        return Summary.of(pairs.stream().map(Pair::baseline).toList());
    }

    public Summary differences() {
        return Summary.of(pairs.stream().map(Pair::difference).toList());
    }

    /** The seeds on which the searched network's metric was higher than the baseline's. */
    public int searchedWins() {
        return (int) pairs.stream().filter(pair -> pair.searched() > pair.baseline()).count();
    }

    /** Writes {@value #FILE} into {@code output} and returns its path. */
    public Path write(Path output) {
        ObjectNode root = ResultJson.JSON.createObjectNode();
        root.put("metric", metric);
        root.put("baseline", baseline);
        root.put("seeds", pairs.size());
        summary(root.putObject("searched"), searched());
        summary(root.putObject("baselineResults"), baselines());
        summary(root.putObject("difference"), differences());
        root.put("searchedWins", searchedWins());
        ArrayNode list = root.putArray("pairs");
        for (Pair pair : pairs) {
            ObjectNode node = list.addObject();
            node.put("seed", pair.seed());
            node.put("folder", pair.folder().toAbsolutePath().normalize().toString());
            node.put("searched", pair.searched());
            node.put("baseline", pair.baseline());
            node.put("difference", pair.difference());
        }
        Path file = output.resolve(FILE);
        try {
            Files.createDirectories(output);
            ResultJson.JSON.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static void summary(ObjectNode node, Summary summary) {
        node.put("mean", summary.mean());
        node.put("std", summary.std());
    }

    private static JsonNode readJson(Path file) {
        try {
            return ResultJson.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
