package io.nas4j.core.estimate;

import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.trial.TrialResult;

import java.util.Optional;

/**
 * The checks a candidate passes before an estimator spends anything on it: a valid network, at most so
 * many parameters and multiply-adds per example. Shared by the estimators that train and that score, so a
 * limit fails a trial with the same reason whichever estimates it.
 */
final class SizeLimits {

    private SizeLimits() {
    }

    /** The failed result {@code analysis} gets under these limits; empty when the network passes them. */
    static Optional<TrialResult> failure(NetworkAnalysis analysis, long maxParameters, long maxMacs) {
        if (!analysis.valid()) {
            return Optional.of(TrialResult.failed("invalid network: " + analysis.invalidReason().orElse("unknown reason")));
        }
        if (analysis.parameters() > maxParameters) {
            return Optional.of(TrialResult.failed("network has " + analysis.parameters()
                    + " parameters, more than the limit of " + maxParameters));
        }
        if (analysis.macs() > maxMacs) {
            return Optional.of(TrialResult.failed("network has " + analysis.macs()
                    + " multiply-adds per example, more than the limit of " + maxMacs));
        }
        return Optional.empty();
    }
}
