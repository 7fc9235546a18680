package io.nas4j.backend.djl;

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
import io.nas4j.core.supernet.ChoicePoint;
import io.nas4j.core.supernet.SupernetNode;
import io.nas4j.core.supernet.SupernetSpec;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** The DJL supernet on the embedded digits: mixed ops, separate updates, single paths, inherited weights. */
class DjlSupernetTest {

    private static final ClassificationTask DIGITS = ClassificationTask.digits(0);
    private static final DjlSupernetBackend BACKEND = new DjlSupernetBackend();
    private static final String[] NB201 = {"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};

    /** A stem (3x3 convolution to 8 channels, batch norm), one choice node over the NB201 ops, global pooling, a linear layer. */
    private static SupernetSpec oneChoice() {
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

    private static SupernetSpec cell() {
        return CellSupernet.of(new ClassificationHead(Shape.of(1, 8, 8), 10), 4, 1);
    }

    private static int[] batch(int from, int size) {
        int[] indices = new int[size];
        for (int index = 0; index < size; index++) {
            indices[index] = from + index;
        }
        return indices;
    }

    @Test
    void aMixedOpOutputsTheSoftmaxWeightedSumOfItsCandidates() {
        try (DjlSupernet supernet = (DjlSupernet) BACKEND.build(oneChoice(), SupernetPlan.darts(20, 0.3, 1))) {
            for (int step = 0; step < 5; step++) {
                supernet.trainWeightsMixed(DIGITS.train(), batch(step * 32, 32));
                supernet.trainAlphas(DIGITS.validation(), batch(step * 32, 32));
            }
            Dataset sample = DIGITS.test().subset(batch(0, 16), "sample");
            double[] weights = softmax(supernet.alphas()[0]);
            float[][] mixed = supernet.outputs(sample, null);
            double[][] expected = new double[mixed.length][mixed[0].length];
            for (int option = 0; option < weights.length; option++) {
                float[][] single = supernet.outputs(sample, new int[] {option});
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
        try (DjlSupernet supernet = (DjlSupernet) BACKEND.build(cell(), SupernetPlan.darts(10, 3e-3, 2))) {
            double[][] alphasBefore = supernet.alphas();
            Map<String, float[]> weightsBefore = supernet.weightValues();

            supernet.trainWeightsMixed(DIGITS.train(), batch(0, 64));

            assertThat(supernet.alphas()).isDeepEqualTo(alphasBefore);
            assertThat(changed(weightsBefore, supernet.weightValues())).isNotEmpty();

            Map<String, float[]> weightsAfterWeightStep = supernet.weightValues();
            supernet.trainAlphas(DIGITS.validation(), batch(0, 64));

            assertThat(changed(weightsAfterWeightStep, supernet.weightValues())).isEmpty();
            assertThat(supernet.alphas()).isNotEqualTo(alphasBefore);
            for (int point = 0; point < alphasBefore.length; point++) {
                assertThat(supernet.alphas()[point]).isNotEqualTo(alphasBefore[point]);
            }
        }
    }

    @Test
    void aSinglePathStepChangesOnlyThatPathsWeights() {
        int[] path = {3, 1, 2, 3, 4, 3};
        try (DjlSupernet supernet = (DjlSupernet) BACKEND.build(cell(), SupernetPlan.singlePath(10, 3))) {
            double[][] alphasBefore = supernet.alphas();
            Map<String, float[]> before = supernet.weightValues();

            supernet.trainWeightsPath(DIGITS.train(), batch(0, 64), path);

            Set<String> changed = changed(before, supernet.weightValues());
            assertThat(changed).isNotEmpty();
            assertThat(supernet.pathWeightIds(path)).containsAll(changed);
            assertThat(supernet.alphas()).isDeepEqualTo(alphasBefore);
        }
    }

    @Test
    void aPathScoredWithInheritedWeightsScoresAsTheExtractedStandAloneNetwork() {
        int[] path = {3, 1, 3, 2, 1, 3};
        DjlBackend trainer = new DjlBackend();
        try (DjlSupernet supernet = (DjlSupernet) BACKEND.build(cell(), SupernetPlan.singlePath(60, 4))) {
            for (int step = 0; step < 60; step++) {
                int from = (step * 64) % (DIGITS.train().size() - 64);
                supernet.trainWeightsPath(DIGITS.train(), batch(from, 64), step % 2 == 0 ? path
                        : cell().samplePath(new java.util.SplittableRandom(step)));
            }
            TrainingBackend.Evaluation inherited = supernet.evaluatePath(path, DIGITS.test(), DIGITS.train(), 5, 64);
            try (TrainingBackend.Model alone = supernet.extract(path)) {
                TrainingBackend.Evaluation standAlone = trainer.evaluate(alone, DIGITS.test());

                assertThat(alone.spec()).isEqualTo(cell().discrete(path));
                assertThat(standAlone.accuracy()).isEqualTo(inherited.accuracy());
                assertThat(standAlone.loss()).isCloseTo(inherited.loss(), offset(1e-4));
                // a few dozen steps on digits learn well beyond chance (0.1)
                assertThat(inherited.accuracy()).isGreaterThan(0.5);
            }
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

    private static double[][] shortSearch(long seed) {
        try (SupernetBackend.Supernet supernet = BACKEND.build(cell(), SupernetPlan.darts(4, 3e-3, seed))) {
            for (int step = 0; step < 4; step++) {
                supernet.trainAlphas(DIGITS.validation(), batch(step * 32, 32));
                supernet.trainWeightsMixed(DIGITS.train(), batch(step * 32, 32));
            }
            return supernet.alphas();
        }
    }

    private static Set<String> changed(Map<String, float[]> before, Map<String, float[]> after) {
        Set<String> ids = new java.util.HashSet<>();
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
