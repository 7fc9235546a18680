package io.nas4j.tasks.volumetric;

import io.nas4j.core.network.Shape;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.data.Datasets;
import io.nas4j.tasks.data.NiftiFile;
import io.nas4j.tasks.volumetric.AtlasPatches.Patch;
import io.nas4j.tasks.volumetric.AtlasPatches.Sample;
import io.nas4j.tasks.volumetric.MricronAtlas.Grouping;
import io.nas4j.tasks.volumetric.MricronAtlas.Region;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The atlas-patch task on the real Colin27 T1 scan and AAL atlas of ../shared/data/volumetric/mricron. */
class MricronAtlasTest {

    private static Path folder;
    private static Sample sample;

    @BeforeAll
    static void sampleTheDefaultPatches() throws IOException {
        String property = System.getProperty("nas4j.data.dir");
        folder = property == null ? null : Path.of(property, "volumetric", "mricron");
        if (folder != null && Files.isRegularFile(folder.resolve(MricronAtlas.BRAIN_FILE))) {
            sample = MricronAtlas.sample(folder, Grouping.LOBES, MricronAtlas.DEFAULT_OPTIONS, 0);
        }
    }

    private static Sample sample() {
        assumeTrue(sample != null, "skipped: the MRI data is absent (system property nas4j.data.dir = "
                + System.getProperty("nas4j.data.dir") + " has no volumetric/mricron/" + MricronAtlas.BRAIN_FILE + ")");
        return sample;
    }

    @Test
    void theRegionTableNamesTheHundredSixteenAalRegionsWithTheirLobeCodes() throws IOException {
        sample();
        List<Region> regions = MricronAtlas.regions(folder.resolve(MricronAtlas.REGIONS_FILE));

        assertThat(regions).hasSize(116);
        assertThat(regions.get(0)).isEqualTo(new Region(1, "Precentral_L", 2001));
        assertThat(regions.subList(90, 108)).allSatisfy(region -> {
            assertThat(region.name()).startsWith("Cerebelum_");
            assertThat(region.code() / 100).isEqualTo(90);
        });
        assertThat(regions.subList(108, 116)).allSatisfy(region -> assertThat(region.name()).startsWith("Vermis_"));
    }

    @Test
    void groupingsMapLobeCodesToClasses() {
        assertThat(Grouping.LOBES.classes()).containsExactly("frontal", "parietal", "temporal", "occipital",
                "central", "cerebellum");
        Map<Integer, String> expected = Map.of(2001, "frontal", 3001, "central", 4101, "central", 5021, "occipital",
                6201, "parietal", 7011, "central", 8111, "temporal", 9001, "cerebellum", 9170, "cerebellum");
        expected.forEach((code, name) -> assertThat(Grouping.LOBES.classes().get(Grouping.LOBES.classOf(code)))
                .as("code %d", code).isEqualTo(name));
        assertThat(Grouping.CEREBELLUM.classOf(9082)).isEqualTo(1);
        assertThat(Grouping.CEREBELLUM.classOf(2001)).isZero();
        assertThat(Grouping.LOBES.classOf(1000)).isEqualTo(-1);
    }

    @Test
    void theSharedDataRootAndTheMricronFolderBothLocateTheFiles(@TempDir Path empty) {
        sample();
        Path root = folder.getParent().getParent();

        assertThat(MricronAtlas.locate(root)).contains(root.resolve("volumetric").resolve("mricron"));
        assertThat(MricronAtlas.locate(folder)).contains(folder);
        assertThat(MricronAtlas.locate(empty)).isEmpty();
    }

    @Test
    void theDefaultTaskHasSixBalancedClassesOfOneChannelTwelveCubedPatches() {
        Sample patches = sample();

        assertThat(patches.split().train().inputShape()).isEqualTo(Shape.of(1, 12, 12, 12));
        assertThat(Datasets.classCounts(patches.split().train())).containsOnly(300);
        assertThat(Datasets.classCounts(patches.split().validation())).containsOnly(100);
        assertThat(Datasets.classCounts(patches.split().test())).containsOnly(100);
        assertThat(patches.usable()).allSatisfy(part -> assertThat(part).allSatisfy(count ->
                assertThat(count).isGreaterThanOrEqualTo(100)));
    }

