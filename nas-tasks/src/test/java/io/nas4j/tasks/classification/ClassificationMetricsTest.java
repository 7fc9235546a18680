package io.nas4j.tasks.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Accuracy, per-class accuracy and the confusion matrix on a hand-worked example. */
class ClassificationMetricsTest {

    /*
     * Six examples, three classes. Predicted (argmax): 0, 1, 1, 2, 2, 0; true: 0, 1, 0, 2, 2, 2.
     * Correct: examples 0, 1, 3, 4, so accuracy 4/6. Class 0: 1 of 2; class 1: 1 of 1; class 2: 2 of 3.
     */
    private static final float[][] LOGITS = {
        {2.0f, 1.0f, 0.5f},
        {0.1f, 3.0f, -1.0f},
        {0.0f, 0.2f, 0.1f},
        {-1.0f, -2.0f, 5.0f},
        {0.3f, 0.3f, 0.4f},
        {7.0f, 6.0f, 6.5f}};
    private static final int[] LABELS = {0, 1, 0, 2, 2, 2};

    @Test
    void accuracyIsTheFractionOfArgmaxesEqualToTheLabel() {
        ClassificationMetrics metrics = ClassificationMetrics.of(LOGITS, LABELS, 3);

        assertThat(metrics.count()).isEqualTo(6);
        assertThat(metrics.correct()).isEqualTo(4);
        assertThat(metrics.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(metrics.values()).isEqualTo(Map.of("accuracy", 4.0 / 6));
        assertThat(metrics.value("accuracy")).isEqualTo(metrics.accuracy());
    }

    @Test
    void confusionRowsAreTrueClassesAndColumnsPredictions() {
        ClassificationMetrics metrics = ClassificationMetrics.of(LOGITS, LABELS, 3);

        assertThat(metrics.confusion()).isDeepEqualTo(new int[][] {
            {1, 1, 0},
            {0, 1, 0},
            {1, 0, 2}});
    }

    @Test
    void perClassAccuracyIsEachClassesRecall() {
        assertThat(ClassificationMetrics.of(LOGITS, LABELS, 3).perClassAccuracy())
                .containsExactly(new double[] {0.5, 1.0, 2.0 / 3}, within(1e-12));
    }

    @Test
    void tiesGoToTheLowestClassIndex() {
        ClassificationMetrics metrics = ClassificationMetrics.of(new float[][] {{1, 1, 0}}, new int[] {0}, 3);

        assertThat(metrics.accuracy()).isEqualTo(1.0);
    }

    @Test
    void aClassWithoutExamplesHasNoAccuracy() {
        ClassificationMetrics metrics = ClassificationMetrics.ofPredictions(new int[] {0, 1}, new int[] {0, 0}, 3);

        assertThat(metrics.perClassAccuracy()).containsExactly(0.5, Double.NaN, Double.NaN);
        assertThat(ClassificationMetrics.ofPredictions(new int[0], new int[0], 2).accuracy()).isNaN();
    }

    @Test
    void aConfusionMatrixFromABackendGivesTheSameMetrics() {
        ClassificationMetrics fromLogits = ClassificationMetrics.of(LOGITS, LABELS, 3);

        assertThat(ClassificationMetrics.ofConfusion(fromLogits.confusion())).isEqualTo(fromLogits);
    }

    @Test
    void inconsistentInputIsRejected() {
        assertThatThrownBy(() -> ClassificationMetrics.of(LOGITS, new int[] {0}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 rows of logits for 1 labels");
        assertThatThrownBy(() -> ClassificationMetrics.of(new float[][] {{1, 2}}, new int[] {0}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logits row 0 has 2 values");
        assertThatThrownBy(() -> ClassificationMetrics.of(new float[][] {{1, 2, 3}}, new int[] {3}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 3 of example 0");
        assertThatThrownBy(() -> ClassificationMetrics.of(new float[][] {{1, Float.NaN, 3}}, new int[] {0}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> ClassificationMetrics.of(LOGITS, LABELS, 3).value("f1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("known: [accuracy]");
    }
}
