package io.nas4j.cli.spark;

import io.nas4j.core.UserInputException;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.executor.spark.SparkTrialExecutor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --executor spark}: the Spark executor, when Apache Spark is on the class path. The command-line jar
 * does not carry Spark: {@code ./nas} adds the Spark jars Maven resolved for {@code nas-executor-spark} when
 * the executor is spark, and {@code spark-submit} runs it on a cluster's own Spark. Only this class names
 * Spark's types, and it is loaded only when Spark is present.
 *
 * <p>Results: with an SQLite store (the default {@code DIR/trials.db}) the driver commits what the tasks
 * return; with a database server the tasks write their results themselves
 * ({@link SparkTrialExecutor.Results#forStore}). Spark settings come from {@code spark.*} system properties
 * (what {@code spark-submit --conf} sets, or {@code -Dspark.executor.memory=2g}); for a cluster master with no
 * {@code spark.jars} or {@code spark.executor.extraClassPath} given, the executors get this JVM's own class
 * path, which suits workers that see the same files (one host, or the same installation on every host).
 */
public final class SparkExecutors {

    private static final String CLASS_PATH = "spark.executor.extraClassPath";
    private static final String STANDALONE = "spark://";
    private static final int DEFAULT_MASTER_PORT = 7077;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

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
        return remote(master, parallelism, space, storeUrl, TrialRecipe.of(TabularRemoteFactory.class, configurationJson));
    }

    /**
     * A Spark executor whose tasks evaluate trials with {@code recipe} (a training search's job factory, say),
     * {@code parallelism} trials at once.
     *
     * @throws UserInputException when Spark is not on the class path or the master cannot be reached
     */
    public static TrialExecutor remote(String master, int parallelism, SearchSpace<?> space, String storeUrl,
                                       TrialRecipe recipe) {
        if (!available()) {
            throw new UserInputException("--executor spark needs Apache Spark on the class path; run nas through ./nas "
                    + "(which adds the Spark jars Maven resolved) or spark-submit (spark-submit --class io.nas4j.cli.NasCommand nas.jar search ...)");
        }
        checkReachable(master);
        try {
            return new SparkTrialExecutor(new SparkTrialExecutor.Settings(master, parallelism, space, storeUrl, recipe,
                    driverSettings(master)));
        } catch (RuntimeException e) {
            throw new UserInputException("--master " + master + ": Spark could not start: " + firstLine(e), e);
        }
    }

    /**
     * Refuses a standalone master ({@code spark://host:port}, or several for high availability) none of whose
     * addresses accepts a connection. Spark itself would retry for a minute, give up in a log line, and leave
     * the search with a stopped context whose every trial fails; a connection refused at once is the user's
     * URL or a master not started, which one sentence says.
     */
    static void checkReachable(String master) {
        if (!master.startsWith(STANDALONE)) {
            return;
        }
        String reason = null;
        for (String address : master.substring(STANDALONE.length()).split(",")) {
            int colon = address.lastIndexOf(':');
            String host = colon < 0 ? address : address.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? DEFAULT_MASTER_PORT : Integer.parseInt(address.substring(colon + 1).replaceAll("/+$", ""));
            } catch (NumberFormatException e) {
                throw new UserInputException("--master " + master + " has a port that is not a number: " + address);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException e) {
                reason = host + ":" + port + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
            }
        }
        throw new UserInputException("--master " + master + " cannot be reached at " + reason
                + "; start the Spark master there or give the URL its web page shows (spark://host:7077)");
    }

    /** Settings this command adds to what the {@code spark.*} system properties say. */
    private static Map<String, String> driverSettings(String master) {
        Map<String, String> settings = new LinkedHashMap<>();
        boolean local = master.startsWith("local");
        if (!local && System.getProperty(CLASS_PATH) == null && System.getProperty("spark.jars") == null) {
            settings.put(CLASS_PATH, ExecutorClassPath.ofThisJvm());
        }
        return settings;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
