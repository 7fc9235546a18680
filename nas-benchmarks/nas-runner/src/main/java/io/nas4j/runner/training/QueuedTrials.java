package io.nas4j.runner.training;

import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.executor.queue.QueueTrialExecutor;

import java.util.function.Function;

/**
 * A training search (classification, volumetric or detection) whose trials wait in its store for workers ({@code nas worker}) on any host: the
 * search is marked in its store as queued ({@value #EXECUTOR} = {@value #QUEUE}), so that it resumes on the
 * queue too, and its trials run through a {@link QueueTrialExecutor} with the recipe a worker rebuilds the
 * search's estimator from ({@link TrainingJobFactory}, {@link DetectionJobFactory}).
 */
public final class QueuedTrials {

    /** Store attribute: where the search's trials run; {@value #QUEUE} for a queued search. */
    public static final String EXECUTOR = "executor";
    /** The value of {@value #EXECUTOR} for a search whose trials run on queue workers. */
    public static final String QUEUE = "queue";

    private QueuedTrials() {
    }

    /** Whether the search the store describes runs its trials on queue workers. */
    public static boolean queued(TrialStore store) {
        return store.attribute(EXECUTOR).filter(QUEUE::equals).isPresent();
    }

    /**
     * Where the trials of a classification or volumetric search run: on the queue in the store at
     * {@code storeUrl} when {@code store} says the search is queued, else as {@link TrainingExecutors} decides.
     */
    public static Function<TrainingSearch.Job<?>, TrialExecutor> executors(TrainingSearchSpec spec, TrialStore store,
                                                                          String storeUrl) {
        if (!queued(store)) {
            return job -> TrainingExecutors.forSpec(job, spec);
        }
        return job -> queue(store, storeUrl, job.space(), TrialRecipe.of(TrainingJobFactory.class,
                TrainingJobFactory.configuration(spec)), spec);
    }

    /**
     * Where the trials of a detection search run: on the queue in the store at {@code storeUrl} when
     * {@code store} says the search is queued, else in this JVM or {@code --workers} processes
     * ({@link DetectionSearch#executor}).
     */
    public static Function<DetectionSearch.Job<?>, TrialExecutor> detectionExecutors(TrialStore store, String storeUrl) {
        if (!queued(store)) {
            return DetectionSearch::executor;
        }
        return job -> queue(store, storeUrl, job.space(), TrialRecipe.of(DetectionJobFactory.class,
                TrainingJobFactory.configuration(job.spec())), job.spec());
    }

    private static TrialExecutor queue(TrialStore store, String storeUrl, SearchSpace<?> space, TrialRecipe recipe,
                                       TrainingSearchSpec spec) {
        // the search takes its store over first (creating an SQLite file's folder), then the queue opens it
        store.putAttribute(EXECUTOR, QUEUE);
        return QueueTrialExecutor.open(storeUrl, QueueTrialExecutor.Settings.of(space, recipe, parallelism(spec)));
    }

    /** Trials queued at once: the spec's workers, at least one. */
    static int parallelism(TrainingSearchSpec spec) {
        return Math.max(1, spec.workers());
    }
}
