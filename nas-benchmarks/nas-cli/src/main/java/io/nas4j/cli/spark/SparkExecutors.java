package io.nas4j.cli.spark;

import io.nas4j.core.UserInputException;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.executor.spark.SparkTrialExecutor;

import java.util.Map;

/**
 * {@code --executor spark}: the Spark executor, when Apache Spark is on the class path. The command-line
 * jar does not carry Spark (a Spark application runs on its cluster's Spark): run {@code nas} through
 * {@code spark-submit}. Only this class names Spark's types, and it is loaded only when Spark is present.
 */
public final class SparkExecutors {

    private SparkExecutors() {
    }

    /** Whether Spark's classes can be loaded here. */
    public static boolean available() {
        try {
            Class.forName("org.apache.spark.SparkContext", false, SparkExecutors.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * A Spark executor for a tabular search, each executor rebuilding the table lookup from the search's
     * configuration.
     *
     * @throws UserInputException when Spark is not on the class path or the master cannot be reached
     */
    public static TrialExecutor tabular(String master, int parallelism, SearchSpace<?> space, String storeUrl,
                                        String configurationJson) {
        if (!available()) {
            throw new UserInputException("--executor spark needs Apache Spark on the class path; run nas through "
                    + "spark-submit (spark-submit --class io.nas4j.cli.NasCommand nas.jar search ...)");
        }
        try {
            return new SparkTrialExecutor(new SparkTrialExecutor.Settings(master, parallelism, space, storeUrl,
                    TrialRecipe.of(TabularRemoteFactory.class, configurationJson), Map.of()));
        } catch (RuntimeException e) {
            throw new UserInputException("--master " + master + ": Spark could not start: " + e.getMessage(), e);
        }
    }
}
