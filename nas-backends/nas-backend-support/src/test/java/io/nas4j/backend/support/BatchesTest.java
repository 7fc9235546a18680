package io.nas4j.backend.support;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Augmentation;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchesTest {

    @Test
    void batchesEndEveryBatchSizeExamples() {
        assertThat(Batches.ends(10, 4)).containsExactly(4, 8, 10);
        assertThat(Batches.ends(8, 4)).containsExactly(4, 8);
        assertThat(Batches.ends(3, 4)).containsExactly(3);
    }

    @Test
    void aLastBatchOfOneExampleJoinsTheOneBefore() {
        assertThat(Batches.ends(9, 4)).containsExactly(4, 9);
        assertThat(Batches.ends(1, 4)).containsExactly(1);
    }

    @Test
    void noExamplesMakeNoBatches() {
        assertThatThrownBy(() -> Batches.ends(0, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRangeCountsUpFromItsStart() {
        assertThat(Batches.range(3, 7)).containsExactly(3, 4, 5, 6);
        assertThat(Batches.range(2, 2)).isEmpty();
    }

    @Test
    void inputsAreTheExamplesOneAfterAnother() {
        ListDataset data = new ListDataset(5, 2, Augmentation.none());

        assertThat(Batches.inputs(data, new int[] {4, 1})).containsExactly(40, 41, 10, 11);
    }

    @Test
    void theAugmentationAppliesOnlyWithAGenerator() {
        Augmentation negate = (batch, count, shape, random) -> {
            for (int index = 0; index < count * shape.elements(); index++) {
                batch[index] = -batch[index] - random.nextInt(1);
            }
        };
        ListDataset data = new ListDataset(5, 2, negate);

        assertThat(Batches.inputs(data, new int[] {2}, new SplittableRandom(1))).containsExactly(-20, -21);
        assertThat(Batches.inputs(data, new int[] {2}, null)).containsExactly(20, 21);
    }

    @Test
    void outputsSplitIntoOneRowPerExample() {
        float[][] rows = Batches.rows(new float[] {1, 2, 3, 4, 5, 6}, 3);

        assertThat(rows).isDeepEqualTo(new float[][] {{1, 2}, {3, 4}, {5, 6}});
    }

    @Test
    void aBatchPutsItsSizeBeforeTheExampleDims() {
        assertThat(Batches.dims(Shape.of(3, 8, 8), 16)).containsExactly(16, 3, 8, 8);
        assertThat(Batches.dims(Shape.of(5), -1)).containsExactly(-1, 5);
    }
}
