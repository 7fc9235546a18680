package io.nas4j.strategies.bayesian;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

import java.util.Arrays;
import java.util.Objects;

/**
 * Gaussian-process regression with a stationary {@link Kernel} on the Euclidean distance between
 * encodings, optionally mixed with a linear kernel ({@link Hyperparameters#linearShare}): an immutable
 * posterior given training inputs, targets and hyperparameters.
 *
 * <p>The covariance matrix is factorised once (Cholesky, through EJML); each prediction then costs two
 * triangular solves' worth of work, O(n²). Targets should be standardised by the caller; the prior mean is 0.
 * A matrix that is not numerically positive definite (duplicate inputs with no noise) gets growing jitter
 * on its diagonal until it factorises.
 */
public final class GaussianProcess {

    private static final double FIRST_JITTER = 1e-10;

    private final double[][] inputs;
    private final Kernel kernel;
    private final Hyperparameters hyperparameters;
    private final double[] lower;
    private final double[] weights;
    private final double logMarginalLikelihood;
    private final double squaredNorm;

    private GaussianProcess(double[][] inputs, Kernel kernel, Hyperparameters hyperparameters, Factor factor,
                            double[] weights, double[] targets, double squaredNorm) {
        this.inputs = inputs;
        this.kernel = kernel;
        this.hyperparameters = hyperparameters;
        this.squaredNorm = squaredNorm;
        this.lower = factor.lower;
        this.weights = weights;
        int n = targets.length;
        double fit = 0;
        for (int i = 0; i < n; i++) {
            fit += targets[i] * weights[i];
        }
        // log N(y | 0, amplitude * K) = -(y' K^-1 y) / (2 amplitude) - log|K| / 2 - n log(2 pi amplitude) / 2
        this.logMarginalLikelihood = -fit / (2 * hyperparameters.amplitude()) - factor.halfLogDeterminant
                - n * StrictMath.log(2 * Math.PI * hyperparameters.amplitude()) / 2;
    }

