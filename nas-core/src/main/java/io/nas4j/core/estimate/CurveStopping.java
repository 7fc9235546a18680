package io.nas4j.core.estimate;

import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.trial.Incumbent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Stops a training run whose learning curve cannot beat the incumbent: after at least {@code minEpochs}
 * epochs, the partial validation curve is extrapolated to the run's last epoch
 * ({@link LearningCurveExtrapolation}); when the optimistic bound of that prediction and every value seen so
 * far are below the incumbent's, the run stops. A run is never stopped at or after its last epoch, never
 * before {@code minEpochs}, and never once it has reached the incumbent, so a run that ends better than the
 * incumbent is stopped only when its curve looked hopeless by the prediction's own bound.
 *
 * <p>Immutable and thread-safe; each training run gets its own {@link Monitor}.
 */
public final class CurveStopping {

    /** The least number of epochs before stopping is considered unless configured otherwise. */
    public static final int DEFAULT_MIN_EPOCHS = 3;

    private final LearningCurveExtrapolation extrapolation;
    private final int minEpochs;

    /**
     * @param extrapolation how curves are predicted; its confidence sets how optimistic the bound is
     * @param minEpochs     epochs trained before the first decision, at least 2 (two points to fit)
     */
    public CurveStopping(LearningCurveExtrapolation extrapolation, int minEpochs) {
        this.extrapolation = Objects.requireNonNull(extrapolation, "extrapolation");
        if (minEpochs < 2) {
            throw new IllegalArgumentException("curve stopping needs at least 2 epochs before deciding, got " + minEpochs);
        }
        this.minEpochs = minEpochs;
    }

    /** Accuracy curves, a bound two standard deviations above the mean, decisions from epoch 3. */
    public static CurveStopping forAccuracy() {
        return new CurveStopping(LearningCurveExtrapolation.forAccuracy(), DEFAULT_MIN_EPOCHS);
    }

    public int minEpochs() {
        return minEpochs;
    }

    /**
     * Why a run stopped.
     *
     * @param epoch          the epoch after which it stopped
     * @param targetEpochs   the epochs it was to train
     * @param predictedMean  the extrapolated value at {@code targetEpochs}
     * @param predictedUpper the optimistic bound of that value
     * @param incumbent      the value it could not beat
     */
    public record Decision(int epoch, int targetEpochs, double predictedMean, double predictedUpper,
                           Incumbent incumbent) {

        /** One sentence for the trial's reason. */
        public String reason() {
            return String.format(Locale.ROOT, "stopped after %d of %d epochs: the learning curve extrapolates to %s"
                            + " %.4f (optimistic bound %.4f), below the incumbent's %.4f (trial %d)", epoch, targetEpochs,
                    incumbent.metric(), predictedMean, predictedUpper, incumbent.value(), incumbent.trialId());
        }
    }

    /**
     * The decision after the last point of {@code curve} (element {@code i} is the value after epoch
     * {@code i + 1}): stop, or empty to go on.
     */
    public Optional<Decision> decide(List<Double> curve, int targetEpochs, Incumbent incumbent) {
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(incumbent, "incumbent");
        int epoch = curve.size();
        if (epoch < minEpochs || epoch >= targetEpochs) {
            return Optional.empty();
        }
        double best = Double.NEGATIVE_INFINITY;
        for (Double value : curve) {
            if (value == null || !Double.isFinite(value)) {
                return Optional.empty();
            }
            best = Math.max(best, value);
        }
        if (best >= incumbent.value()) {
            return Optional.empty();
        }
        LearningCurveExtrapolation.Prediction prediction = extrapolation.predict(curve, targetEpochs);
        if (prediction.upper() >= incumbent.value()) {
            return Optional.empty();
        }
        return Optional.of(new Decision(epoch, targetEpochs, prediction.mean(), prediction.upper(), incumbent));
    }

    /** A monitor for one run of {@code targetEpochs} epochs against {@code incumbent}. */
    public Monitor monitor(Incumbent incumbent, int targetEpochs) {
        return new Monitor(incumbent, targetEpochs);
    }

    /** Watches one run's validation curve; not thread-safe (a backend calls it from its training thread). */
    public final class Monitor implements TrainingBackend.EpochMonitor {
        private final Incumbent incumbent;
        private final int targetEpochs;
        private final List<Double> curve = new ArrayList<>();
        private Decision decision;

        private Monitor(Incumbent incumbent, int targetEpochs) {
            this.incumbent = Objects.requireNonNull(incumbent, "incumbent");
            this.targetEpochs = targetEpochs;
        }

        @Override
        public boolean epochFinished(int epoch, double trainLoss, double validationAccuracy) {
            curve.add(validationAccuracy);
            if (decision != null) {
                return false;
            }
            decision = decide(curve, targetEpochs, incumbent).orElse(null);
            return decision == null;
        }

        /** Why the run stopped, or empty when it was not stopped. */
        public Optional<Decision> decision() {
            return Optional.ofNullable(decision);
        }
    }
}
