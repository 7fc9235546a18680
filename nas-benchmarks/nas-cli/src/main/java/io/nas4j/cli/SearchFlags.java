package io.nas4j.cli;

import io.nas4j.cli.config.SearchConfig;
import io.nas4j.core.UserInputException;
import io.nas4j.runner.training.TrainingSearchSpec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Set;

/**
 * Which settings of {@code nas search} each kind of search uses: the one check, shared by every search that
 * cannot use them all, that refuses a setting given (by flag or config file) to a search that would ignore it.
 * Every setting of {@link SearchConfig} is covered, including ones added later, unless the search names it as
 * used; so nothing the user asks for is silently dropped.
 */
final class SearchFlags {

    /** What a tabular search uses: the table and its data set, the strategy, the budget, the seed, the folders. */
    static final Set<String> TABULAR = Set.of("task", "dataset", "dataDir", "space", "strategy", "settings", "backend",
            "budget", "timeLimit", "workers", "seed", "out");

    /** What a one-shot search uses: a supernet's training on a classification data set, and the final training. */
    static final Set<String> ONE_SHOT = Set.of("task", "dataset", "dataDir", "space", "strategy", "settings", "backend",
            "budget", "timeLimit", "seed", "out", "epochs", "finalEpochs", "batchSize", "learningRate", "dataFraction",
            "proxy", "estimator", "retrainTop", "supernetOut", "supernetFrom", "finalShare", "baseline", "repeat",
            "augment", "weightDecay");

    private SearchFlags() {
    }

    /**
     * Refuses the first setting {@code given} holds that is not in {@code used}, with {@code reason}: a sentence
     * template whose {@code {field}} becomes the setting's name ({@link UserInputException#of}), for example
     * {@code "{field} needs a training backend; the tabular backend looks trials up"}. A proxy of
     * {@code none} asks for nothing and passes.
     */
    static void refuseUnused(SearchConfig given, Set<String> used, String reason) {
        for (RecordComponent component : SearchConfig.class.getRecordComponents()) {
            String field = component.getName();
            Object value = value(component, given);
            if (value == null || used.contains(field)
                    || (field.equals("proxy") && value.equals(TrainingSearchSpec.NO_PROXY))) {
                continue;
            }
            throw UserInputException.of(field, reason.replace("{field}", "{" + field + "}"));
        }
    }

    private static Object value(RecordComponent component, SearchConfig config) {
        try {
            return component.getAccessor().invoke(config);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of a search configuration", e);
        }
    }
}
