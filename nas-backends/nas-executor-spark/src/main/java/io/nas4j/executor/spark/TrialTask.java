package io.nas4j.executor.spark;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.Claim;
import io.nas4j.core.port.TrialLeases;
import io.nas4j.core.port.TrialStores;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One trial as a Spark task. On the executor it claims the trial's attempt in the shared store, runs the
 * estimator, and writes the result under its lease; it returns what happened as text. A trial that
 * fails by itself (throws, diverges) is a FAILED result and the task succeeds; only a failure of the
 * machinery (the store cannot be reached, the executor dies) fails the task, so only those use Spark's
 * retries. A retried task finds a result its predecessor stored and reuses it, or claims the trial anew
 * (which voids the predecessor's lease): a result is recorded once, however often the task ran.
 *
 * @param storeUrl      the shared store, opened on the executor through {@link TrialStores}
 * @param trialId       the trial
 * @param attempt       the search's attempt of the trial
 * @param genome        the genome's text form
 * @param fidelity      the fidelity's resource
 * @param factoryClass  a {@link RemoteEstimatorFactory}
 * @param configuration its configuration
 */
record TrialTask(String storeUrl, long trialId, int attempt, String genome, double fidelity, String factoryClass,
                 String configuration) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What a task reports when its result is in the store. */
    static final String RECORDED = "recorded";
    static final String ALREADY_RECORDED = "already recorded";

    // per executor JVM: one store object per URL, one estimator per factory and configuration
    private static final Map<String, TrialLeases> STORES = new ConcurrentHashMap<>();
    private static final Map<String, RemoteEstimator<?>> ESTIMATORS = new ConcurrentHashMap<>();

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
        TrialResult result = task.evaluate(estimator(task));
        return store.complete(granted.lease(), result) ? RECORDED : "refused: the lease was taken over";
    }

    private static RemoteEstimator<?> estimator(TrialTask task) throws Exception {
        String key = task.factoryClass() + "\n" + task.configuration();
        RemoteEstimator<?> built = ESTIMATORS.get(key);
        if (built == null) {
            synchronized (ESTIMATORS) {
                built = ESTIMATORS.get(key);
                if (built == null) {
                    RemoteEstimatorFactory factory = (RemoteEstimatorFactory) Class.forName(task.factoryClass())
                            .getDeclaredConstructor().newInstance();
                    built = factory.create(task.configuration());
                    ESTIMATORS.put(key, built);
                }
            }
        }
        return built;
    }

    private <G extends Genome> TrialResult evaluate(RemoteEstimator<G> remote) {
        try {
            G parsed = remote.space().parse(genome);
            TrialResult result = remote.estimator().estimate(new Trial<>(trialId, parsed, new Fidelity(fidelity), attempt));
            return result == null ? TrialResult.failed("the estimator returned no result") : result;
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
