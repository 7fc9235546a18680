package io.nas4j.tasks.volumetric;

import io.nas4j.core.network.Shape;
import io.nas4j.tasks.data.Datasets;
import io.nas4j.tasks.data.TensorDataset;
import io.nas4j.tasks.volumetric.AtlasPatches.Options;
import io.nas4j.tasks.volumetric.AtlasPatches.Patch;
import io.nas4j.tasks.volumetric.AtlasPatches.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Patches of a synthetic scan whose classes and intensities the test knows everywhere. */
class AtlasPatchesTest {

    private static final int SIZE = 48;
    /** Three classes in slabs along x; label 0 is background, label 4 belongs to no class. */
    private static final int[] CLASS_OF_LABEL = {-1, 0, 1, 2, -1};
    private static final List<String> CLASSES = List.of("left", "middle", "right");
    private static final Volume IMAGE = image();
    private static final Volume ATLAS = atlas();
    private static final Options OPTIONS = new Options(2, 4, 8, 2, 30, 10, 0.2, 0.2, 0.5);

    /** Intensity x + 100 y + 10000 z + 1 inside a 2-voxel border, 0 (background) on the border. */
    private static Volume image() {
        float[] values = new float[SIZE * SIZE * SIZE];
        for (int z = 0; z < SIZE; z++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean border = Math.min(Math.min(x, y), z) < 2 || Math.max(Math.max(x, y), z) >= SIZE - 2;
                    values[(z * SIZE + y) * SIZE + x] = border ? 0 : x + 100 * y + 10_000 * z + 1;
                }
            }
        }
        return Volume.of(SIZE, SIZE, SIZE, values);
    }

    /** Labels 1, 2, 3 in slabs of 16 along x, except a cube of label 4 (no class) in one corner. */
    private static Volume atlas() {
        float[] values = new float[SIZE * SIZE * SIZE];
        for (int z = 0; z < SIZE; z++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    values[(z * SIZE + y) * SIZE + x] = x < 12 && y < 12 && z < 12 ? 4 : 1 + x / 16;
                }
            }
        }
        return Volume.of(SIZE, SIZE, SIZE, values);
    }

    private static Sample sample(long seed) {
        return AtlasPatches.sample("synthetic", IMAGE, ATLAS, CLASS_OF_LABEL, CLASSES, OPTIONS, seed);
    }

    @Test
    void patchesAreCubesOfDownsampledIntensitiesWithOneChannel() {
        Sample sample = sample(1);
        TensorDataset train = (TensorDataset) sample.split().train();
        Patch patch = sample.train().get(0);

        assertThat(train.inputShape()).isEqualTo(Shape.of(1, 4, 4, 4));
        assertThat(train.classes()).isEqualTo(3);
        assertThat(train.name()).isEqualTo("synthetic/train");
        float[] example = train.example(0);
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 4; j++) {
                for (int i = 0; i < 4; i++) {
                    // the mean of a 2x2x2 block of x + 100 y + 10000 z + 1 is its value at the block's centre
                    int x = 2 * (patch.x() + i);
                    int y = 2 * (patch.y() + j);
                    int z = 2 * (patch.z() + k);
                    float expected = x + 0.5f + 100 * (y + 0.5f) + 10_000 * (z + 0.5f) + 1;
                    assertThat(example[(k * 4 + j) * 4 + i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01f));
                }
            }
        }
    }

    @Test
    void everyPatchIsLabelledByTheClassAtItsCentre() {
        Sample sample = sample(2);
        for (List<Patch> part : List.of(sample.train(), sample.validation(), sample.test())) {
            for (Patch patch : part) {
                // the centre is the corner shared by original voxels 2 * (corner + 2) - 1 and 2 * (corner + 2)
                int centreX = 2 * (patch.x() + 2);
                for (int x = centreX - 1; x <= centreX; x++) {
                    int y = 2 * (patch.y() + 2);
                    int z = 2 * (patch.z() + 2);
                    int label = (int) ATLAS.value(x, y, z);
                    assertThat(CLASS_OF_LABEL[label]).as("%s", patch).isEqualTo(patch.label());
                }
            }
        }
    }

    @Test
    void centresOnClassBordersOrOutsideEveryClassAreNotUsed() {
        Sample sample = sample(3);
        for (List<Patch> part : List.of(sample.train(), sample.validation(), sample.test())) {
            for (Patch patch : part) {
                int centreX = 2 * (patch.x() + 2);
                assertThat(centreX).as("a centre on the border x = 16 or 32 touches two classes").isNotIn(16, 32);
                boolean inUnclassifiedCube = centreX <= 12 && 2 * (patch.y() + 2) <= 12 && 2 * (patch.z() + 2) <= 12;
                assertThat(inUnclassifiedCube).isFalse();
            }
        }
    }

    @Test
    void patchesOfDifferentPartsNeverOverlapAndKeepTheGap() {
        Sample sample = sample(4);
        List<List<Patch>> parts = List.of(sample.train(), sample.validation(), sample.test());
        for (int first = 0; first < parts.size(); first++) {
            for (int second = first + 1; second < parts.size(); second++) {
                for (Patch a : parts.get(first)) {
                    for (Patch b : parts.get(second)) {
                        assertThat(separation(a, b, 4)).as("%s and %s", a, b).isGreaterThanOrEqualTo(OPTIONS.gap());
                    }
                }
            }
        }
    }

    /** Voxels between two boxes along the axis where they are furthest apart; negative when they overlap. */
    static int separation(Patch a, Patch b, int size) {
        int x = Math.max(b.x() - (a.x() + size), a.x() - (b.x() + size));
        int y = Math.max(b.y() - (a.y() + size), a.y() - (b.y() + size));
        int z = Math.max(b.z() - (a.z() + size), a.z() - (b.z() + size));
        return Math.max(x, Math.max(y, z));
    }

    @Test
    void everyClassIsDrawnUpToItsCountInEveryPart() {
        Sample sample = sample(5);

        for (int part = 0; part < 3; part++) {
            int wanted = part == 0 ? OPTIONS.trainPerClass() : OPTIONS.evaluationPerClass();
            List<Integer> usable = sample.usable().get(part);
            int[] drawn = Datasets.classCounts(List.of(sample.split().train(), sample.split().validation(),
                    sample.split().test()).get(part));
            for (int label = 0; label < 3; label++) {
                assertThat(drawn[label]).as("part %d class %d", part, label).isEqualTo(Math.min(wanted, usable.get(label)));
                assertThat(usable.get(label)).as("part %d class %d", part, label).isPositive();
            }
        }
    }

    @Test
    void patchesMostlyOutsideTheObjectAreNotUsed() {
        Options strict = new Options(2, 4, 8, 2, 1000, 1000, 0.2, 0.2, 0.9);
        Sample sample = AtlasPatches.sample("synthetic", IMAGE, ATLAS, CLASS_OF_LABEL, CLASSES, strict, 6);
        for (List<Patch> part : List.of(sample.train(), sample.validation(), sample.test())) {
            for (Patch patch : part) {
                int inside = 0;
                for (int z = 2 * patch.z(); z < 2 * patch.z() + 8; z++) {
                    for (int y = 2 * patch.y(); y < 2 * patch.y() + 8; y++) {
                        for (int x = 2 * patch.x(); x < 2 * patch.x() + 8; x++) {
                            inside += IMAGE.value(x, y, z) > 0 ? 1 : 0;
                        }
                    }
                }
                assertThat(inside).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * 512));
            }
        }
        assertThat(sample.train()).noneMatch(patch -> patch.x() == 0 || patch.y() == 0 || patch.z() == 0);
    }

    @Test
    void theSameSeedGivesTheSamePatchesAndAnotherSeedOthers() {
        Sample first = sample(7);
        Sample again = sample(7);
        Sample other = sample(8);

        assertThat(again.train()).isEqualTo(first.train());
        assertThat(again.test()).isEqualTo(first.test());
        assertThat(other.train()).isNotEqualTo(first.train());
    }

    @Test
    void examplesAreOrderedByClassThenPosition() {
        List<Patch> train = sample(9).train();
        List<Patch> sorted = new ArrayList<>(train);
        sorted.sort(java.util.Comparator.comparingInt(Patch::label).thenComparingInt(Patch::z)
                .thenComparingInt(Patch::y).thenComparingInt(Patch::x));
        assertThat(train).isEqualTo(sorted);
    }

    @Test
    void optionsAndInputsAreCheckedWithTheirReason() {
        assertThatThrownBy(() -> new Options(2, 16, 17, 2, 10, 10, 0.2, 0.2, 0.5))
                .hasMessageContaining("blockSize 17 cannot hold a patch of 16").hasMessageContaining("at least 18");
        assertThatThrownBy(() -> new Options(2, 16, 24, 2, 10, 10, 0.5, 0.5, 0.5))
                .hasMessageContaining("leave a share for training");
        assertThatThrownBy(() -> new Options(0, 16, 24, 2, 10, 10, 0.2, 0.2, 0.5)).hasMessageContaining("downsample");
        assertThatThrownBy(() -> new Options(2, 16, 24, 2, 10, 10, 0.2, 0.2, 1.5)).hasMessageContaining("minObjectFraction");
        Volume small = Volume.of(4, 4, 4, new float[64]);
        assertThatThrownBy(() -> AtlasPatches.sample("x", IMAGE, small, CLASS_OF_LABEL, CLASSES, OPTIONS, 0))
                .hasMessageContaining("differ in extents");
        assertThatThrownBy(() -> AtlasPatches.sample("x", small, small, CLASS_OF_LABEL, CLASSES, OPTIONS, 0))
                .hasMessageContaining("smaller than a patch of 4");
        float[] fractional = new float[SIZE * SIZE * SIZE];
        fractional[5] = 1.5f;
        Volume odd = Volume.of(SIZE, SIZE, SIZE, fractional);
        assertThatThrownBy(() -> AtlasPatches.sample("x", IMAGE, odd, CLASS_OF_LABEL, CLASSES, OPTIONS, 0))
                .hasMessageContaining("atlas value 1.5");
        assertThatThrownBy(() -> AtlasPatches.sample("x", IMAGE, ATLAS, new int[] {0, 3}, CLASSES, OPTIONS, 0))
                .hasMessageContaining("label 1 maps to class 3");
    }
}
