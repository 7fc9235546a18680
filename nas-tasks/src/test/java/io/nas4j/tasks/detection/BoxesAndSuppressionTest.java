package io.nas4j.tasks.detection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BoxesAndSuppressionTest {

    @Test
    void iouOfTwoOverlappingSquaresIsTheSharedAreaOverTheUnion() {
        // 2x2 squares offset by one: intersection 1, union 4 + 4 - 1 = 7
        assertThat(new Box(0, 0, 2, 2).iou(new Box(1, 1, 3, 3))).isCloseTo(1.0 / 7, within(1e-12));
        assertThat(new Box(0, 0, 2, 2).iou(new Box(0, 0, 2, 2))).isEqualTo(1.0);
        // touching edges share no area
        assertThat(new Box(0, 0, 2, 2).iou(new Box(2, 0, 4, 2))).isZero();
        // a box inside another: 4 / 16
        assertThat(new Box(0, 0, 4, 4).iou(new Box(1, 1, 3, 3))).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void clippingKeepsTheBoxInsideTheImage() {
        assertThat(new Box(-2, 3, 12, 20).clipped(10, 10)).isEqualTo(new Box(0, 3, 10, 10));
        assertThat(new Box(12, 12, 14, 14).clipped(10, 10).area()).isZero();
    }

    @Test
    void suppressionDropsOverlapsOfTheSameClassOnly() {
        Detection first = Detection.of(0, 0.9, 0, 0, 10, 10);
        // overlaps the first by 81 / 119 = 0.68
        Detection overlapping = Detection.of(0, 0.8, 1, 1, 11, 11);
        Detection apart = Detection.of(0, 0.7, 20, 20, 30, 30);
        Detection otherClass = Detection.of(1, 0.6, 1, 1, 11, 11);

        List<Detection> kept = NonMaximumSuppression.apply(List.of(apart, overlapping, otherClass, first), 0.5, 100);

        assertThat(kept).containsExactly(first, apart, otherClass);
    }

    @Test
    void aLooseThresholdKeepsModestOverlapsAndTheLimitCutsByScore() {
        Detection first = Detection.of(0, 0.9, 0, 0, 10, 10);
        Detection overlapping = Detection.of(0, 0.8, 1, 1, 11, 11);

        assertThat(NonMaximumSuppression.apply(List.of(first, overlapping), 0.7, 100)).hasSize(2);
        assertThat(NonMaximumSuppression.apply(List.of(overlapping, first), 0.7, 1)).containsExactly(first);
    }
}
