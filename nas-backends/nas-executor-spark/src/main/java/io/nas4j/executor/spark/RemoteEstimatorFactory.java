package io.nas4j.executor.spark;

/**
 * Builds, inside a Spark executor, the same evaluation as the search's own estimator: nothing but this
 * class's name and the configuration text travel to the cluster.
 *
 * <p>Contract: a public no-argument constructor; on the executors' class path. {@link #create} runs once
 * per executor JVM and configuration; what it throws fails the task, which Spark then retries (a broken
 * configuration therefore fails the trial once Spark's attempts are spent).
 */
public interface RemoteEstimatorFactory {

    RemoteEstimator<?> create(String configuration) throws Exception;
}
