package io.nas4j.core.port;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;

/**
 * Turns a trial into metrics: by full training, a low-fidelity proxy, learning-curve extrapolation,
 * weight sharing, a zero-cost proxy or a tabular lookup.
 *
 * <p>Contract: an estimator may be called from several threads at once unless its executor says
 * otherwise. It may throw; the search records the trial as FAILED with the exception's message and goes
 * on. A metric that is NaN or infinite also fails the trial. The same trial (genome, fidelity, seed)
 * should give the same metrics where the underlying engine allows.
 */
@FunctionalInterface
public interface PerformanceEstimator<G extends Genome> {

    TrialResult estimate(Trial<G> trial) throws Exception;
}
