package io.nas4j.cli;

import io.nas4j.cli.config.SearchConfig;
import io.nas4j.core.UserInputException;
import io.nas4j.core.search.Strategies;
import io.nas4j.runner.training.TimeLimit;
import io.nas4j.runner.training.TrainingSearchDefaults;
import io.nas4j.runner.training.TrainingSearchSpec;
import io.nas4j.runner.training.TrainingSearchSpecBuilder;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A training search's spec from what flags and a config file give. The defaults and every check of the
 * values are the library's ({@link TrainingSearchSpecBuilder}, {@link TrainingSearchDefaults}), so a host
 * that builds a spec gets the same search and the same refusals; their messages name fields, which the
 * command line shows as flags ({@link Flags}). What is the command line's own: a config gives a time limit
 * as text, and trials run in worker processes unless asked otherwise (one per core, up to four; the library
 * trains in its own JVM), except when a zero-cost proxy scores them, which happens in this process.
 */
final class TrainingDefaults {

    static final String TASK = TrainingSearchDefaults.CLASSIFICATION;
    static final String DATASET = TrainingSearchDefaults.DATASET;

    private TrainingDefaults() {
    }

    static TrainingSearchSpec resolve(SearchConfig given, String backend, Strategies installed) {
        TrainingSearchSpecBuilder spec = TrainingSearchSpec.builder().backend(backend).strategies(installed);
        set(given.task(), spec::task);
        set(given.dataset(), spec::dataset);
        set(given.dataDir(), spec::dataDir);
        set(given.space(), spec::space);
        set(given.spaceFile(), file -> spec.spaceFile(path(file)));
        set(given.strategy(), spec::strategy);
        set(given.settings(), spec::settings);
        set(given.proxy(), spec::proxy);
        set(given.budget(), spec::budget);
        set(given.timeLimit(), spec::timeLimit);
        boolean scoredByProxy = given.proxy() != null && !given.proxy().equals(TrainingSearchSpec.NO_PROXY);
        set(given.workers() != null ? given.workers() : scoredByProxy ? null : workers(), spec::workers);
        set(given.epochs(), spec::epochs);
        set(given.finalEpochs(), spec::finalEpochs);
        set(given.batchSize(), spec::batchSize);
        set(given.learningRate(), spec::learningRate);
        set(given.maxParams(), spec::maxParams);
        set(given.maxMacs(), spec::maxMacs);
        set(given.maxLatencyMs(), spec::maxLatencyMs);
        set(given.finalShare(), spec::finalShare);
        set(given.dataFraction(), spec::dataFraction);
        set(given.widthMultiplier(), spec::widthMultiplier);
        set(given.earlyStop(), spec::earlyStop);
        set(given.device(), spec::device);
        set(given.objectives(), spec::objectives);
        set(given.maxMemoryMb(), spec::maxMemoryMb);
        set(given.finalFront(), spec::finalFront);
        set(given.baseline(), spec::baseline);
        set(given.augment(), spec::augment);
        set(given.weightDecay(), spec::weightDecay);
        set(given.seed(), spec::seed);
        return spec.build();
    }

    /** Worker processes when none are asked for: one per core, at most four. */
    static int workers() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Seconds of a duration written {@code 90s}, {@code 30m}, {@code 2h} or ISO-8601 ({@code PT30M}). */
    static long seconds(String text) {
        return TimeLimit.seconds(text);
    }

    private static Path path(String file) {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw UserInputException.of("spaceFile", "{spaceFile} {} is not a path: {}", file, e.getReason()).causedBy(e);
        }
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
