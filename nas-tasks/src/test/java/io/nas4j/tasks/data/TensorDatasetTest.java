package io.nas4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

/** The in-memory dataset: checked on construction, immutable afterwards, subsets in the order asked. */
class TensorDatasetTest {

    private static final Shape SHAPE = Shape.of(2, 1, 2);

    private static TensorDataset threeExamples() {
        float[] inputs = {
            0, 1, 2, 3,
            10, 11, 12, 13,
            20, 21, 22, 23};
        return TensorDataset.of("toy", SHAPE, 3, inputs, new int[] {2, 0, 1});
    }

    @Test
    void describesItsExamples() {
        TensorDataset data = threeExamples();

        assertThat(data.name()).isEqualTo("toy");
        assertThat(data.inputShape()).isEqualTo(SHAPE);
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.classes()).isEqualTo(3);
        assertThat(data.label(0)).isEqualTo(2);
        assertThat(data.example(1)).containsExactly(10, 11, 12, 13);
    }

    @Test
    void copyInputsPlacesExamplesOneAfterAnotherInTheOrderAsked() {
        float[] destination = new float[9];

        threeExamples().copyInputs(new int[] {2, 0}, destination);

        assertThat(destination).containsExactly(20, 21, 22, 23, 0, 1, 2, 3, 0);
    }

    @Test
    void subsetKeepsTheOrderAskedAndTakesTheNewName() {
        TensorDataset subset = threeExamples().subset(new int[] {2, 1}, "toy/part");

        assertThat(subset.name()).isEqualTo("toy/part");
        assertThat(subset.labels()).containsExactly(1, 0);
        assertThat(subset.example(0)).containsExactly(20, 21, 22, 23);
        assertThat(subset.classes()).isEqualTo(3);
    }

    @Test
    void changingTheArraysGivenOrReturnedChangesNothing() {
        float[] inputs = {1, 2, 3, 4};
        int[] labels = {1};
        TensorDataset data = TensorDataset.of("one", SHAPE, 2, inputs, labels);

        inputs[0] = 99;
        labels[0] = 0;
        data.labels()[0] = 0;
        data.example(0)[1] = 99;

        assertThat(data.example(0)).containsExactly(1, 2, 3, 4);
        assertThat(data.label(0)).isEqualTo(1);
    }

    @Test
    void inputsMustMatchTheLabelCountTimesTheShape() {
        assertThatThrownBy(() -> TensorDataset.of("short", SHAPE, 2, new float[7], new int[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("short")
                .hasMessageContaining("need 8 input values, got 7");
    }

    @Test
    void labelsMustBeClassIndices() {
        assertThatThrownBy(() -> TensorDataset.of("labels", SHAPE, 2, new float[8], new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 2 of example 1 is outside [0, 2)");
        assertThatThrownBy(() -> TensorDataset.of("labels", SHAPE, 2, new float[8], new int[] {-1, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inputsMustBeFinite() {
        float[] inputs = new float[8];
        inputs[5] = Float.NaN;

        assertThatThrownBy(() -> TensorDataset.of("nan", SHAPE, 2, inputs, new int[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("example 1 is not finite");
    }

    @Test
    void indicesOutsideTheDatasetAreRejected() {
        TensorDataset data = threeExamples();

        assertThatThrownBy(() -> data.copyInputs(new int[] {3}, new float[4]))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> data.label(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> data.copyInputs(new int[] {0, 1}, new float[7]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyDatasetIsAllowed() {
        TensorDataset empty = threeExamples().subset(new int[0], "none");

        assertThat(empty.size()).isZero();
        assertThat(Datasets.classCounts(empty)).containsExactly(0, 0, 0);
    }
}
