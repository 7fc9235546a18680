package io.nas4j.benchmarks.suite;

import io.nas4j.core.UserInputException;

import java.nio.file.Path;
import java.util.List;

/**
 * A benchmark suite: a search problem with a fixed protocol for comparing strategies on it, registered
 * by name (Guice {@code MapBinder<String, Suite>} in the composition root) and run by {@link SuiteRunner}.
 *
 * <p>A suite says what a search sees (space, estimator, objectives) and what is reported after each trial
 * (its {@link Scoreboard}). Single-objective suites report the incumbent's held-out accuracy; a
 * multi-objective suite returns several objectives and a scoreboard that reports, for example, the
 * hypervolume of the run's non-dominated set. Implementations are stateless and thread-safe.
 */
public interface Suite {

    /** The name used on the command line, for example {@code nb201}. */
    String name();

    /** One line for {@code nas list}. */
    String description();

    /** The data sets the suite covers, the default first; never empty. */
    List<String> datasets();

    /**
     * Loads the suite's data and returns its problem on one data set.
     *
     * @param dataDirectory the folder holding the suite's files, or a parent with a {@code nas-benchmarks/}
     *                      subfolder
     * @param dataset       one of {@link #datasets()}, or null for the default
     * @throws UserInputException when the data set is not covered or a data file is missing or malformed
     */
    Benchmark<?> open(Path dataDirectory, String dataset);
}
