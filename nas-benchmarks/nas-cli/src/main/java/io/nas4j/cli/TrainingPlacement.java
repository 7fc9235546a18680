package io.nas4j.cli;

import io.nas4j.cli.spark.SparkExecutors;
import io.nas4j.core.UserInputException;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.runner.store.StoredSearch;
import io.nas4j.runner.training.DetectionJobFactory;
import io.nas4j.runner.training.DetectionSearch;
import io.nas4j.runner.training.QueuedTrials;
import io.nas4j.runner.training.TrainingJobFactory;
import io.nas4j.runner.training.TrainingSearch;
import io.nas4j.runner.training.TrainingSearchSpec;

import java.util.function.Function;

/**
 * Where the trials of a training search (classification, volumetric or detection) run: where the runner puts
 * them (this JVM, {@code --workers} processes, or the store's queue for a search its store marks as queued), or
 * Spark tasks with {@code --executor spark --master URL},
 * {@code --workers} of them at once, each building the search's job from its spec (the recipe the worker
 * processes use) on an executor. Embedded data sets travel in the spec by name; file data is read on each
 * executor from the spec's data folder, which every executor must therefore see.
 *
 * @param master the Spark master, or null for the runner's own executors
 */
record TrainingPlacement(String master) {

    /** The store's value of {@link QueuedTrials#EXECUTOR} for a search whose trials run as Spark tasks. */
    static final String SPARK = "spark";
    /** Store attribute: the Spark master of a search whose trials run as Spark tasks. */
    static final String SPARK_MASTER = "sparkMaster";

    /** Trials where the runner puts them. */
    static TrainingPlacement local() {
        return new TrainingPlacement(null);
    }

    /**
     * The placement the executor options choose for {@code used}, checked against it.
     *
     * @throws UserInputException naming the flag when Spark cannot run this search's trials
     */
    static TrainingPlacement of(ExecutorOptions executor, TrainingSearchSpec used) {
        if (!executor.spark()) {
            return local();
        }
        if (used.scoredByProxy()) {
            throw new UserInputException("--proxy scores candidates in this process; leave out --executor spark");
        }
        if (used.workers() < 1) {
            throw new UserInputException("--workers is how many trials run at once as Spark tasks with --executor spark; "
                    + "it must be at least 1, got " + used.workers());
        }
        return new TrainingPlacement(executor.master());
    }

    /**
     * The placement a resumed search's trials get: the executor flags given to {@code resume} when there are
     * any, else where the store says the search ran them (Spark with its master, or as the runner decides,
     * which reads the queue mark itself). A search the flags move off Spark or the queue is marked anew.
     *
     * @throws UserInputException when the stored placement is Spark and Spark is not on the class path
     */
    static TrainingPlacement forResume(ExecutorOptions executor, TrainingSearchSpec used, StoredSearch stored) {
        if (executor.given() != null) {
            TrainingPlacement chosen = of(executor, used);
            String mark = executor.queue() ? QueuedTrials.QUEUE : chosen.master == null ? "local" : SPARK;
            stored.putAttribute(QueuedTrials.EXECUTOR, mark);
            chosen.record(stored::putAttribute);
            return chosen;
        }
        if (!stored.attribute(QueuedTrials.EXECUTOR).filter(SPARK::equals).isPresent()) {
            return local();
        }
        String master = stored.required(SPARK_MASTER);
        if (!SparkExecutors.available()) {
            throw new UserInputException("the search in " + stored.description() + " runs its trials on Spark (master "
                    + master + "), which is not on this class path; resume it through ./nas or spark-submit, "
                    + "or give --executor local to run the rest here");
        }
        return new TrainingPlacement(master);
    }

    /** Records in a new search's description where its trials run, so that {@code resume} runs them there too. */
    void record(java.util.function.BiConsumer<String, String> description) {
        if (master != null) {
            description.accept(QueuedTrials.EXECUTOR, SPARK);
            description.accept(SPARK_MASTER, master);
        }
    }

    /** Makes a classification or volumetric search's executor, its results kept in {@code stored}. */
    Function<TrainingSearch.Job<?>, TrialExecutor> classification(TrainingSearchSpec used, StoredSearch stored) {
        if (master == null) {
            return QueuedTrials.executors(used, stored, stored.url());
        }
        return job -> SparkExecutors.remote(master, used.workers(), job.space(), stored.url(),
                TrialRecipe.of(TrainingJobFactory.class, TrainingJobFactory.configuration(used)));
    }

    /** Makes a detection search's executor, its results kept in {@code stored}. */
    Function<DetectionSearch.Job<?>, TrialExecutor> detection(StoredSearch stored) {
        if (master == null) {
            return QueuedTrials.detectionExecutors(stored, stored.url());
        }
        return job -> SparkExecutors.remote(master, job.spec().workers(), job.space(), stored.url(),
                TrialRecipe.of(DetectionJobFactory.class, TrainingJobFactory.configuration(job.spec())));
    }
}
