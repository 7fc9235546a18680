package io.nas4j.tasks.classification;

import static org.assertj.core.api.Assertions.assertThat;

import io.nas4j.core.network.Shape;
import io.nas4j.tasks.data.Datasets;
import io.nas4j.tasks.data.TensorDataset;
import org.junit.jupiter.api.Test;

/** The embedded UCI digits set, checked against what scikit-learn documents for it. */
class DigitsTest {

    @Test
    void holds1797ImagesOf8By8PixelsInTenClasses() {
        TensorDataset digits = Digits.load();

        assertThat(digits.name()).isEqualTo("digits");
        assertThat(digits.size()).isEqualTo(1797);
        assertThat(digits.inputShape()).isEqualTo(Shape.of(1, 8, 8));
        assertThat(digits.classes()).isEqualTo(10);
    }

    @Test
    void classesAreNearlyBalancedAtAbout180Each() {
        assertThat(Datasets.classCounts(Digits.load()))
                .containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
    }

    @Test
    void pixelsAreWholeCountsFrom0To16() {
        TensorDataset digits = Digits.load();
        float minimum = Float.MAX_VALUE;
        float maximum = -Float.MAX_VALUE;
        double sum = 0;
        for (int index = 0; index < digits.size(); index++) {
            for (float value : digits.example(index)) {
                assertThat(value).isEqualTo((float) Math.rint(value));
                minimum = Math.min(minimum, value);
                maximum = Math.max(maximum, value);
                sum += value;
            }
        }

        assertThat(minimum).isZero();
        assertThat(maximum).isEqualTo(16);
        assertThat(sum / (1797 * 64)).isBetween(4.88, 4.89);
    }

    @Test
    void theFirstRowIsAZero() {
        TensorDataset digits = Digits.load();

        assertThat(digits.label(0)).isEqualTo(0);
        assertThat(digits.example(0)).startsWith(0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0);
    }

    @Test
    void loadingTwiceGivesTheSameImmutableDataset() {
        assertThat(Digits.load()).isSameAs(Digits.load());
    }
}
