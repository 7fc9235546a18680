package io.nas4j.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Augmentation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Flips and crops applied to batches of floats, deterministic for a seeded generator. */
class AugmentationTest {

    private static final Shape SHAPE = Shape.of(2, 3, 4);
    private static final int ELEMENTS = 24;

    /** {@code count} examples whose values are all distinct. */
    private static float[] batch(int count) {
        float[] values = new float[count * ELEMENTS];
        for (int index = 0; index < values.length; index++) {
            values[index] = index + 1;
        }
        return values;
    }

    private static float at(float[] batch, int example, int channel, int row, int column) {
        return batch[example * ELEMENTS + channel * 12 + row * 4 + column];
    }

    @Test
    void aCertainFlipIsTheExactMirrorImage() {
        float[] original = batch(3);
        float[] flipped = original.clone();

        Augmentations.horizontalFlip(1).apply(flipped, 3, SHAPE, new SplittableRandom(1));

        for (int example = 0; example < 3; example++) {
            for (int channel = 0; channel < 2; channel++) {
                for (int row = 0; row < 3; row++) {
                    for (int column = 0; column < 4; column++) {
                        assertThat(at(flipped, example, channel, row, column))
                                .isEqualTo(at(original, example, channel, row, 3 - column));
                    }
                }
            }
        }
    }

    @Test
    void flippingTwiceRestoresTheBatch() {
        float[] values = batch(2);

        Augmentation twice = Augmentations.horizontalFlip(1).andThen(Augmentations.horizontalFlip(1));
        twice.apply(values, 2, SHAPE, new SplittableRandom(1));

        assertThat(values).containsExactly(batch(2));
    }

    @Test
    void aFlipWithProbabilityZeroChangesNothing() {
        float[] values = batch(4);

        Augmentations.horizontalFlip(0).apply(values, 4, SHAPE, new SplittableRandom(1));

        assertThat(values).containsExactly(batch(4));
    }

    @Test
    void theSameSeedGivesTheSameBatch() {
        Augmentation augmentation = Augmentations.standardImage();
        float[] first = batch(16);
        float[] second = batch(16);

        augmentation.apply(first, 16, SHAPE, new SplittableRandom(99));
        augmentation.apply(second, 16, SHAPE, new SplittableRandom(99));

        assertThat(first).containsExactly(second);
        assertThat(first).isNotEqualTo(batch(16));
    }

