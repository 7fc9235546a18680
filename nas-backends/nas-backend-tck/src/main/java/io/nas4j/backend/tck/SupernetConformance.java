package io.nas4j.backend.tck;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.SupernetPlan;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.supernet.CandidateOp;
import io.nas4j.core.supernet.CellSupernet;
import io.nas4j.core.supernet.ChainSupernet;
import io.nas4j.core.supernet.ChoicePoint;
import io.nas4j.core.supernet.SupernetNode;
import io.nas4j.core.supernet.SupernetSpec;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * The contract of {@link SupernetBackend} on the embedded digits, for every engine: a mixed op is the
 * softmax-weighted sum of its candidates; weight steps leave the alphas alone and alpha steps the weights; a
 * single-path step changes only that path's weights; a path scored with inherited weights scores as the
 * extracted stand-alone network of the engine's training backend (cell and chain supernets), and scoring it
 * changes no weight and does not depend on what was scored before; a step whose loss is not finite throws
 * without updating; the same seed gives the same numbers.
 *
 * <p>A backend's test extends this class and gives its backends and three read-only views of a supernet
 * that the port does not expose (outputs, weight values, the weights of a path).
 */
public abstract class SupernetConformance {

    protected static final ClassificationTask DIGITS = ClassificationTask.digits(0);
    private static final String[] NB201 = {"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};

    /** The supernet backend under test. */
    protected abstract SupernetBackend supernetBackend();

    /** The training backend of the same engine, whose models {@link SupernetBackend.Supernet#extract} returns. */
    protected abstract TrainingBackend trainingBackend();

    /** The network's outputs on {@code data} in inference mode, one row per example; mixed when {@code path} is null. */
    protected abstract float[][] outputs(SupernetBackend.Supernet supernet, Dataset data, int[] path);

    /** The values of every trainable weight (alphas excluded), by an id stable for the supernet's life. */
    protected abstract Map<String, float[]> weightValues(SupernetBackend.Supernet supernet);

    /** The ids (as {@link #weightValues} names them) of the trainable weights of {@code path}'s subnet. */
    protected abstract Set<String> pathWeightIds(SupernetBackend.Supernet supernet, int[] path);

    /** A stem (3x3 convolution to 8 channels, batch norm), one choice node over the NB201 ops, global pooling, a linear layer. */
    protected static SupernetSpec oneChoice() {
        List<CandidateOp> candidates = List.of(
                CandidateOp.of(NB201[0], new Op.Zero(1)),
                CandidateOp.of(NB201[1], new Op.Identity()),
                CandidateOp.of(NB201[2], Op.Activation.relu(), Op.Conv.of2d(8, 1, 1), new Op.BatchNorm()),
                CandidateOp.of(NB201[3], Op.Activation.relu(), Op.Conv.of2d(8, 3, 1), new Op.BatchNorm()),
                CandidateOp.of(NB201[4], new Op.Pool(Op.PoolKind.AVG, 2, 3, 1)));
        List<SupernetNode> nodes = List.of(
                new SupernetNode.Fixed(new Node("stem", Op.Conv.of2d(8, 3, 1), List.of("input"))),
                new SupernetNode.Fixed(new Node("stem_bn", new Op.BatchNorm(), List.of("stem"))),
                new SupernetNode.Choice("edge", 0, "stem_bn", candidates),
                new SupernetNode.Fixed(new Node("pool", new Op.GlobalPool(Op.PoolKind.AVG), List.of("edge"))),
                new SupernetNode.Fixed(new Node("logits", new Op.Linear(10, true), List.of("pool"))));
        return new SupernetSpec(Shape.of(1, 8, 8), nodes, "logits", Loss.SOFTMAX_CROSS_ENTROPY,
                List.of(new ChoicePoint("edge", List.of(NB201))));
    }

    /** The NB201 cell supernet on digits: stem of 4 channels, one cell per stage. */
    protected static SupernetSpec cell() {
        return CellSupernet.of(new ClassificationHead(Shape.of(1, 8, 8), 10), 4, 1);
    }

    /** A chain supernet on digits: two stages (8, 16 channels) of two searched layers over the chain ops. */
    protected static SupernetSpec chain() {
        return new ChainSupernet(ChainSupernet.DEFAULT_OPS, List.of(8, 16), 2)
                .supernet(new ClassificationHead(Shape.of(1, 8, 8), 10));
    }

    protected static int[] batch(int from, int size) {
        int[] indices = new int[size];
        for (int index = 0; index < size; index++) {
            indices[index] = from + index;
        }
        return indices;
    }

    @Test
    void aMixedOpOutputsTheSoftmaxWeightedSumOfItsCandidates() {
        try (SupernetBackend.Supernet supernet = supernetBackend().build(oneChoice(), SupernetPlan.darts(20, 0.3, 1))) {
            for (int step = 0; step < 5; step++) {
                supernet.trainWeightsMixed(DIGITS.train(), batch(step * 32, 32));
                supernet.trainAlphas(DIGITS.validation(), batch(step * 32, 32));
            }
            Dataset sample = DIGITS.test().subset(batch(0, 16), "sample");
            double[] weights = softmax(supernet.alphas()[0]);
            float[][] mixed = outputs(supernet, sample, null);
            double[][] expected = new double[mixed.length][mixed[0].length];
            for (int option = 0; option < weights.length; option++) {
                float[][] single = outputs(supernet, sample, new int[] {option});
                for (int row = 0; row < mixed.length; row++) {
                    for (int column = 0; column < mixed[row].length; column++) {
                        expected[row][column] += weights[option] * single[row][column];
                    }
                }
            }

            // the alphas moved away from their near-uniform start, so the weighting is not trivially equal
            assertThat(Arrays.stream(weights).max().orElseThrow() - Arrays.stream(weights).min().orElseThrow())
                    .isGreaterThan(1e-3);
            for (int row = 0; row < mixed.length; row++) {
                for (int column = 0; column < mixed[row].length; column++) {
                    assertThat((double) mixed[row][column]).isCloseTo(expected[row][column], offset(1e-4));
                }
            }
        }
    }

    @Test
    void alphasChangeOnlyInTheAlphaStepAndWeightsOnlyInTheWeightStep() {
        try (SupernetBackend.Supernet supernet = supernetBackend().build(cell(), SupernetPlan.darts(10, 3e-3, 2))) {
            double[][] alphasBefore = supernet.alphas();
            Map<String, float[]> weightsBefore = weightValues(supernet);

            supernet.trainWeightsMixed(DIGITS.train(), batch(0, 64));

            assertThat(supernet.alphas()).isDeepEqualTo(alphasBefore);
            assertThat(changed(weightsBefore, weightValues(supernet))).isNotEmpty();

            Map<String, float[]> weightsAfterWeightStep = weightValues(supernet);
            supernet.trainAlphas(DIGITS.validation(), batch(0, 64));

            assertThat(changed(weightsAfterWeightStep, weightValues(supernet))).isEmpty();
            assertThat(supernet.alphas()).isNotEqualTo(alphasBefore);
            for (int point = 0; point < alphasBefore.length; point++) {
                assertThat(supernet.alphas()[point]).isNotEqualTo(alphasBefore[point]);
            }
        }
    }

    @Test
    void aSinglePathStepChangesOnlyThatPathsWeights() {
        int[] path = {3, 1, 2, 3, 4, 3};
        try (SupernetBackend.Supernet supernet = supernetBackend().build(cell(), SupernetPlan.singlePath(10, 3))) {
            double[][] alphasBefore = supernet.alphas();
            Map<String, float[]> before = weightValues(supernet);

            supernet.trainWeightsPath(DIGITS.train(), batch(0, 64), path);
            // a second step: momentum from the first must not move weights off the next path either
            int[] other = {2, 2, 3, 1, 3, 2};
            Map<String, float[]> beforeOther = weightValues(supernet);
            supernet.trainWeightsPath(DIGITS.train(), batch(64, 64), other);

            Set<String> changed = changed(before, beforeOther);
            assertThat(changed).isNotEmpty();
            assertThat(pathWeightIds(supernet, path)).containsAll(changed);
            Set<String> changedOther = changed(beforeOther, weightValues(supernet));
            assertThat(changedOther).isNotEmpty();
            assertThat(pathWeightIds(supernet, other)).containsAll(changedOther);
            assertThat(supernet.alphas()).isDeepEqualTo(alphasBefore);
        }
    }

    @Test
    void aPathScoredWithInheritedWeightsScoresAsTheExtractedStandAloneNetwork() {
        int[] path = {3, 1, 3, 2, 1, 3};
        try (SupernetBackend.Supernet supernet = supernetBackend().build(cell(), SupernetPlan.singlePath(60, 4))) {
            for (int step = 0; step < 60; step++) {
                int from = (step * 64) % (DIGITS.train().size() - 64);
                supernet.trainWeightsPath(DIGITS.train(), batch(from, 64), step % 2 == 0 ? path
                        : cell().samplePath(new SplittableRandom(step)));
            }
            TrainingBackend.Evaluation inherited = supernet.evaluatePath(path, DIGITS.test(), DIGITS.train(), 5, 64);
            try (TrainingBackend.Model alone = supernet.extract(path)) {
                TrainingBackend.Evaluation standAlone = trainingBackend().evaluate(alone, DIGITS.test());

                assertThat(alone.spec()).isEqualTo(cell().discrete(path));
                assertThat(standAlone.accuracy()).isEqualTo(inherited.accuracy());
                assertThat(standAlone.loss()).isCloseTo(inherited.loss(), offset(1e-4));
                // a few dozen steps on digits learn well beyond chance (0.1)
                assertThat(inherited.accuracy()).isGreaterThan(0.5);
            }
        }
    }

    @Test
    void aSavedSupernetLoadsIntoANewOneThatScoresEveryPathTheSame(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder)
            throws java.io.IOException {
        java.nio.file.Path file = folder.resolve("supernet.params");
        int[][] paths = {{3, 1, 3, 2, 1, 3}, {2, 3, 0, 3, 3, 1}};
        TrainingBackend.Evaluation[] scores = new TrainingBackend.Evaluation[paths.length];
        double[][] alphas;
        try (SupernetBackend.Supernet trained = supernetBackend().build(cell(), SupernetPlan.singlePath(20, 8))) {
            for (int step = 0; step < 20; step++) {
                trained.trainWeightsPath(DIGITS.train(), batch(step * 32, 32),
                        cell().samplePath(new SplittableRandom(100 + step)));
                trained.trainAlphas(DIGITS.validation(), batch(0, 32));
            }
            trained.save(file);
            alphas = trained.alphas();
            for (int k = 0; k < paths.length; k++) {
                scores[k] = trained.evaluatePath(paths[k], DIGITS.validation(), DIGITS.train(), 4, 64);
            }
        }
        try (SupernetBackend.Supernet loaded = supernetBackend().build(cell(), SupernetPlan.singlePath(1, 99))) {
            loaded.load(file);

            assertThat(loaded.alphas()).isDeepEqualTo(alphas);
            for (int k = 0; k < paths.length; k++) {
                TrainingBackend.Evaluation again = loaded.evaluatePath(paths[k], DIGITS.validation(), DIGITS.train(), 4, 64);
                assertThat(again.accuracy()).as("path %d", k).isEqualTo(scores[k].accuracy());
                assertThat(again.loss()).isCloseTo(scores[k].loss(), offset(1e-5));
            }
        }
        try (SupernetBackend.Supernet other = supernetBackend().build(chain(), SupernetPlan.singlePath(1, 1))) {
            assertThatThrownBy(() -> other.load(file)).as("another supernet's file").isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aLoadedSupernetTrainsOnFromTheWeightsItLoaded(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder)
            throws java.io.IOException {
        java.nio.file.Path file = folder.resolve("supernet.params");
        int[] path = {3, 1, 3, 2, 1, 3};
        try (SupernetBackend.Supernet trained = supernetBackend().build(cell(), SupernetPlan.singlePath(10, 8))) {
            for (int step = 0; step < 10; step++) {
                trained.trainWeightsPath(DIGITS.train(), batch(step * 32, 32), path);
            }
            trained.save(file);
        }
        // fine-tuning a loaded supernet (a few-shot split, a longer schedule) must update the loaded weights
        try (SupernetBackend.Supernet loaded = supernetBackend().build(cell(), SupernetPlan.singlePath(20, 99))) {
            loaded.load(file);
            double before = loaded.evaluatePath(path, DIGITS.train(), DIGITS.train(), 4, 64).loss();
            for (int step = 0; step < 20; step++) {
                assertThat(loaded.trainWeightsPath(DIGITS.train(), batch((step % 10) * 32, 32), path)).isFinite();
                loaded.trainAlphas(DIGITS.validation(), batch(0, 32));
            }
            double after = loaded.evaluatePath(path, DIGITS.train(), DIGITS.train(), 4, 64).loss();
            assertThat(after).as("training loss after 20 more steps").isLessThan(before);
        }
    }

    @Test
    void scoringAPathChangesNoWeightAndDependsOnlyOnThatPath() {
        int[] path = {3, 2, 3, 1, 4, 3};
        int[] other = {2, 3, 0, 3, 3, 1};
        try (SupernetBackend.Supernet supernet = supernetBackend().build(cell(), SupernetPlan.singlePath(20, 8))) {
            for (int step = 0; step < 20; step++) {
                supernet.trainWeightsPath(DIGITS.train(), batch(step * 32, 32),
                        cell().samplePath(new SplittableRandom(100 + step)));
            }
            Map<String, float[]> weights = weightValues(supernet);
            double[][] alphas = supernet.alphas();
            Dataset data = DIGITS.validation();

            TrainingBackend.Evaluation first = supernet.evaluatePath(path, data, DIGITS.train(), 4, 64);
            supernet.evaluatePath(other, data, DIGITS.train(), 4, 64);
            TrainingBackend.Evaluation again = supernet.evaluatePath(path, data, DIGITS.train(), 4, 64);

            assertThat(changed(weights, weightValues(supernet))).isEmpty();
            assertThat(supernet.alphas()).isDeepEqualTo(alphas);
            // recalibration resets the path's statistics first, so the score does not depend on what ran before
            assertThat(again.accuracy()).isEqualTo(first.accuracy());
            assertThat(again.loss()).isCloseTo(first.loss(), offset(1e-5));
        }
    }

    @Test
    void aChainSupernetTrainsMixedAndItsPathScoresAsTheExtractedNetwork() {
        SupernetSpec chain = chain();
        int[] path = {0, 2, 4, 1};
        try (SupernetBackend.Supernet supernet = supernetBackend().build(chain, SupernetPlan.darts(30, 3e-3, 5))) {
            assertThat(supernet.alphas()).hasNumberOfRows(chain.points().size());
            double first = 0;
            double last = 0;
            for (int step = 0; step < 30; step++) {
                int from = (step * 64) % (DIGITS.train().size() - 64);
                double loss = supernet.trainWeightsMixed(DIGITS.train(), batch(from, 64));
                supernet.trainAlphas(DIGITS.validation(), batch((step * 32) % (DIGITS.validation().size() - 32), 32));
                first = step == 0 ? loss : first;
                last = loss;
            }
            assertThat(last).isLessThan(first);
            // thirty steps of a deep mixed chain are well above chance (0.1), not yet far
            assertThat(supernet.evaluateMixed(DIGITS.test()).accuracy()).isGreaterThan(0.15);

            TrainingBackend.Evaluation inherited = supernet.evaluatePath(path, DIGITS.test(), DIGITS.train(), 3, 64);
            try (TrainingBackend.Model alone = supernet.extract(path)) {
                TrainingBackend.Evaluation standAlone = trainingBackend().evaluate(alone, DIGITS.test());

                assertThat(alone.spec()).isEqualTo(chain.discrete(path));
                assertThat(standAlone.accuracy()).isEqualTo(inherited.accuracy());
                assertThat(standAlone.loss()).isCloseTo(inherited.loss(), offset(1e-4));
            }
        }
    }

    @Test
    void aStepWhoseLossIsNotFiniteThrowsWithoutUpdating() {
        Dataset poisoned = ArrayDataset.of(Shape.of(1, 8, 8), 10, 8, index -> Float.NaN);
        try (SupernetBackend.Supernet supernet = supernetBackend().build(oneChoice(), SupernetPlan.darts(5, 3e-3, 6))) {
            double[][] alphasBefore = supernet.alphas();
            Map<String, float[]> weightsBefore = weightValues(supernet);

            assertThatThrownBy(() -> supernet.trainWeightsMixed(poisoned, batch(0, 8)))
                    .isInstanceOf(TrainingBackend.TrainingDivergedException.class);
            assertThatThrownBy(() -> supernet.trainAlphas(poisoned, batch(0, 8)))
                    .isInstanceOf(TrainingBackend.TrainingDivergedException.class);
            assertThatThrownBy(() -> supernet.trainWeightsPath(poisoned, batch(0, 8), new int[] {3}))
                    .isInstanceOf(TrainingBackend.TrainingDivergedException.class);

            assertThat(changed(weightsBefore, weightValues(supernet))).isEmpty();
            assertThat(supernet.alphas()).isDeepEqualTo(alphasBefore);
            // and the supernet still trains on real data afterwards
            assertThat(supernet.trainWeightsMixed(DIGITS.train(), batch(0, 32))).isFinite();
        }
    }

    @Test
    void theSameSeedGivesTheSameSearch() {
        double[][] first = shortSearch(7);
        double[][] second = shortSearch(7);
        double[][] other = shortSearch(8);

        assertThat(second).isDeepEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    private double[][] shortSearch(long seed) {
        try (SupernetBackend.Supernet supernet = supernetBackend().build(cell(), SupernetPlan.darts(4, 3e-3, seed))) {
            for (int step = 0; step < 4; step++) {
                supernet.trainAlphas(DIGITS.validation(), batch(step * 32, 32));
                supernet.trainWeightsMixed(DIGITS.train(), batch(step * 32, 32));
            }
            return supernet.alphas();
        }
    }

    private static Set<String> changed(Map<String, float[]> before, Map<String, float[]> after) {
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String, float[]> entry : before.entrySet()) {
            if (!Arrays.equals(entry.getValue(), after.get(entry.getKey()))) {
                ids.add(entry.getKey());
            }
        }
        return ids;
    }

    private static double[] softmax(double[] values) {
        double max = Arrays.stream(values).max().orElseThrow();
        double[] result = Arrays.stream(values).map(value -> Math.exp(value - max)).toArray();
        double sum = Arrays.stream(result).sum();
        return Arrays.stream(result).map(value -> value / sum).toArray();
    }
}
