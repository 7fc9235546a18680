package io.nas4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

/** Per-channel standardisation fitted on the training part only. */
class NormalizationTest {

    private static final Shape SHAPE = Shape.of(2, 1, 2);

    /** Two examples, two channels of two values: channel 0 holds 1, 3, 5, 7; channel 1 holds 10 four times. */
    private static TensorDataset training() {
        float[] inputs = {
            1, 3, 10, 10,
            5, 7, 10, 10};
        return TensorDataset.of("toy/train", SHAPE, 2, inputs, new int[] {0, 1});
    }

    private static TensorDataset farAway(String name) {
        float[] inputs = {100, 200, 300, 400};
        return TensorDataset.of(name, SHAPE, 2, inputs, new int[] {1});
    }

    @Test
    void fitsMeanAndPopulationDeviationPerChannel() {
        Normalization normalization = Normalization.fit(training());

        assertThat(normalization.mean()).containsExactly(4.0, 10.0);
        assertThat(normalization.std().get(0)).isCloseTo(Math.sqrt(5), within(1e-12));
        assertThat(normalization.std().get(1)).isZero();
    }

    @Test
    void standardizedTrainingDataHasMeanZeroAndDeviationOnePerChannel() {
        TensorDataset normalized = Normalization.fit(training()).apply(training());
        Normalization after = Normalization.fit(normalized);

        assertThat(after.mean().get(0)).isCloseTo(0, within(1e-6));
        assertThat(after.std().get(0)).isCloseTo(1, within(1e-6));
        // A constant channel is centred, not divided by zero.
        assertThat(normalized.example(0)[2]).isZero();
    }

    @Test
    void standardizeUsesTrainingStatisticsForEveryPart() {
        Split split = new Split(training(), farAway("toy/validation"), farAway("toy/test"));

        Split normalized = Normalization.standardize(split);

        float root5 = (float) Math.sqrt(5);
        assertThat(normalized.train().name()).isEqualTo("toy/train");
        float[] test = TensorDataset.copyOf(normalized.test()).example(0);
        assertThat(test[0]).isCloseTo((100 - 4) / root5, within(1e-4f));
        assertThat(test[1]).isCloseTo((200 - 4) / root5, within(1e-4f));
        assertThat(test[2]).isCloseTo(300 - 10, within(1e-4f));
        float[] validation = TensorDataset.copyOf(normalized.validation()).example(0);
        assertThat(validation).containsExactly(test);
        // Had the far-away parts been part of the fit, the training statistics would differ.
        assertThat(Normalization.fit(normalized.train()).mean().get(0)).isCloseTo(0, within(1e-6));
    }

    @Test
    void applyingLeavesTheOriginalUnchangedAndKeepsLabels() {
        TensorDataset original = training();

        TensorDataset normalized = Normalization.fit(original).apply(original);

        assertThat(original.example(0)).containsExactly(1, 3, 10, 10);
        assertThat(normalized.labels()).containsExactly(0, 1);
        assertThat(normalized).isNotSameAs(original);
    }

    @Test
    void channelCountsMustAgree() {
        TensorDataset oneChannel = TensorDataset.of("grey", Shape.of(1, 1, 2), 2, new float[] {1, 2}, new int[] {0});

        assertThatThrownBy(() -> Normalization.fit(training()).apply(oneChannel))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grey has 1 channels, these statistics are for 2");
    }

    @Test
    void anEmptyDatasetHasNoStatistics() {
        assertThatThrownBy(() -> Normalization.fit(training().subset(new int[0], "none")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none is empty");
    }
}