    @Test
    void everyPatchIsLabelledByTheAtlasAtItsCentreAndIsMostlyBrain() throws IOException {
        Sample patches = sample();
        Volume brain = Volume.of(NiftiFile.read(folder.resolve(MricronAtlas.BRAIN_FILE)));
        Volume atlas = Volume.of(NiftiFile.read(folder.resolve(MricronAtlas.ATLAS_FILE)));
        Map<Integer, Integer> classOfLabel = new HashMap<>();
        for (Region region : MricronAtlas.regions(folder.resolve(MricronAtlas.REGIONS_FILE))) {
            classOfLabel.put(region.label(), Grouping.LOBES.classOf(region.code()));
        }
        for (List<Patch> part : List.of(patches.train(), patches.validation(), patches.test())) {
            for (Patch patch : part.subList(0, Math.min(part.size(), 200))) {
                // a 12-voxel patch of 2 mm voxels: 24 mm, centred on the corner shared by voxels c - 1 and c
                int cx = 2 * patch.x() + 12;
                int cy = 2 * patch.y() + 12;
                int cz = 2 * patch.z() + 12;
                for (int[] voxel : new int[][] {{cx - 1, cy - 1, cz - 1}, {cx, cy, cz}, {cx - 1, cy, cz}, {cx, cy - 1, cz - 1}}) {
                    int label = (int) atlas.value(voxel[0], voxel[1], voxel[2]);
                    assertThat(classOfLabel.getOrDefault(label, -1)).as("%s", patch).isEqualTo(patch.label());
                }
                int inside = 0;
                for (int z = 2 * patch.z(); z < 2 * patch.z() + 24; z++) {
                    for (int y = 2 * patch.y(); y < 2 * patch.y() + 24; y++) {
                        for (int x = 2 * patch.x(); x < 2 * patch.x() + 24; x++) {
                            inside += brain.value(x, y, z) > 0 ? 1 : 0;
                        }
                    }
                }
                assertThat(inside).as("%s", patch).isGreaterThanOrEqualTo(24 * 24 * 24 / 2);
            }
        }
    }

    @Test
    void trainingValidationAndTestPatchesAreSpatiallySeparate() {
        Sample patches = sample();
        List<List<Patch>> parts = List.of(patches.train(), patches.validation(), patches.test());
        for (int first = 0; first < parts.size(); first++) {
            for (int second = first + 1; second < parts.size(); second++) {
                for (Patch a : parts.get(first)) {
                    for (Patch b : parts.get(second)) {
                        assertThat(AtlasPatchesTest.separation(a, b, 12)).as("%s and %s", a, b)
                                .isGreaterThanOrEqualTo(MricronAtlas.DEFAULT_OPTIONS.gap());
                    }
                }
            }
        }
    }

    @Test
    void theTaskIsStandardisedWithTrainingStatisticsAndDeterministicForASeed() throws IOException {
        sample();
        ClassificationTask task = MricronAtlas.task(folder, 0);
        ClassificationTask again = MricronAtlas.task(folder, 0);

        assertThat(task.name()).isEqualTo("mricron-atlas");
        assertThat(task.head().classes()).isEqualTo(6);
        float[] first = new float[1728];
        float[] second = new float[1728];
        task.test().copyInputs(new int[] {17}, first);
        again.test().copyInputs(new int[] {17}, second);
        assertThat(first).containsExactly(second);
        float[] all = new float[task.train().size() * 1728];
        task.train().copyInputs(Datasets.allIndices(task.train().size()), all);
        double sum = 0;
        for (float value : all) {
            sum += value;
        }
        assertThat(sum / all.length).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void anotherSeedDividesTheBrainDifferently() throws IOException {
        Sample patches = sample();
        Sample other = MricronAtlas.sample(folder, Grouping.LOBES, MricronAtlas.DEFAULT_OPTIONS, 1);

        assertThat(other.test()).isNotEqualTo(patches.test());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path partial) throws IOException {
        sample();
        Files.copy(folder.resolve(MricronAtlas.BRAIN_FILE), partial.resolve(MricronAtlas.BRAIN_FILE));

        assertThatThrownBy(() -> MricronAtlas.sample(partial, Grouping.LOBES, MricronAtlas.DEFAULT_OPTIONS, 0))
                .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining(MricronAtlas.ATLAS_FILE);
    }
}