    @Test
    void anotherSeedGivesAnotherBatch() {
        Augmentation augmentation = Augmentations.standardImage();
        float[] first = batch(16);
        float[] second = batch(16);

        augmentation.apply(first, 16, SHAPE, new SplittableRandom(1));
        augmentation.apply(second, 16, SHAPE, new SplittableRandom(2));

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aRandomFlipMirrorsSomeExamplesAndLeavesTheOthers() {
        float[] original = batch(64);
        float[] values = original.clone();

        Augmentations.horizontalFlip(0.5).apply(values, 64, SHAPE, new SplittableRandom(5));

        int flipped = 0;
        for (int example = 0; example < 64; example++) {
            boolean unchanged = at(values, example, 0, 0, 0) == at(original, example, 0, 0, 0);
            boolean mirrored = at(values, example, 0, 0, 0) == at(original, example, 0, 0, 3);
            assertThat(unchanged || mirrored).isTrue();
            flipped += mirrored ? 1 : 0;
        }
        assertThat(flipped).isBetween(16, 48);
    }

    @Test
    void aCropShiftsEachImageAndFillsTheBorderWithZeros() {
        float[] original = batch(32);
        float[] values = original.clone();

        Augmentations.randomCrop(1).apply(values, 32, SHAPE, new SplittableRandom(3));

        for (int example = 0; example < 32; example++) {
            assertThat(matchesSomeShift(original, values, example, 1))
                    .as("example %d is a shift of the original by at most one pixel", example)
                    .isTrue();
        }
    }

    /** True when example {@code example} of {@code shifted} is {@code original} moved by some (dy, dx). */
    private static boolean matchesSomeShift(float[] original, float[] shifted, int example, int padding) {
        for (int down = -padding; down <= padding; down++) {
            for (int across = -padding; across <= padding; across++) {
                boolean matches = true;
                for (int channel = 0; channel < 2 && matches; channel++) {
                    for (int row = 0; row < 3 && matches; row++) {
                        for (int column = 0; column < 4 && matches; column++) {
                            int sourceRow = row + down;
                            int sourceColumn = column + across;
                            float expected = sourceRow < 0 || sourceRow >= 3 || sourceColumn < 0 || sourceColumn >= 4
                                    ? 0 : at(original, example, channel, sourceRow, sourceColumn);
                            matches = at(shifted, example, channel, row, column) == expected;
                        }
                    }
                }
                if (matches) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void anEdgeCropFillsTheUncoveredBorderWithTheNearestEdgePixel() {
        float[] values = batch(1);
        // the first draw shifts down, the second across: find a seed that moves the image by (1, -1)
        long seed = 0;
        while (true) {
            SplittableRandom probe = new SplittableRandom(seed);
            if (probe.nextInt(3) - 1 == 1 && probe.nextInt(3) - 1 == -1) {
                break;
            }
            seed++;
        }

        Augmentations.randomCropEdge(1).apply(values, 1, SHAPE, new SplittableRandom(seed));

        float[] original = batch(1);
        for (int channel = 0; channel < 2; channel++) {
            for (int row = 0; row < 3; row++) {
                for (int column = 0; column < 4; column++) {
                    int sourceRow = Math.min(2, row + 1);
                    int sourceColumn = Math.max(0, column - 1);
                    assertThat(at(values, 0, channel, row, column))
                            .as("channel %d, row %d, column %d", channel, row, column)
                            .isEqualTo(at(original, 0, channel, sourceRow, sourceColumn));
                }
            }
        }
        assertThat(new RandomCrop(2).fill()).isEqualTo(RandomCrop.Fill.ZERO);
    }

    @Test
    void augmentationsAreNamedInText() {
        float[] flipped = batch(4);
        float[] expected = batch(4);

        Augmentations.parse(" flip ").apply(flipped, 4, SHAPE, new SplittableRandom(5));
        Augmentations.horizontalFlip(0.5).apply(expected, 4, SHAPE, new SplittableRandom(5));
        assertThat(flipped).containsExactly(expected);

        float[] cropped = batch(4);
        float[] edgeThenFlip = batch(4);
        Augmentations.parse("edge-crop=1,flip").apply(cropped, 4, SHAPE, new SplittableRandom(6));
        Augmentations.randomCropEdge(1).andThen(Augmentations.horizontalFlip(0.5))
                .apply(edgeThenFlip, 4, SHAPE, new SplittableRandom(6));
        assertThat(cropped).containsExactly(edgeThenFlip);

        assertThat(Augmentations.parse("none").isNone()).isTrue();
        float[] standard = batch(4);
        float[] cifar = batch(4);
        Augmentations.parse("standard").apply(standard, 4, SHAPE, new SplittableRandom(7));
        Augmentations.parse("crop=4,flip").apply(cifar, 4, SHAPE, new SplittableRandom(7));
        assertThat(standard).containsExactly(cifar);
    }

    @Test
    void anUnknownAugmentationSaysWhatIsAllowed() {
        assertThatThrownBy(() -> Augmentations.parse("rotate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("augmentation rotate is unknown; allowed: none, standard, or flip, crop=P and edge-crop=P"
                        + " joined by commas (for example edge-crop=2,flip)");
        assertThatThrownBy(() -> Augmentations.parse("crop=0"))
                .hasMessage("augmentation crop=0: a crop's padding must be a whole number of pixels from 1 to 16, got 0");
        assertThatThrownBy(() -> Augmentations.parse("flip,,crop=2"))
                .hasMessageContaining("is unknown");
    }

    @Test
    void aCropWithoutPaddingChangesNothing() {
        float[] values = batch(3);

        Augmentations.randomCrop(0).apply(values, 3, SHAPE, new SplittableRandom(3));

        assertThat(values).containsExactly(batch(3));
    }

    @Test
    void onlyTheDeclaredExamplesAreTouched() {
        float[] values = batch(3);

        Augmentations.horizontalFlip(1).apply(values, 2, SHAPE, new SplittableRandom(3));

        assertThat(at(values, 2, 0, 0, 0)).isEqualTo(at(batch(3), 2, 0, 0, 0));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> Augmentations.horizontalFlip(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Augmentations.randomCrop(-1)).isInstanceOf(IllegalArgumentException.class);
        Shape features = Shape.of(8);
        assertThatThrownBy(() -> Augmentations.randomCrop(2).apply(new float[8], 1, features, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[channels, height, width]");
        assertThatThrownBy(() -> Augmentation.none().apply(new float[10], 1, SHAPE, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the batch holds 10 values");
    }

    @Test
    void augmentedDataKeepsItsExamplesAndItsAugmentationInSubsets() {
        TensorDataset data = TensorDataset.of("d", SHAPE, 2, new float[Math.toIntExact(3 * SHAPE.elements())], new int[] {0, 1, 0});
        Augmentation flip = Augmentations.horizontalFlip(0.5);

        io.nas4j.core.port.Dataset augmented = Augmentations.augmented(data, flip);

        assertThat(augmented.augmentation()).isSameAs(flip);
        assertThat(augmented.size()).isEqualTo(3);
        assertThat(augmented.label(1)).isEqualTo(1);
        assertThat(augmented.subset(new int[] {2, 1}, "s").augmentation()).isSameAs(flip);
        assertThat(augmented.subset(new int[] {2, 1}, "s").label(1)).isEqualTo(1);
        assertThat(Augmentations.augmented(data, Augmentation.none())).isSameAs(data);
        assertThat(data.augmentation().isNone()).isTrue();
    }
}
