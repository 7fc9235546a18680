package io.nas4j.executor.spark;

import io.nas4j.core.port.Claim;
import io.nas4j.core.port.TrialLeases;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialStores;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Incumbent;
import io.nas4j.core.trial.TrialResult;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One trial as a Spark task. On the executor it evaluates the trial with the recipe's evaluation, built once
 * per executor JVM, and either writes the result under a lease it claims in the shared store
 * ({@link SparkTrialExecutor.Results#TASKS}) or returns it for the driver to commit
 * ({@link SparkTrialExecutor.Results#DRIVER}). A trial that fails by itself (throws, diverges) is a FAILED
 * result and the task succeeds; only a failure of the machinery (the store cannot be reached, the recipe
 * cannot be built, the executor dies) fails the task, so only those use Spark's retries. Writing to the
 * store, a retried task finds a result its predecessor stored and reuses it, or claims the trial anew (which
 * voids the predecessor's lease): a result is recorded once, however often the task ran. Returning it,
 * Spark keeps one successful attempt's result per task, and the driver commits it under the same fencing.
 *
 * @param storeUrl       the shared store, opened on the executor through {@link TrialStores}; null when the
 *                       driver commits the results
 * @param trialId        the trial
 * @param attempt        the search's attempt of the trial
 * @param genome         the genome's text form
 * @param fidelity       the fidelity's resource
 * @param recipe         what evaluates the trial, built once per executor JVM
 * @param incumbentMetric the metric of the incumbent the trial was started with, or null when it had none
 * @param incumbentValue the incumbent's value
 * @param incumbentTrial the trial that holds the incumbent
 */
record TrialTask(String storeUrl, long trialId, int attempt, String genome, double fidelity, TrialRecipe recipe,
                 String incumbentMetric, double incumbentValue, long incumbentTrial) implements Serializable {

    private static final long serialVersionUID = 2L;

    // per executor JVM: one store object per URL, one evaluation per recipe
    private static final Map<String, TrialLeases> STORES = new ConcurrentHashMap<>();
    private static final Map<TrialRecipe, TrialRecipe.Evaluation<?>> EVALUATIONS = new ConcurrentHashMap<>();

    /** A task for one attempt of a trial, carrying its incumbent. */
    static TrialTask of(String storeUrl, long trialId, int attempt, String genome, double fidelity, TrialRecipe recipe,
                        Optional<Incumbent> incumbent) {
        return new TrialTask(storeUrl, trialId, attempt, genome, fidelity, recipe,
                incumbent.map(Incumbent::metric).orElse(null), incumbent.map(Incumbent::value).orElse(0.0),
                incumbent.map(Incumbent::trialId).orElse(-1L));
    }

    /** The incumbent the search started the trial with, if any. */
    Optional<Incumbent> incumbent() {
        return incumbentMetric == null ? Optional.empty()
                : Optional.of(new Incumbent(incumbentMetric, incumbentValue, incumbentTrial));
    }

    /** Whether the task writes its result to the store itself (else it returns it to the driver). */
    boolean writesStore() {
        return storeUrl != null;
    }

    /** Runs on an executor. */
    static TaskReport call(TrialTask task) throws Exception {
        TaskContext context = TaskContext.get();
        String executor = SparkEnv.get().executorId();
        String label = "spark executor " + executor + " task attempt " + (context == null ? 0 : context.attemptNumber());
        if (context != null && !"driver".equals(executor)) {
            EngineThreads.perTaskSlot(context.cpus());
        }
        if (!task.writesStore()) {
            return TaskReport.evaluated(label, task.evaluate(evaluation(task.recipe())));
        }
        TrialLeases store = STORES.computeIfAbsent(task.storeUrl(), TrialStores::openLeases);
        Claim claim = store.claim(task.trialId(), task.attempt(), label);
        if (claim instanceof Claim.AlreadyFinished) {
            return TaskReport.of(label, TaskReport.Outcome.ALREADY_RECORDED, "");
        }
        if (claim instanceof Claim.Superseded superseded) {
            return TaskReport.of(label, TaskReport.Outcome.SUPERSEDED, superseded.reason());
        }
        Claim.Granted granted = (Claim.Granted) claim;
        TrialResult result = task.evaluate(evaluation(task.recipe()));
        return store.complete(granted.lease(), result) ? TaskReport.of(label, TaskReport.Outcome.RECORDED, "")
                : TaskReport.of(label, TaskReport.Outcome.REFUSED, "the lease was taken over");
    }

    /** The recipe's evaluation in this JVM, built by the first task that needs it; a failed build fails the task. */
    private static TrialRecipe.Evaluation<?> evaluation(TrialRecipe recipe) throws Exception {
        TrialRecipe.Evaluation<?> built = EVALUATIONS.get(recipe);
        if (built == null) {
            synchronized (EVALUATIONS) {
                built = EVALUATIONS.get(recipe);
                if (built == null) {
                    built = recipe.build();
                    EVALUATIONS.put(recipe, built);
                }
            }
        }
        return built;
    }

    private TrialResult evaluate(TrialRecipe.Evaluation<?> evaluation) {
        try {
            return evaluation.evaluate(trialId, genome, new Fidelity(fidelity), attempt, incumbent());
        } catch (OutOfMemoryError e) {
            return TrialResult.failed("out of memory: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TrialResult.lost("interrupted");
        } catch (Exception | LinkageError | AssertionError e) {
            return TrialResult.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
