package io.nas4j.executor.spark;

import io.nas4j.core.port.Claim;
import io.nas4j.core.port.TrialLeases;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialStores;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.TrialResult;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One trial as a Spark task. On the executor it claims the trial's attempt in the shared store, evaluates
 * it with the recipe's evaluation, and writes the result under its lease; it returns what happened as
 * text. A trial that fails by itself (throws, diverges) is a FAILED result and the task succeeds; only a
 * failure of the machinery (the store cannot be reached, the recipe cannot be built, the executor dies)
 * fails the task, so only those use Spark's retries. A retried task finds a result its predecessor stored and reuses it, or claims the trial anew
 * (which voids the predecessor's lease): a result is recorded once, however often the task ran.
 *
 * @param storeUrl      the shared store, opened on the executor through {@link TrialStores}
 * @param trialId       the trial
 * @param attempt       the search's attempt of the trial
 * @param genome        the genome's text form
 * @param fidelity      the fidelity's resource
 * @param recipe        what evaluates the trial, built once per executor JVM
 */
record TrialTask(String storeUrl, long trialId, int attempt, String genome, double fidelity, TrialRecipe recipe)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What a task reports when its result is in the store. */
    static final String RECORDED = "recorded";
    static final String ALREADY_RECORDED = "already recorded";

    // per executor JVM: one store object per URL, one evaluation per recipe
    private static final Map<String, TrialLeases> STORES = new ConcurrentHashMap<>();
    private static final Map<TrialRecipe, TrialRecipe.Evaluation<?>> EVALUATIONS = new ConcurrentHashMap<>();

    /** Runs on an executor. */
    static String call(TrialTask task) throws Exception {
        TaskContext context = TaskContext.get();
        String label = "spark executor " + SparkEnv.get().executorId() + " task attempt "
                + (context == null ? 0 : context.attemptNumber());
        TrialLeases store = STORES.computeIfAbsent(task.storeUrl(), TrialStores::openLeases);
        Claim claim = store.claim(task.trialId(), task.attempt(), label);
        if (claim instanceof Claim.AlreadyFinished) {
            return ALREADY_RECORDED;
        }
        if (claim instanceof Claim.Superseded superseded) {
            return "superseded: " + superseded.reason();
        }
        Claim.Granted granted = (Claim.Granted) claim;
        TrialResult result = task.evaluate(evaluation(task.recipe()));
        return store.complete(granted.lease(), result) ? RECORDED : "refused: the lease was taken over";
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
            return evaluation.evaluate(trialId, genome, new Fidelity(fidelity), attempt, Optional.empty());
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
