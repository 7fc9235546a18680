package io.nas4j.backend.tck;

import io.nas4j.core.estimate.ZeroCostEstimator;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.DetectionLoss;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.ZeroCostProxy;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.CellSpace;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * What a {@link ProxyScorer} must compute: the published definitions of synflow, grad-norm and NASWOT
 * (see {@link ZeroCostProxy}), checked on networks whose scores are known (a network cut by zero ops has
 * no synaptic flow; a NASWOT kernel of known activation codes has a known determinant), determinism per
 * seed, and the {@link ZeroCostEstimator} over a real space (NAS-Bench-201 cells on the embedded digits).
 *
 * <p>Extend it once per backend with {@link #scorer()}.
 */
public abstract class ZeroCostProxyConformance {

    private static final ClassificationTask DIGITS = ClassificationTask.digits(0);
    private static final CellSpace CELLS = new CellSpace(8, 1);
    private static final String CONVOLUTIONAL = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|";
    private static final String ALL_NONE = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

    /** The scorer under test; may return the same instance every time. */
    protected abstract ProxyScorer scorer();

    private static NetworkSpec cell(String text) {
        return CELLS.decode(CELLS.parse(text), DIGITS.head());
    }

    private double score(String cell, ZeroCostProxy proxy, long seed) {
        return scorer().score(cell(cell), proxy, DIGITS.train(), 64, seed);
    }

    @Test
    void synflowOfANetworkWhoseEveryPathCrossesAZeroOpIsZero() {
        assertThat(score(ALL_NONE, ZeroCostProxy.SYNFLOW, 0)).isZero();
    }

    @Test
    void synflowOfAConvolutionalCellIsPositiveAndFinite() {
        assertThat(score(CONVOLUTIONAL, ZeroCostProxy.SYNFLOW, 0)).isPositive().isFinite();
    }

    @Test
    void synflowIgnoresBatchNorm() {
        Shape input = Shape.of(1, 8, 8);
        NetworkSpec.Builder withNorm = NetworkSpec.builder(input);
        String x = withNorm.add("conv", Op.Conv.of2d(6, 3, 1), NetworkSpec.INPUT);
        x = withNorm.add("norm", new Op.BatchNorm(), x);
        x = withNorm.add("relu", Op.Activation.relu(), x);
        x = withNorm.add("pool", new Op.GlobalPool(Op.PoolKind.AVG), x);
        NetworkSpec normalised = withNorm.build(withNorm.add("logits", new Op.Linear(10, true), x), Loss.SOFTMAX_CROSS_ENTROPY);
        NetworkSpec.Builder plain = NetworkSpec.builder(input);
        x = plain.add("conv", Op.Conv.of2d(6, 3, 1), NetworkSpec.INPUT);
        x = plain.add("relu", Op.Activation.relu(), x);
        x = plain.add("pool", new Op.GlobalPool(Op.PoolKind.AVG), x);
        NetworkSpec unnormalised = plain.build(plain.add("logits", new Op.Linear(10, true), x), Loss.SOFTMAX_CROSS_ENTROPY);

        double with = scorer().score(normalised, ZeroCostProxy.SYNFLOW, DIGITS.train(), 8, 3);
        double without = scorer().score(unnormalised, ZeroCostProxy.SYNFLOW, DIGITS.train(), 8, 3);

        assertThat(with).isPositive().isCloseTo(without, within(1e-9 * without));
    }

    /**
     * A chain of 30 linear layers of width 512 with positive weights multiplies the all-ones input by about
     * 25 per layer: synflow is near {@code 1e43}, beyond the float range (about {@code 3.4e38}), so only a
     * double-precision pass returns it finite.
     */
    @Test
    void synflowRunsInDoublePrecision() {
        int width = 512;
        Shape input = Shape.of(width);
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String x = NetworkSpec.INPUT;
        for (int layer = 0; layer < 29; layer++) {
            x = builder.add("linear" + layer, new Op.Linear(width, false), x);
        }
        NetworkSpec deep = builder.build(builder.add("logits", new Op.Linear(10, false), x), Loss.SOFTMAX_CROSS_ENTROPY);
        ArrayDataset data = new ArrayDataset("wide", input, 10, new float[2 * width], new int[] {0, 1});

        assertThat(scorer().score(deep, ZeroCostProxy.SYNFLOW, data, 2, 0)).isFinite().isGreaterThan(Float.MAX_VALUE);
    }

    /**
     * Every IR op, in 2D and 3D ({@link Networks#everyOp}): synflow (in double precision where the engine
     * allows) and grad-norm are positive and finite. The network has no plain ReLU (ReLU6, ELU, sigmoid,
     * tanh), so every example has the same, empty, activation code and NASWOT is negative infinity.
     */
    @ParameterizedTest(name = "{0}d")
    @ValueSource(ints = {2, 3})
    void everyOpIsScored(int spatialDims) {
        ArrayDataset data = spatialDims == 2 ? Bars.generate("bars", 16, 0, 0.3) : Bars.volumes("volumes", 16, 0, 0.3, 4);
        NetworkSpec spec = Networks.everyOp(data.inputShape(), spatialDims);

        assertThat(scorer().score(spec, ZeroCostProxy.SYNFLOW, data, 8, 0)).isPositive().isFinite();
        assertThat(scorer().score(spec, ZeroCostProxy.GRAD_NORM, data, 8, 0)).isPositive().isFinite();
        assertThat(scorer().score(spec, ZeroCostProxy.NASWOT, data, 8, 0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    /** A detector: synflow sums its dense outputs, grad-norm differentiates its own detection loss. */
    @Test
    void aDetectorIsScoredOnItsOwnLoss() {
        NetworkSpec detector = DetectionSquares.detector(DetectionSquares.SHAPE, DetectionLoss.defaults());
        Dataset squares = DetectionSquares.squares(16, 0);

        assertThat(scorer().score(detector, ZeroCostProxy.SYNFLOW, squares, 8, 0)).isPositive().isFinite();
        assertThat(scorer().score(detector, ZeroCostProxy.GRAD_NORM, squares, 8, 0)).isPositive().isFinite();
        assertThat(scorer().score(detector, ZeroCostProxy.NASWOT, squares, 8, 0)).isNotNaN();
    }

    @Test
    void gradNormIsPositiveAndFinite() {
        assertThat(score(CONVOLUTIONAL, ZeroCostProxy.GRAD_NORM, 0)).isPositive().isFinite();
    }

    @Test
    void gradNormDependsOnTheSeed() {
        assertThat(score(CONVOLUTIONAL, ZeroCostProxy.GRAD_NORM, 1)).isNotEqualTo(score(CONVOLUTIONAL, ZeroCostProxy.GRAD_NORM, 2));
    }

    @ParameterizedTest
    @EnumSource(ZeroCostProxy.class)
    void theSameSeedGivesTheSameScore(ZeroCostProxy proxy) {
        double first = score(CONVOLUTIONAL, proxy, 5);
        double second = score(CONVOLUTIONAL, proxy, 5);

        double tolerance = repeatTolerance(proxy);
        if (tolerance == 0) {
            assertThat(second).isEqualTo(first);
        } else {
            assertThat(second).isCloseTo(first, org.assertj.core.data.Offset.offset(tolerance * Math.abs(first)));
        }
    }

    /**
     * How far, relative to the score, two scores of the same network, proxy, data and seed may differ: 0 (bit
     * for bit) unless an engine's kernels do not fix their summation order from one run to the next.
     */
    protected double repeatTolerance(ZeroCostProxy proxy) {
        return 0;
    }

    /**
     * Inputs whose signs are the ReLU codes themselves (a ReLU straight on a 4-feature input): the kernel
     * {@code K[i][j] = 4 - hamming(c_i, c_j)} is known, so is its determinant.
     */
    @Test
    void naswotIsTheLogDeterminantOfTheActivationCodeKernel() {
        double spread = naswotOfCodes(new float[][] {{1, 1, -1, -1}, {1, -1, 1, -1}, {-1, -1, -1, 1}});
        double similar = naswotOfCodes(new float[][] {{1, 1, -1, -1}, {1, -1, -1, -1}, {-1, -1, -1, 1}});

        // K = [[4,2,1],[2,4,1],[1,1,4]], det 44; K = [[4,3,1],[3,4,2],[1,2,4]], det 20
        assertThat(spread).isCloseTo(Math.log(44), within(1e-9));
        assertThat(similar).isCloseTo(Math.log(20), within(1e-9));
        assertThat(spread).as("more distinct activation patterns score higher").isGreaterThan(similar);
    }

    @Test
    void naswotIsNegativeInfinityWhenTwoExamplesShareTheirCodes() {
        assertThat(naswotOfCodes(new float[][] {{1, 1, -1, -1}, {2, 3, -1, -5}, {-1, -1, -1, 1}}))
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    private double naswotOfCodes(float[][] rows) {
        Shape input = Shape.of(4);
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String relu = builder.add("relu", Op.Activation.relu(), NetworkSpec.INPUT);
        NetworkSpec spec = builder.build(builder.add("logits", new Op.Linear(2, true), relu), Loss.SOFTMAX_CROSS_ENTROPY);
        float[] inputs = new float[rows.length * 4];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(rows[row], 0, inputs, row * 4, 4);
        }
        ArrayDataset data = new ArrayDataset("codes", input, 2, inputs, new int[rows.length]);
        return scorer().score(spec, ZeroCostProxy.NASWOT, data, rows.length, 0);
    }

    @Test
    void aBatchOfOneOrDataOfAnotherShapeIsRejected() {
        assertThatThrownBy(() -> scorer().score(cell(CONVOLUTIONAL), ZeroCostProxy.GRAD_NORM, DIGITS.train(), 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        ArrayDataset bars = Bars.generate("bars", 8, 0, 0.1);
        NetworkSpec wide = CELLS.decode(CELLS.parse(CONVOLUTIONAL), new io.nas4j.core.network.ClassificationHead(Shape.of(3, 8, 8), 10));
        assertThatThrownBy(() -> scorer().score(wide, ZeroCostProxy.NASWOT, bars, 8, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputs of shape [3, 8, 8]");
    }

    @Test
    void theZeroCostEstimatorReportsEveryProxyAtNoTrainingCost() {
        ZeroCostEstimator<CellGenome> estimator = new ZeroCostEstimator<>(CELLS, DIGITS.head(), scorer(), DIGITS.train(),
                List.of(ZeroCostProxy.NASWOT, ZeroCostProxy.SYNFLOW, ZeroCostProxy.GRAD_NORM), 64, 0, 1_000_000);

        TrialResult result = estimator.estimate(new Trial<>(1, CELLS.parse(CONVOLUTIONAL), Fidelity.FULL, 1));

        assertThat(estimator.objectiveMetric()).isEqualTo("naswot");
        assertThat(result.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(result.cost()).isZero();
        assertThat(result.metrics()).containsKeys("naswot", "synflow", "grad_norm", "proxy_seconds", "params", "flops");
        assertThat(result.metrics().get("naswot")).isFinite();
    }

    @Test
    void aCellThatCannotTellExamplesApartFailsUnderNaswotWithTheReason() {
        ZeroCostEstimator<CellGenome> estimator = new ZeroCostEstimator<>(CELLS, DIGITS.head(), scorer(), DIGITS.train(),
                List.of(ZeroCostProxy.NASWOT), 64, 0, 1_000_000);

        TrialResult result = estimator.estimate(new Trial<>(1, CELLS.parse(ALL_NONE), Fidelity.FULL, 1));

        assertThat(result.state()).isEqualTo(TrialState.FAILED);
        assertThat(result.reason()).isEqualTo("naswot score is -Infinity: two examples of the batch activate the same ReLU units");
    }
}
