package io.nas4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Stratified, seeded splits: disjoint, complete, proportional per class, the same for the same seed. */
class SplitsTest {

    /** 1,000 examples of 4 unbalanced classes whose single input value is the example's index. */
    static TensorDataset unbalanced() {
        int size = 1000;
        int[] labels = new int[size];
        float[] inputs = new float[size];
        for (int index = 0; index < size; index++) {
            labels[index] = index % 10 < 5 ? 0 : index % 10 < 8 ? 1 : index % 10 < 9 ? 2 : 3;
            inputs[index] = index;
        }
        return TensorDataset.of("toy", Shape.of(1), 4, inputs, labels);
    }

    /** The original indices of the examples in {@code part}: their input values. */
    static Set<Integer> identities(Dataset part) {
        TensorDataset tensors = TensorDataset.copyOf(part);
        Set<Integer> indices = new HashSet<>();
        for (int index = 0; index < part.size(); index++) {
            indices.add((int) tensors.example(index)[0]);
        }
        return indices;
    }

    @Test
    void partsAreDisjointAndCoverEveryExample() {
        Split split = Splits.stratified(unbalanced(), 0.2, 0.1, 7);

        Set<Integer> train = identities(split.train());
        Set<Integer> validation = identities(split.validation());
        Set<Integer> test = identities(split.test());

        assertThat(train.size() + validation.size() + test.size()).isEqualTo(1000);
        Set<Integer> all = new HashSet<>(train);
        all.addAll(validation);
        all.addAll(test);
        assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 1000).boxed().toList());
    }

    @Test
    void everyPartKeepsTheClassProportions() {
        Split split = Splits.stratified(unbalanced(), 0.2, 0.1, 7);

        // Classes of 500, 300, 100 and 100 examples: each part gets its fraction of each class exactly.
        assertThat(Datasets.classCounts(split.validation())).containsExactly(100, 60, 20, 20);
        assertThat(Datasets.classCounts(split.test())).containsExactly(50, 30, 10, 10);
        assertThat(Datasets.classCounts(split.train())).containsExactly(350, 210, 70, 70);
    }

    @Test
    void partsAreNamedAfterTheDataset() {
        Split split = Splits.stratified(unbalanced(), 0.2, 0.1, 7);

        assertThat(split.train().name()).isEqualTo("toy/train");
        assertThat(split.validation().name()).isEqualTo("toy/validation");
        assertThat(split.test().name()).isEqualTo("toy/test");
    }

    @Test
    void theSameSeedGivesTheSameSplit() {
        Split first = Splits.stratified(unbalanced(), 0.2, 0.1, 42);
        Split second = Splits.stratified(unbalanced(), 0.2, 0.1, 42);

        assertThat(identities(first.validation())).isEqualTo(identities(second.validation()));
        assertThat(identities(first.test())).isEqualTo(identities(second.test()));
    }

    @Test
    void anotherSeedGivesAnotherSplit() {
        Split first = Splits.stratified(unbalanced(), 0.2, 0.1, 42);
        Split second = Splits.stratified(unbalanced(), 0.2, 0.1, 43);

        assertThat(identities(first.validation())).isNotEqualTo(identities(second.validation()));
    }

    @Test
    void examplesKeepTheirOriginalOrderWithinAPart() {
        Split split = Splits.stratified(unbalanced(), 0.2, 0.1, 3);
        TensorDataset train = TensorDataset.copyOf(split.train());

        float previous = -1;
        for (int index = 0; index < train.size(); index++) {
            assertThat(train.example(index)[0]).isGreaterThan(previous);
            previous = train.example(index)[0];
        }
    }

    @Test
    void withValidationKeepsThePublishersTestPart() {
        TensorDataset pool = unbalanced();
        TensorDataset test = pool.subset(new int[] {1, 2, 3}, "toy/test");

        Split split = Splits.withValidation(new TrainTest("toy", pool, test), 0.1, 5);

        assertThat(split.test()).isSameAs(test);
        assertThat(split.train().name()).isEqualTo("toy/train");
        assertThat(split.validation().name()).isEqualTo("toy/validation");
        assertThat(Datasets.classCounts(split.validation())).containsExactly(50, 30, 10, 10);
        assertThat(split.train().size() + split.validation().size()).isEqualTo(1000);
        assertThat(identities(split.train())).doesNotContainAnyElementsOf(identities(split.validation()));
    }

    @Test
    void aPartGetsExactlyItsFractionOfAllExamples() {
        int[] labels = IntStream.range(0, 1797).map(index -> index % 10).toArray();

        int[][] parts = Splits.stratifiedIndices(labels, 10, 1, 0.2, 0.2);

        assertThat(parts[1]).hasSize(359);
        assertThat(parts[2]).hasSize(359);
        assertThat(parts[0]).hasSize(1797 - 2 * 359);
    }

    @Test
    void equalRemaindersDoNotAllRoundUp() {
        // Four classes of ten: a quarter is 2.5 per class; rounding each class up would take 12, not 10.
        int[] labels = IntStream.range(0, 40).map(index -> index % 4).toArray();

        int[][] parts = Splits.stratifiedIndices(labels, 4, 9, 0.25);

        assertThat(parts[1]).hasSize(10);
        int[] perClass = new int[4];
        for (int index : parts[1]) {
            perClass[labels[index]]++;
        }
        assertThat(perClass).containsOnly(2, 3);
    }

    @Test
    void theLargestRemaindersGetTheExtraExamples() {
        // Classes of 8, 9 and 13, a fifth of each: 1.6, 1.8 and 2.6. The part needs 30 / 5 = 6; the floors give
        // 1 + 1 + 2 = 4; the two extras go to the largest remainders: 0.8 (the class of 9), then one of the 0.6s.
        int[] labels = new int[30];
        for (int index = 0; index < 30; index++) {
            labels[index] = index < 8 ? 0 : index < 17 ? 1 : 2;
        }

        int[][] parts = Splits.stratifiedIndices(labels, 3, 4, 0.2);

        int[] perClass = new int[3];
        for (int index : parts[1]) {
            perClass[labels[index]]++;
        }
        assertThat(parts[1]).hasSize(6);
        assertThat(perClass[1]).isEqualTo(2);
        assertThat(perClass[0] + perClass[2]).isEqualTo(4);
    }

    @Test
    void fractionsMustLeaveSomethingForTraining() {
        assertThatThrownBy(() -> Splits.stratified(unbalanced(), 0.5, 0.5, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leave examples for training");
        assertThatThrownBy(() -> Splits.stratified(unbalanced(), -0.1, 0.5, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> Splits.stratified(unbalanced(), Double.NaN, 0.5, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
