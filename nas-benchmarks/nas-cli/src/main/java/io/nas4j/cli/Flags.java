package io.nas4j.cli;

import io.nas4j.core.UserInputException;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line's names for the library's settings: the one place that maps a field of a spec or a
 * configuration ({@code dataFraction}) to its flag ({@code --data-fraction}). The library names fields in
 * its messages ({@link UserInputException#field()}); the command line shows the same sentence with flags.
 */
final class Flags {

    /**
     * Every setting whose flag {@code nas search} and {@code nas resume} take, by field. The flags that are
     * not the field in kebab case are {@code settings} ({@code --set}), {@code output} ({@code --out}) and
     * {@code engine} ({@code --backend}).
     */
    static final Map<String, String> BY_FIELD = Map.ofEntries(
            Map.entry("task", "--task"),
            Map.entry("dataset", "--dataset"),
            Map.entry("dataDir", "--data-dir"),
            Map.entry("space", "--space"),
            Map.entry("strategy", "--strategy"),
            Map.entry("settings", "--set"),
            Map.entry("backend", "--backend"),
            Map.entry("engine", "--backend"),
            Map.entry("budget", "--budget"),
            Map.entry("timeLimit", "--time-limit"),
            Map.entry("workers", "--workers"),
            Map.entry("seed", "--seed"),
            Map.entry("epochs", "--epochs"),
            Map.entry("finalEpochs", "--final-epochs"),
            Map.entry("batchSize", "--batch-size"),
            Map.entry("learningRate", "--learning-rate"),
            Map.entry("dataFraction", "--data-fraction"),
            Map.entry("maxParams", "--max-params"),
            Map.entry("maxMacs", "--max-macs"),
            Map.entry("maxLatencyMs", "--max-latency-ms"),
            Map.entry("finalShare", "--final-share"),
            Map.entry("widthMultiplier", "--width-multiplier"),
            Map.entry("earlyStop", "--early-stop"),
            Map.entry("proxy", "--proxy"),
            Map.entry("estimator", "--estimator"),
            Map.entry("retrainTop", "--retrain-top"),
            Map.entry("supernetOut", "--supernet-out"),
            Map.entry("supernetFrom", "--supernet-from"),
            Map.entry("store", "--store"),
            Map.entry("output", "--out"),
            Map.entry("out", "--out"));

    private static final Pattern WORD_START = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    private Flags() {
    }

    /** The flag of {@code field}: from {@link #BY_FIELD}, else the field in kebab case ({@code maxAttempts}: {@code --max-attempts}). */
    static String of(String field) {
        String flag = BY_FIELD.get(field);
        if (flag != null) {
            return flag;
        }
        Matcher matcher = WORD_START.matcher(field);
        return "--" + matcher.replaceAll("-").toLowerCase(java.util.Locale.ROOT);
    }

    /** The message of {@code e} as the command line shows it: every setting it refers to named by its flag. */
    static String message(UserInputException e) {
        return e.message(Flags::of);
    }
}
