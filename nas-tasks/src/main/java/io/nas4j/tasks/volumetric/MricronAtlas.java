package io.nas4j.tasks.volumetric;

import io.nas4j.core.port.Augmentation;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.data.NiftiFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The anatomy task on real MRI: 3D patches of the Colin27 T1 brain ({@code ch2bet.nii.gz}: 181x217x181
 * voxels of 1 mm, skull-stripped) classified by the brain region at their centre, as the AAL atlas on the
 * same grid ({@code aal.nii.gz}, labels 1..116 named in {@code aal.nii.txt}) gives it. The files come with
 * Debian's {@code mricron-data} package (BSD-3-Clause), installed in {@link #DEBIAN_DIRECTORY}.
 *
 * <p>The classes come from the AAL codes in {@code aal.nii.txt}, whose first digit is the region's lobe
 * (2 frontal, 3 insula, 4 limbic, 5 occipital, 6 parietal, 7 subcortical grey nuclei, 8 temporal,
 * 9 cerebellum and vermis); {@link Grouping} says how lobes become classes. Patches are cut and divided
 * into spatially separated parts by {@link AtlasPatches}; the task standardises them with the training
 * part's statistics. The input has 1 channel; the class count is the grouping's.
 */
public final class MricronAtlas {

    /** The data set's name in results and on the command line. */
    public static final String NAME = "mricron-atlas";
    /** Where {@code apt-get install mricron-data} puts the files. */
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/mricron");
    public static final String BRAIN_FILE = "ch2bet.nii.gz";
    public static final String ATLAS_FILE = "aal.nii.gz";
    public static final String REGIONS_FILE = "aal.nii.txt";

    /**
     * The default patches: 2 mm voxels (the 1 mm scan averaged 2x2x2), 12³ patches (24 mm of tissue),
     * blocks of 20 voxels (40 mm) with a gap of 2 voxels (4 mm) between parts, 60/20/20 per class, up to
     * 300 training and 100 validation and test patches per class, at least half of every patch inside
     * the brain. Small enough to train on two CPU cores; larger blocks or patches leave some classes
     * without validation or test patches, since a part's patches must fit inside its own blocks.
     */
    public static final AtlasPatches.Options DEFAULT_OPTIONS =
            new AtlasPatches.Options(2, 12, 20, 2, 300, 100, 0.2, 0.2, 0.5);

    /** How AAL lobes become classes. */
    public enum Grouping {
        /**
         * Six classes: frontal, parietal, temporal, occipital, central (insula, cingulate and medial
         * temporal limbic cortex, basal ganglia, thalamus) and cerebellum (with the vermis).
         */
        LOBES(List.of("frontal", "parietal", "temporal", "occipital", "central", "cerebellum")),
        /** Two classes: cerebrum and cerebellum (AAL labels 91-116: the cerebellar hemispheres and the vermis). */
        CEREBELLUM(List.of("cerebrum", "cerebellum"));

        private final List<String> classes;

        Grouping(List<String> classes) {
            this.classes = classes;
        }

        public List<String> classes() {
            return classes;
        }

        /** The class of a region with AAL code {@code code}, or -1 when its lobe digit is not an AAL lobe. */
        public int classOf(int code) {
            int lobe = code / 1000;
            if (lobe < 2 || lobe > 9) {
                return -1;
            }
            if (this == CEREBELLUM) {
                return lobe == 9 ? 1 : 0;
            }
            return switch (lobe) {
                case 2 -> 0;
                case 6 -> 1;
                case 8 -> 2;
                case 5 -> 3;
                case 9 -> 5;
                default -> 4;
            };
        }
    }

    /**
     * One row of {@code aal.nii.txt}.
     *
     * @param label the voxel value in the atlas
     * @param name  for example {@code Precentral_L}
     * @param code  the AAL code, for example 2001; its first digit is the lobe
     */
    public record Region(int label, String name, int code) {
    }

    private MricronAtlas() {
    }

    /**
     * The folder holding the three files: {@code directory} itself, or its {@code volumetric/mricron} or
     * {@code mricron} subfolder (so the shared data root works as well as the folder); empty when none holds
     * {@link #BRAIN_FILE}.
     */
    public static Optional<Path> locate(Path directory) {
        Objects.requireNonNull(directory, "directory");
        for (Path candidate : List.of(directory, directory.resolve("volumetric").resolve("mricron"),
                directory.resolve("mricron"))) {
            if (Files.isRegularFile(candidate.resolve(BRAIN_FILE))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads the region table: one line {@code label name code} per region.
     *
     * @throws IOException when the file is missing or a line is malformed, naming it
     */
    public static List<Region> regions(Path file) throws IOException {
        List<Region> regions = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int line = 0; line < lines.size(); line++) {
            String text = lines.get(line).strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] fields = text.split("\\s+");
            try {
                if (fields.length != 3) {
                    throw new NumberFormatException("expected 3 fields");
                }
                regions.add(new Region(Integer.parseInt(fields[0]), fields[1], Integer.parseInt(fields[2])));
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + (line + 1) + ": expected 'label name code', got '" + text + "'");
            }
        }
        if (regions.isEmpty()) {
            throw new IOException(file + ": lists no region");
        }
        return regions;
    }

    /**
     * The patches of the scan in {@code folder} (see {@link #locate}).
     *
     * @throws NoSuchFileException when a file is missing
     * @throws IOException         when a file is malformed or the scan and atlas grids differ, naming the file
     */
    public static AtlasPatches.Sample sample(Path folder, Grouping grouping, AtlasPatches.Options options, long seed)
            throws IOException {
        Objects.requireNonNull(grouping, "grouping");
        Volume brain = Volume.of(NiftiFile.read(folder.resolve(BRAIN_FILE)));
        Path atlasFile = folder.resolve(ATLAS_FILE);
        Volume atlas = Volume.of(NiftiFile.read(atlasFile));
        if (!brain.sameGrid(atlas)) {
            throw new IOException(atlasFile + ": the atlas " + atlas + " is not on the grid of the scan " + brain);
        }
        List<Region> regions = regions(folder.resolve(REGIONS_FILE));
        int largest = regions.stream().mapToInt(Region::label).max().orElse(0);
        int[] classOfLabel = new int[largest + 1];
        Arrays.fill(classOfLabel, -1);
        for (Region region : regions) {
            if (region.label() > 0) {
                classOfLabel[region.label()] = grouping.classOf(region.code());
            }
        }
        return AtlasPatches.sample(NAME, brain, atlas, classOfLabel, grouping.classes(), options, seed);
    }

    /**
     * The classification task: {@link #sample} with {@link Grouping#LOBES} and {@link #DEFAULT_OPTIONS},
     * standardised with the training part's statistics, no augmentation.
     */
    public static ClassificationTask task(Path folder, long seed) throws IOException {
        return task(folder, Grouping.LOBES, DEFAULT_OPTIONS, seed);
    }

    /** The classification task with another grouping or other patches. */
    public static ClassificationTask task(Path folder, Grouping grouping, AtlasPatches.Options options, long seed)
            throws IOException {
        AtlasPatches.Sample sample = sample(folder, grouping, options, seed);
        return ClassificationTask.standardized(NAME, sample.split(), Augmentation.none());
    }
}
