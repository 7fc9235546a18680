package io.nas4j.cli;

import io.nas4j.core.UserInputException;
import io.nas4j.cli.config.SearchConfig;
import io.nas4j.runner.training.ClassificationData;
import io.nas4j.runner.training.DetectionSearch;
import io.nas4j.runner.training.EpochRungs;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.runner.training.TrainingSpaces;
import io.nas4j.runner.training.VolumetricData;
import io.nas4j.runner.training.VolumetricSpaces;
import io.nas4j.core.port.ZeroCostProxy;
import io.nas4j.core.search.Strategies;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The defaults of a training search and the checks of its settings, each failing with one sentence
 * naming the flag. The defaults make {@code nas search} with no arguments a short search on the embedded
 * digits set: the chain space for 8x8 inputs, regularized evolution, 20 trials of 8 epochs. The volumetric
 * task (asked for, or implied by a volumetric data set) starts from {@link VolumetricDefaults} instead.
 */
final class TrainingDefaults {

    static final String TASK = "classification";
    static final String DATASET = "digits";
    static final String SPACE = "chain";
    static final String STRATEGY = "regularized-evolution";
    static final int DIGITS_BUDGET = 20;
    static final int BUDGET = 30;
    /** Trials of a search scored by a zero-cost proxy unless a budget is given: scoring takes well under a second. */
    static final int PROXY_BUDGET = 100;

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)");

    private TrainingDefaults() {
    }

    static TrainingSearchSpec resolve(SearchConfig given, String backend, Strategies installed) {
        String task = VolumetricDefaults.task(given) != null ? VolumetricDefaults.task(given) : TASK;
        if (task.equals(DetectionSearch.TASK)) {
            if (given.proxy() != null && !given.proxy().equals(TrainingSearchSpec.NO_PROXY)) {
                throw new UserInputException("--proxy scores classification networks; detection searches train their candidates");
            }
            return DetectionDefaults.resolve(given, backend, installed);
        }
        Inputs.oneOf(task, "--task", List.of(TASK, DetectionSearch.TASK, VolumetricData.TASK));
        boolean volumetric = task.equals(VolumetricData.TASK);
        SearchConfig merged = volumetric ? VolumetricDefaults.under(given) : given;
        String dataset = Inputs.oneOf(merged.dataset() != null ? merged.dataset() : DATASET, "--dataset",
                volumetric ? VolumetricData.NAMES : ClassificationData.NAMES);
        boolean digits = dataset.equals(DATASET);
        String space = Inputs.oneOf(merged.space() != null ? merged.space() : SPACE, "--space", TrainingSpaces.NAMES);
        String strategy = Inputs.oneOf(merged.strategy() != null ? merged.strategy() : STRATEGY, "--strategy",
                installed.names());
        String proxy = proxy(merged, volumetric);
        boolean scoredByProxy = !proxy.equals(TrainingSearchSpec.NO_PROXY);
        int budget = Inputs.atLeastOne(merged.budget() != null ? merged.budget()
                : scoredByProxy ? PROXY_BUDGET : digits ? DIGITS_BUDGET : BUDGET, "--budget");
        long timeLimit = merged.timeLimit() == null ? 0 : seconds(merged.timeLimit());
        int processors = Runtime.getRuntime().availableProcessors();
        int workers = merged.workers() != null ? merged.workers()
                : scoredByProxy ? 0 : Math.max(1, Math.min(4, processors));
        if (workers < 0 || workers > 64) {
            throw new UserInputException("--workers must be between 0 and 64, got " + workers);
        }
        if (scoredByProxy && workers != 0) {
            throw new UserInputException("--proxy scores candidates in this process; leave --workers out or set it to 0, got "
                    + workers);
        }
        int epochs = Inputs.atLeastOne(merged.epochs() != null ? merged.epochs() : (digits ? 8 : 3), "--epochs");
        int finalEpochs = Inputs.atLeastOne(merged.finalEpochs() != null ? merged.finalEpochs() : (digits ? 40 : 15),
                "--final-epochs");
        int batchSize = Inputs.atLeastOne(merged.batchSize() != null ? merged.batchSize() : 64, "--batch-size");
        double learningRate = merged.learningRate() != null ? merged.learningRate() : 0.002;
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new UserInputException("--learning-rate must be in (0, 10], got " + learningRate);
        }
        long maxParams = merged.maxParams() != null ? merged.maxParams() : 5_000_000L;
        if (maxParams < 1) {
            throw new UserInputException("--max-params must be at least 1, got " + maxParams);
        }
        long maxMacs = merged.maxMacs() != null ? merged.maxMacs() : 0;
        if (maxMacs < 0) {
            throw new UserInputException("--max-macs must be 0 (no limit) or more, got " + maxMacs);
        }
        double maxLatencyMs = merged.maxLatencyMs() != null ? merged.maxLatencyMs() : 0;
        if (!(maxLatencyMs >= 0) || Double.isInfinite(maxLatencyMs)) {
            throw new UserInputException("--max-latency-ms must be 0 (no limit) or more, got " + merged.maxLatencyMs());
        }
        double finalShare = merged.finalShare() != null ? merged.finalShare() : TrainingSearchSpec.DEFAULT_FINAL_SHARE;
        if (!(finalShare > 0 && finalShare < 1)) {
            throw new UserInputException("--final-share must be in (0, 1), got " + finalShare);
        }
        double dataFraction = merged.dataFraction() != null ? merged.dataFraction() : 1.0;
        if (!(dataFraction > 0 && dataFraction <= 1)) {
            throw new UserInputException("--data-fraction must be in (0, 1], got " + dataFraction);
        }
        double widthMultiplier = merged.widthMultiplier() != null ? merged.widthMultiplier() : 1.0;
        if (!(widthMultiplier > 0 && widthMultiplier <= 1)) {
            throw new UserInputException("--width-multiplier must be in (0, 1], got " + widthMultiplier);
        }
        String earlyStop = Inputs.oneOf(merged.earlyStop() != null ? merged.earlyStop() : "none", "--early-stop",
                TrainingSearchSpec.EARLY_STOPS);
        if (scoredByProxy && !earlyStop.equals("none")) {
            throw new UserInputException("--early-stop " + earlyStop + " stops training early; with --proxy no candidate trains");
        }
        long seed = merged.seed() != null ? merged.seed() : 0;
        String dataDir = merged.dataDir() == null ? null : Path.of(merged.dataDir()).toAbsolutePath().normalize().toString();
        if (volumetric) {
            VolumetricData.requireFiles(dataset, dataDir);
        }
        VolumetricSpaces.requireFits(space, volumetric);
        return new TrainingSearchSpec(task, dataset, dataDir, space, strategy,
                settings(strategy, budget, epochs, merged.settings()),
                backend, budget, timeLimit, seed, epochs, finalEpochs, batchSize, learningRate, "adam", dataFraction, maxParams,
                workers, 0, maxMacs, finalShare, maxLatencyMs, widthMultiplier, earlyStop, proxy);
    }

    /** The zero-cost proxy that scores candidates, {@code none} when they train; classification only. */
    private static String proxy(SearchConfig merged, boolean volumetric) {
        if (merged.proxy() == null || merged.proxy().equals(TrainingSearchSpec.NO_PROXY)) {
            return TrainingSearchSpec.NO_PROXY;
        }
        List<String> allowed = new ArrayList<>(List.of(TrainingSearchSpec.NO_PROXY));
        Arrays.stream(ZeroCostProxy.values()).map(ZeroCostProxy::metric).forEach(allowed::add);
        String proxy = Inputs.oneOf(merged.proxy(), "--proxy", allowed);
        if (volumetric) {
            throw new UserInputException("--proxy scores classification networks; volumetric searches train their candidates");
        }
        return proxy;
    }

    /**
     * The strategy's settings as given; for regularized evolution without a given population, one sized
     * to the budget (a third of it, 4 to 20), since a population larger than the budget is random search;
     * for the multi-fidelity strategies, rungs in epochs ({@link EpochRungs}).
     */
    private static Map<String, Object> settings(String strategy, int budget, int epochs, Map<String, Object> given) {
        Map<String, Object> settings = new LinkedHashMap<>(given == null ? Map.of() : given);
        if (strategy.equals(STRATEGY) && !settings.containsKey("population") && !settings.containsKey("sample")) {
            int population = Math.max(4, Math.min(20, budget / 3));
            settings.put("population", population);
            settings.put("sample", Math.max(2, population / 2));
        }
        return EpochRungs.settings(strategy, budget, epochs, settings);
    }

    /** Seconds of a duration written {@code 90s}, {@code 30m}, {@code 2h} or ISO-8601 ({@code PT30M}). */
    static long seconds(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT_DURATION.matcher(trimmed);
        long seconds;
        if (matcher.matches()) {
            long amount;
            try {
                amount = Long.parseLong(matcher.group(1));
            } catch (NumberFormatException e) {
                throw new UserInputException("--time-limit " + text + " is too large");
            }
            long unit = switch (matcher.group(2)) {
                case "h" -> 3600;
                case "m" -> 60;
                default -> 1;
            };
            seconds = amount > Long.MAX_VALUE / unit ? Long.MAX_VALUE : amount * unit;
        } else {
            try {
                seconds = Duration.parse(text.trim().toUpperCase(Locale.ROOT)).toSeconds();
            } catch (DateTimeParseException e) {
                throw new UserInputException("--time-limit " + text + " is not a duration; write e.g. 90s, 30m, 2h or PT30M");
            }
        }
        if (seconds < 1) {
            throw new UserInputException("--time-limit must be at least 1 second, got " + text);
        }
        return seconds;
    }
}