    /**
     * The posterior given {@code targets} observed at {@code inputs}.
     *
     * @param inputs  n encodings of equal length, n at least 1; not copied, so not to be modified afterwards
     * @param targets n targets, standardised
     */
    public static GaussianProcess fit(double[][] inputs, double[] targets, Kernel kernel,
                                      Hyperparameters hyperparameters) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(hyperparameters, "hyperparameters");
        if (inputs.length == 0 || inputs.length != targets.length) {
            throw new IllegalArgumentException("need as many targets as inputs, at least one; got "
                    + inputs.length + " and " + targets.length);
        }
        double squaredNorm = meanSquaredNorm(inputs);
        double[][] products = hyperparameters.linearShare() == 0 ? null : products(inputs, squaredNorm);
        double[][] correlations = correlations(squaredDistances(inputs), products, kernel,
                hyperparameters.lengthScale(), hyperparameters.linearShare());
        Factor factor = Factor.of(correlations, hyperparameters.noise());
        double[] weights = factor.solve(targets);
        return new GaussianProcess(inputs, kernel, hyperparameters, factor, weights, targets, squaredNorm);
    }

    /**
     * The hyperparameters on the grid {@code lengthScales x noises} that maximise the marginal likelihood of
     * {@code targets}, each with its amplitude set to its maximum-likelihood value {@code y' K^-1 y / n}.
     * Deterministic: ties go to the first point of the grid, length scales outermost.
     */
    public static Hyperparameters maximumLikelihood(double[][] inputs, double[] targets, Kernel kernel,
                                                    double[] lengthScales, double[] noises) {
        return maximumLikelihood(inputs, targets, kernel, lengthScales, noises, new double[] {0});
    }

    /**
     * As {@link #maximumLikelihood(double[][], double[], Kernel, double[], double[])} on the grid
     * {@code linearShares x lengthScales x noises}, shares outermost; a share of 1 has no stationary part, so
     * only the first length scale is tried with it.
     */
    public static Hyperparameters maximumLikelihood(double[][] inputs, double[] targets, Kernel kernel,
                                                    double[] lengthScales, double[] noises, double[] linearShares) {
        if (inputs.length == 0 || inputs.length != targets.length) {
            throw new IllegalArgumentException("need as many targets as inputs, at least one");
        }
        double[][] distances = squaredDistances(inputs);
        double[][] products = Arrays.stream(linearShares).anyMatch(share -> share != 0)
                ? products(inputs, meanSquaredNorm(inputs)) : null;
        int n = targets.length;
        Hyperparameters best = null;
        double bestLikelihood = Double.NEGATIVE_INFINITY;
        for (double share : linearShares) {
            for (double lengthScale : share == 1 ? Arrays.copyOf(lengthScales, 1) : lengthScales) {
                double[][] correlations = correlations(distances, products, kernel, lengthScale, share);
                for (double noise : noises) {
                    Factor factor = Factor.of(correlations, noise);
                    double[] weights = factor.solve(targets);
                    double fit = 0;
                    for (int i = 0; i < n; i++) {
                        fit += targets[i] * weights[i];
                    }
                    // floor: standardised targets that are all equal would make the amplitude 0
                    double amplitude = Math.max(fit / n, 1e-12);
                    double likelihood = -n * StrictMath.log(amplitude) / 2 - factor.halfLogDeterminant;
                    if (best == null || likelihood > bestLikelihood) {
                        best = new Hyperparameters(lengthScale, noise, amplitude, share);
                        bestLikelihood = likelihood;
                    }
                }
            }
        }
        return best;
    }

    /** The median distance between distinct inputs, a natural unit for the length-scale grid; 1 if none. */
    public static double medianDistance(double[][] inputs) {
        double[][] distances = squaredDistances(inputs);
        int n = inputs.length;
        double[] positive = new double[n * (n - 1) / 2];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (distances[i][j] > 0) {
                    positive[count++] = distances[i][j];
                }
            }
        }
        if (count == 0) {
            return 1;
        }
        Arrays.sort(positive, 0, count);
        return StrictMath.sqrt(positive[count / 2]);
    }

    /** The posterior of the latent function at {@code input}. */
    public Prediction predict(double[] input) {
        int n = inputs.length;
        double share = hyperparameters.linearShare();
        double[] covariance = new double[n];
        for (int i = 0; i < n; i++) {
            double stationary = kernel.correlation(squaredDistance(inputs[i], input), hyperparameters.lengthScale());
            covariance[i] = share == 0 ? stationary : mix(stationary, product(inputs[i], input) / squaredNorm, share);
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += covariance[i] * weights[i];
        }
        TriangularSolver_DDRM.solveL(lower, covariance, n);
        double explained = 0;
        for (int i = 0; i < n; i++) {
            explained += covariance[i] * covariance[i];
        }
        double prior = share == 0 ? 1 : mix(1, product(input, input) / squaredNorm, share);
        double variance = hyperparameters.amplitude() * Math.max(0, prior - explained);
        return new Prediction(mean, variance);
    }

    /** The log marginal likelihood of the training targets under this model. */
    public double logMarginalLikelihood() {
        return logMarginalLikelihood;
    }

    public Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    public int size() {
        return inputs.length;
    }

    /**
     * A posterior at one point.
     *
     * @param mean     the posterior mean
     * @param variance the posterior variance of the latent function (without observation noise), at least 0
     */
    public record Prediction(double mean, double variance) {
        public double deviation() {
            return Math.sqrt(variance);
        }
    }

    private static double[][] squaredDistances(double[][] inputs) {
        int n = inputs.length;
        double[][] distances = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double distance = squaredDistance(inputs[i], inputs[j]);
                distances[i][j] = distance;
                distances[j][i] = distance;
            }
        }
        return distances;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double total = 0;
        for (int k = 0; k < a.length; k++) {
            double difference = a[k] - b[k];
            total += difference * difference;
        }
        return total;
    }

    private static double product(double[] a, double[] b) {
        double total = 0;
        for (int k = 0; k < a.length; k++) {
            total += a[k] * b[k];
        }
        return total;
    }

    /** The mean of the inputs' squared norms, which scales the linear kernel to 1 on average; 1 if all are 0. */
    private static double meanSquaredNorm(double[][] inputs) {
        double total = 0;
        for (double[] input : inputs) {
            total += product(input, input);
        }
        return total > 0 ? total / inputs.length : 1;
    }

    /** The inner products of the inputs divided by {@code squaredNorm}; only a linear share needs them. */
    private static double[][] products(double[][] inputs, double squaredNorm) {
        int n = inputs.length;
        double[][] products = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double value = product(inputs[i], inputs[j]) / squaredNorm;
                products[i][j] = value;
                products[j][i] = value;
            }
        }
        return products;
    }

    private static double mix(double stationary, double linear, double linearShare) {
        return (1 - linearShare) * stationary + linearShare * linear;
    }

    private static double[][] correlations(double[][] distances, double[][] products, Kernel kernel,
                                           double lengthScale, double linearShare) {
        int n = distances.length;
        double[][] correlations = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double stationary = kernel.correlation(distances[i][j], lengthScale);
                double value = linearShare == 0 ? stationary : mix(stationary, products[i][j], linearShare);
                correlations[i][j] = value;
                correlations[j][i] = value;
            }
        }
        return correlations;
    }

    /** The lower Cholesky factor of {@code correlations + noise I}, row-major. */
    private record Factor(double[] lower, int size, double halfLogDeterminant) {

        static Factor of(double[][] correlations, double noise) {
            int n = correlations.length;
            double jitter = 0;
            while (true) {
                DMatrixRMaj matrix = new DMatrixRMaj(n, n);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        matrix.unsafe_set(i, j, correlations[i][j]);
                    }
                    matrix.unsafe_set(i, i, correlations[i][i] + noise + jitter);
                }
                CholeskyDecomposition_F64<DMatrixRMaj> cholesky = DecompositionFactory_DDRM.chol(n, true);
                if (cholesky.decompose(matrix)) {
                    DMatrixRMaj lower = cholesky.getT(null);
                    double halfLogDeterminant = 0;
                    boolean finite = true;
                    for (int i = 0; i < n; i++) {
                        double pivot = lower.unsafe_get(i, i);
                        finite &= pivot > 0 && Double.isFinite(pivot);
                        halfLogDeterminant += StrictMath.log(pivot);
                    }
                    if (finite) {
                        return new Factor(lower.data, n, halfLogDeterminant);
                    }
                }
                jitter = jitter == 0 ? FIRST_JITTER : jitter * 10;
                if (jitter > 1) {
                    throw new IllegalStateException("the covariance matrix is not positive definite even with jitter");
                }
            }
        }

        double[] solve(double[] targets) {
            double[] solution = targets.clone();
            TriangularSolver_DDRM.solveL(lower, solution, size);
            TriangularSolver_DDRM.solveTranL(lower, solution, size);
            return solution;
        }
    }
}
