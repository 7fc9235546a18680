package io.nas4j.core.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Predicts where a partial learning curve ends: the validation metric after each epoch so far is fitted by
 * a small family of saturating and slowly growing curves, the fits are averaged with weights from the
 * Bayesian information criterion, and the prediction at the target epoch comes with a standard deviation
 * and an optimistic bound, which is what a stopping rule compares with the incumbent.
 *
 * <p>Every family is {@code y = a + beta * g(x)} for a basis {@code g} with at most one shape parameter
 * {@code c}, so for a fixed {@code c} the fit is an ordinary least-squares line in {@code g(x)}, solved in
 * closed form; {@code c} is found by a log-spaced grid refined by golden-section search on the residual sum
 * of squares (variable projection). The families:
 * <ul>
 *   <li>{@link Family#POW3}: {@code a - b x^-c} (power law, the usual fit of accuracy over epochs);</li>
 *   <li>{@link Family#EXP3}: {@code a - b e^(-c x)} (exponential saturation);</li>
 *   <li>{@link Family#LOG_LINEAR}: {@code a + b ln x} (no saturation: the optimistic member);</li>
 *   <li>{@link Family#INVERSE_LOG}: {@code a - b / ln(x + 1)} (slow saturation).</li>
 * </ul>
 *
 * <p>Uncertainty: each fit's prediction variance is the least-squares variance of a line at {@code g(T)}
 * plus the noise of one more observation, {@code s^2 (1 + 1/n + (g(T) - mean g)^2 / S_gg)}, with the
 * residual variance {@code s^2} floored at {@code noiseFloor^2} (a curve of three points fits a
 * three-parameter family exactly, but the next epoch will still be noisy). The averaged prediction's
 * variance is the mixture's: the weighted variances plus the spread of the fits' means. The optimistic
 * bound is the mixture's {@code mean + confidence * std}, raised to any family's own optimistic value
 * when that family has at least 5% of the weight, so that a curve one plausible family expects to keep
 * rising is not judged by the others alone. A family's optimistic value is its
 * {@code prediction + confidence * sd}, maximised for the three-parameter families over every shape
 * {@code c} that fits within {@code confidence^2 s^2} of the best residual sum of squares (a
 * profile-likelihood interval: a few early points leave the curvature, and so the asymptote, open).
 * Predictions are clamped to {@code [lowest, highest]} (0 and 1 for accuracy).
 *
 * <p>Deterministic and pure: no randomness, no state; safe to share between threads.
 *
 * @see <a href="https://www.ijcai.org/Proceedings/15/Papers/487.pdf">Domhan, Springenberg, Hutter 2015,
 * for the families and the idea of stopping on an extrapolated curve</a>
 */
public final class LearningCurveExtrapolation {

    /** The curve families fitted. */
    public enum Family {
        POW3(3), EXP3(3), LOG_LINEAR(2), INVERSE_LOG(2);

        private final int parameters;

        Family(int parameters) {
            this.parameters = parameters;
        }

        /** Free parameters: a, b and, for the three-parameter families, c. */
        public int parameters() {
            return parameters;
        }

        /** The basis {@code g(x)} with shape {@code c} (ignored by the two-parameter families). */
        double basis(double x, double c) {
            return switch (this) {
                case POW3 -> Math.pow(x, -c);
                case EXP3 -> Math.exp(-c * x);
                case LOG_LINEAR -> Math.log(x);
                case INVERSE_LOG -> 1.0 / Math.log(x + 1);
            };
        }
    }

    /**
     * One family fitted to a curve: {@code y = a + beta * g_c(x)}.
     *
     * @param family the family
     * @param a      the intercept (the asymptote of the saturating families)
     * @param beta   the slope in the basis; the families' {@code b} is {@code -beta} except for LOG_LINEAR
     * @param c      the shape parameter, NaN for the two-parameter families
     * @param sse    residual sum of squares on the curve
     * @param weight the fit's weight in the average, summing to 1 over the fits
     */
    public record Fit(Family family, double a, double beta, double c, double sse, double weight) {

        /** The fitted curve's value at epoch {@code x}. */
        public double valueAt(double x) {
            return a + beta * family.basis(x, c);
        }

        /** The family's own {@code b}: {@code a - b g(x)} for the saturating families, {@code a + b ln x} for LOG_LINEAR. */
        public double b() {
            return family == Family.LOG_LINEAR ? beta : -beta;
        }
    }

    /**
     * The predicted value at the target epoch.
     *
     * @param mean  the weighted mean of the fits' predictions, clamped to the bounds
     * @param std   the mixture's standard deviation
     * @param upper the optimistic bound (see the class comment), clamped to the bounds
     * @param fits  the fits that entered the average
     */
    public record Prediction(double target, double mean, double std, double upper, List<Fit> fits) {
        public Prediction {
            fits = List.copyOf(fits);
        }
    }

    /** Fits with at least this weight bound the optimistic prediction on their own. */
    static final double SIGNIFICANT_WEIGHT = 0.05;

    private static final int GRID = 80;
    private static final double SHAPE_MIN = 1e-3;
    private static final double SHAPE_MAX = 20;
    private static final int GOLDEN_STEPS = 80;

    private final double noiseFloor;
    private final double confidence;
    private final double lowest;
    private final double highest;

    /**
     * @param noiseFloor the least standard deviation of one observation, positive (0.01 for accuracy on a
     *                   few hundred validation examples)
     * @param confidence the number of standard deviations above the mean that {@link Prediction#upper} lies
     * @param lowest     the least value the metric can take
     * @param highest    the greatest value the metric can take
     */
    public LearningCurveExtrapolation(double noiseFloor, double confidence, double lowest, double highest) {
        if (!(noiseFloor > 0) || Double.isInfinite(noiseFloor)) {
            throw new IllegalArgumentException("noise floor must be positive, got " + noiseFloor);
        }
        if (!(confidence >= 0) || Double.isInfinite(confidence)) {
            throw new IllegalArgumentException("confidence must be at least 0, got " + confidence);
        }
        if (!(lowest < highest)) {
            throw new IllegalArgumentException("lowest must be below highest, got " + lowest + " and " + highest);
        }
        this.noiseFloor = noiseFloor;
        this.confidence = confidence;
        this.lowest = lowest;
        this.highest = highest;
    }

    /** For accuracy in [0, 1]: noise floor 0.01, optimistic bound two standard deviations above the mean. */
    public static LearningCurveExtrapolation forAccuracy() {
        return new LearningCurveExtrapolation(0.01, 2.0, 0, 1);
    }

    /** The number of standard deviations of the optimistic bound. */
    public double confidence() {
        return confidence;
    }

    /**
     * Predicts the value at epoch {@code target} from {@code curve}, whose element {@code i} is the value
     * after epoch {@code i + 1}.
     *
     * @throws IllegalArgumentException with fewer than 2 points, a value that is not finite, or a target
     *                                  before the curve's last epoch
     */
    public Prediction predict(List<Double> curve, double target) {
        Objects.requireNonNull(curve, "curve");
        int n = curve.size();
        if (n < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points to extrapolate, got " + n);
        }
        if (!(target >= n) || Double.isInfinite(target)) {
            throw new IllegalArgumentException("the target epoch must be finite and at least the curve's last epoch "
                    + n + ", got " + target);
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Double value = curve.get(i);
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("curve point " + (i + 1) + " is " + value);
            }
            x[i] = i + 1;
            y[i] = value;
        }
        List<Fit> fits = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (Family family : Family.values()) {
            if (n < family.parameters()) {
                continue;
            }
            Fit fit = fit(family, x, y);
            if (fit == null) {
                continue;
            }
            double variance = Math.max(fit.sse() / n, noiseFloor * noiseFloor);
            // BIC = -2 log L + k ln n with the Gaussian likelihood at the (floored) variance
            scores.add(n * Math.log(variance) + family.parameters() * Math.log(n));
            fits.add(fit);
        }
        double best = scores.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double total = 0;
        double[] weights = new double[fits.size()];
        for (int i = 0; i < fits.size(); i++) {
            weights[i] = Math.exp(-0.5 * (scores.get(i) - best));
            total += weights[i];
        }
        double mean = 0;
        double[] predictions = new double[fits.size()];
        double[] variances = new double[fits.size()];
        List<Fit> weighted = new ArrayList<>();
        for (int i = 0; i < fits.size(); i++) {
            Fit fit = fits.get(i);
            weights[i] /= total;
            predictions[i] = clamp(fit.valueAt(target));
            variances[i] = predictionVariance(fit, x, target);
            mean += weights[i] * predictions[i];
            weighted.add(new Fit(fit.family(), fit.a(), fit.beta(), fit.c(), fit.sse(), weights[i]));
        }
        double variance = 0;
        for (int i = 0; i < fits.size(); i++) {
            double spread = predictions[i] - mean;
            variance += weights[i] * (variances[i] + spread * spread);
        }
        double std = Math.sqrt(variance);
        // optimistic: no family that carries real weight may be more hopeful than the bound
        double upper = mean + confidence * std;
        for (int i = 0; i < fits.size(); i++) {
            if (weights[i] >= SIGNIFICANT_WEIGHT) {
                upper = Math.max(upper, optimistic(fits.get(i), x, y, target));
            }
        }
        return new Prediction(target, clamp(mean), std, clamp(upper), weighted);
    }

    /**
     * The least-squares fit of one family to the points, or null when the points cannot determine it (all
     * basis values equal).
     */
    public Fit fit(Family family, double[] x, double[] y) {
        Objects.requireNonNull(family, "family");
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("need at least 2 points with as many x as y, got " + x.length
                    + " and " + y.length);
        }
        if (family.parameters() == 2) {
            return line(family, Double.NaN, x, y);
        }
        // SSE over ln c: a grid, then golden-section search around the best grid point
        double low = Math.log(SHAPE_MIN);
        double high = Math.log(SHAPE_MAX);
        double step = (high - low) / (GRID - 1);
        int bestIndex = -1;
        double bestSse = Double.POSITIVE_INFINITY;
        for (int i = 0; i < GRID; i++) {
            double sse = sse(line(family, Math.exp(low + i * step), x, y));
            if (sse < bestSse) {
                bestSse = sse;
                bestIndex = i;
            }
        }
        if (bestIndex < 0) {
            return null;
        }
        double left = low + Math.max(0, bestIndex - 1) * step;
        double right = low + Math.min(GRID - 1, bestIndex + 1) * step;
        double ratio = (Math.sqrt(5) - 1) / 2;
        double first = right - ratio * (right - left);
        double second = left + ratio * (right - left);
        double firstSse = sse(line(family, Math.exp(first), x, y));
        double secondSse = sse(line(family, Math.exp(second), x, y));
        for (int i = 0; i < GOLDEN_STEPS; i++) {
            if (firstSse <= secondSse) {
                right = second;
                second = first;
                secondSse = firstSse;
                first = right - ratio * (right - left);
                firstSse = sse(line(family, Math.exp(first), x, y));
            } else {
                left = first;
                first = second;
                firstSse = secondSse;
                second = left + ratio * (right - left);
                secondSse = sse(line(family, Math.exp(second), x, y));
            }
        }
        Fit refined = line(family, Math.exp((left + right) / 2), x, y);
        Fit grid = line(family, Math.exp(low + bestIndex * step), x, y);
        return sse(refined) <= sse(grid) ? refined : grid;
    }

    /** The least-squares line {@code y = a + beta g_c(x)}, or null when g does not vary over the points. */
    private static Fit line(Family family, double c, double[] x, double[] y) {
        int n = x.length;
        double meanG = 0;
        double meanY = 0;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = family.basis(x[i], c);
            meanG += g[i];
            meanY += y[i];
        }
        meanG /= n;
        meanY /= n;
        double sgg = 0;
        double sgy = 0;
        for (int i = 0; i < n; i++) {
            sgg += (g[i] - meanG) * (g[i] - meanG);
            sgy += (g[i] - meanG) * (y[i] - meanY);
        }
        if (!(sgg > 1e-18 * Math.max(1, meanG * meanG)) || !Double.isFinite(sgg)) {
            return null;
        }
        double beta = sgy / sgg;
        double a = meanY - beta * meanG;
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double residual = y[i] - a - beta * g[i];
            sse += residual * residual;
        }
        return new Fit(family, a, beta, c, sse, 1);
    }

    private static double sse(Fit fit) {
        return fit == null ? Double.POSITIVE_INFINITY : fit.sse();
    }

    /**
     * The family's own optimistic value at {@code target}: the greatest {@code prediction + confidence * sd}
     * over the shapes {@code c} whose residual sum of squares is within {@code confidence^2 s^2} of the best
     * (a profile-likelihood interval for the shape, which three or four points leave wide), the line's
     * variance taken at each shape.
     */
    private double optimistic(Fit best, double[] x, double[] y, double target) {
        double value = clamp(best.valueAt(target)) + confidence * Math.sqrt(predictionVariance(best, x, target));
        if (best.family().parameters() == 2) {
            return value;
        }
        int freedom = x.length - best.family().parameters();
        double s2 = Math.max(freedom > 0 ? best.sse() / freedom : 0, noiseFloor * noiseFloor);
        double threshold = best.sse() + confidence * confidence * s2;
        double low = Math.log(SHAPE_MIN);
        double step = (Math.log(SHAPE_MAX) - low) / (GRID - 1);
        for (int i = 0; i < GRID; i++) {
            Fit fit = line(best.family(), Math.exp(low + i * step), x, y);
            if (fit != null && fit.sse() <= threshold) {
                value = Math.max(value, clamp(fit.valueAt(target)) + confidence * Math.sqrt(predictionVariance(fit, x, target)));
            }
        }
        return value;
    }

    /** The variance of one new observation at {@code target} under the fit's line (its shape held fixed). */
    private double predictionVariance(Fit fit, double[] x, double target) {
        int n = x.length;
        double meanG = 0;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = fit.family().basis(x[i], fit.c());
            meanG += g[i];
        }
        meanG /= n;
        double sgg = 0;
        for (int i = 0; i < n; i++) {
            sgg += (g[i] - meanG) * (g[i] - meanG);
        }
        int freedom = n - fit.family().parameters();
        double residual = freedom > 0 ? fit.sse() / freedom : 0;
        double s2 = Math.max(residual, noiseFloor * noiseFloor);
        double offset = fit.family().basis(target, fit.c()) - meanG;
        return s2 * (1 + 1.0 / n + offset * offset / sgg);
    }

    private double clamp(double value) {
        return Math.max(lowest, Math.min(highest, value));
    }
}
