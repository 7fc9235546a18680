package io.nas4j.tasks.volumetric;

import io.nas4j.core.network.Shape;
import io.nas4j.tasks.data.Split;
import io.nas4j.tasks.data.TensorDataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Labelled 3D patches of an intensity volume, each labelled by an atlas at its centre, divided into
 * training, validation and test parts that are spatially separated: a classification set from one
 * annotated scan.
 *
 * <p><b>Patches.</b> The image is first downsampled by averaging {@code downsample}³ voxel blocks. A patch
 * is a cube of {@code patchSize}³ downsampled voxels; its centre is a point of the original grid, and the
 * patch's class is the class of the original voxels that touch that point (8 voxels when the point is a
 * voxel corner, 1 when it is a voxel centre), which must all agree: a patch whose centre sits on a border
 * between classes or outside every class is not used. A patch must also be mostly inside the object: at
 * least {@code minObjectFraction} of its original voxels are above zero (the scan is skull-stripped, so
 * zero is background).
 *
 * <p><b>Spatial separation.</b> The downsampled grid is cut into cubic blocks of {@code blockSize} voxels,
 * and every block is given to one part. A patch belongs to the part of the block holding its centre, and is
 * only used when its box grown by {@code ceil(gap / 2)} voxels on every side lies entirely in blocks of that
 * same part. Hence patches of different parts never overlap and are at least {@code gap} downsampled voxels
 * apart, so neighbouring tissue cannot leak from training into validation or test.
 *
 * <p>The assignment is a greedy stratified group split: blocks in a seeded random order, each to the part
 * whose class proportions it brings closest to the target fractions, counting the patches that fit inside
 * the block alone; blocks where none fits go to training (they only add patches that straddle training
 * blocks). Of {@value #ASSIGNMENT_ATTEMPTS} such seeded assignments, the one kept gives the class of any part
 * with the fewest usable patches (relative to what is wanted) the most: with a few dozen blocks a single
 * assignment often leaves a small class without validation or test patches.
 *
 * <p><b>Balance.</b> From the usable patches of each part, up to {@code trainPerClass} (training) or
 * {@code evaluationPerClass} (validation, test) of every class are drawn without replacement, seeded; a
 * class with fewer usable patches contributes all it has. Examples are ordered by class, then position.
 *
 * <p>Contract: the same volumes, options and seed give the same patches; nothing else is random. Inputs
 * are the raw (downsampled) intensities, shape {@code [1, patchSize, patchSize, patchSize]} with axes
 * {@code z, y, x} (x fastest, as in the volume); normalise them with the training part's statistics.
 */
public final class AtlasPatches {

    private static final int TRAIN = 0;
    private static final int VALIDATION = 1;
    private static final int TEST = 2;
    private static final List<String> PARTS = List.of("train", "validation", "test");
    /** Seeded block assignments tried; the one that best covers every class of every part is kept. */
    private static final int ASSIGNMENT_ATTEMPTS = 64;

    private AtlasPatches() {
    }

    /**
     * How patches are cut and divided.
     *
     * @param downsample         the averaging factor per axis, at least 1
     * @param patchSize          the patch's edge in downsampled voxels, at least 1
     * @param blockSize          the edge of the blocks parts are made of, in downsampled voxels; at least
     *                           {@code patchSize + 2 * ceil(gap / 2)}, or no patch could fit in one block
     * @param gap                the least distance between patches of different parts, downsampled voxels
     * @param trainPerClass      training patches drawn per class, at least 1
     * @param evaluationPerClass validation and test patches drawn per class, each part, at least 1
     * @param validationFraction the validation part's target share of every class's patches
     * @param testFraction       the test part's target share
     * @param minObjectFraction  the least share of a patch's original voxels that are above zero, in [0, 1]
     */
    public record Options(int downsample, int patchSize, int blockSize, int gap, int trainPerClass,
                          int evaluationPerClass, double validationFraction, double testFraction,
                          double minObjectFraction) {

        public Options {
            positive("downsample", downsample);
            positive("patchSize", patchSize);
            positive("trainPerClass", trainPerClass);
            positive("evaluationPerClass", evaluationPerClass);
            if (gap < 0) {
                throw new IllegalArgumentException("gap must be at least 0, got " + gap);
            }
            int margin = (gap + 1) / 2;
            if (blockSize < patchSize + 2 * margin) {
                throw new IllegalArgumentException("blockSize " + blockSize + " cannot hold a patch of " + patchSize
                        + " with a margin of " + margin + " on each side; it must be at least "
                        + (patchSize + 2 * margin));
            }
            if (!(validationFraction > 0 && testFraction > 0 && validationFraction + testFraction < 1)) {
                throw new IllegalArgumentException("validationFraction and testFraction must be positive and leave "
                        + "a share for training, got " + validationFraction + " and " + testFraction);
            }
            if (!(minObjectFraction >= 0 && minObjectFraction <= 1)) {
                throw new IllegalArgumentException("minObjectFraction must be in [0, 1], got " + minObjectFraction);
            }
        }

        private static void positive(String field, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(field + " must be at least 1, got " + value);
            }
        }

        /** This with another patch size and a block size grown to hold it. */
        public Options withPatchSize(int value) {
            int margin = (gap + 1) / 2;
            return new Options(downsample, value, Math.max(blockSize, value + 2 * margin), gap, trainPerClass,
                    evaluationPerClass, validationFraction, testFraction, minObjectFraction);
        }

        /** This with other numbers of patches per class. */
        public Options withCounts(int train, int evaluation) {
            return new Options(downsample, patchSize, blockSize, gap, train, evaluation, validationFraction,
                    testFraction, minObjectFraction);
        }

        /** The margin around a patch that must lie in blocks of its own part. */
        public int margin() {
            return (gap + 1) / 2;
        }
    }

    /**
     * One patch: its lowest corner on the downsampled grid and its class.
     *
     * @param x     the corner's x, in downsampled voxels
     * @param y     the corner's y
     * @param z     the corner's z
     * @param label the class index
     */
    public record Patch(int x, int y, int z, int label) {
    }

    /**
     * The patches drawn and the datasets made of them.
     *
     * @param classes    the class names, by label
     * @param options    the options used
     * @param train      the training patches, in dataset order
     * @param validation the validation patches
     * @param test       the test patches
     * @param usable     for each part (train, validation, test) and class, how many patches were usable
     *                   before drawing
     * @param split      the three parts as datasets of raw intensities
     */
    public record Sample(List<String> classes, Options options, List<Patch> train, List<Patch> validation,
                         List<Patch> test, List<List<Integer>> usable, Split split) {

        public Sample {
            classes = List.copyOf(classes);
            train = List.copyOf(train);
            validation = List.copyOf(validation);
            test = List.copyOf(test);
            usable = usable.stream().map(List::copyOf).toList();
        }
    }

    /**
     * Draws the patches of {@code image} labelled through {@code atlas}.
     *
     * @param name         names the datasets: {@code name/train}, {@code name/validation}, {@code name/test}
     * @param image        the intensities; zero is background
     * @param atlas        region labels on the same grid, non-negative whole numbers
     * @param classOfLabel the class of every atlas label (index = label), -1 for labels that belong to no
     *                     class; labels past its end belong to no class
     * @param classNames   the class names, by class index; at least 2
     * @throws IllegalArgumentException when the grids differ, the downsampled volume is smaller than a
     *                                  patch, an atlas value is not a non-negative whole number, a class index
     *                                  is out of range, or no training patch is usable
     */
    public static Sample sample(String name, Volume image, Volume atlas, int[] classOfLabel, List<String> classNames,
                                Options options, long seed) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        if (!image.sameGrid(atlas)) {
            throw new IllegalArgumentException("the image " + image + " and the atlas " + atlas + " differ in extents");
        }
        int classes = classNames.size();
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classNames);
        }
        for (int label = 0; label < classOfLabel.length; label++) {
            if (classOfLabel[label] < -1 || classOfLabel[label] >= classes) {
                throw new IllegalArgumentException("label " + label + " maps to class " + classOfLabel[label]
                        + ", outside [-1, " + classes + ")");
            }
        }
        Grid grid = Grid.downsample(image, options.downsample());
        int patch = options.patchSize();
        if (grid.width < patch || grid.height < patch || grid.depth < patch) {
            throw new IllegalArgumentException("the volume downsampled by " + options.downsample() + " is "
                    + grid.width + "x" + grid.height + "x" + grid.depth + ", smaller than a patch of " + patch);
        }
        int[] voxelClass = voxelClasses(atlas, classOfLabel);
        Candidates candidates = candidates(image, grid, voxelClass, classes, options);
        Blocks blocks = new Blocks(grid, options.blockSize());
        SplittableRandom random = new SplittableRandom(seed);
        int[][][] byPartAndClass = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int attempt = 0; attempt < ASSIGNMENT_ATTEMPTS; attempt++) {
            int[] partOfBlock = assign(blocks, candidates, classes, options, random);
            int[][][] pools = usableByPartAndClass(candidates, blocks, partOfBlock, classes, options);
            double score = coverage(pools, options);
            if (score > bestScore) {
                bestScore = score;
                byPartAndClass = pools;
            }
        }

        List<List<Integer>> usable = new ArrayList<>();
        List<List<Patch>> drawn = new ArrayList<>();
        for (int part = TRAIN; part <= TEST; part++) {
            List<Integer> counts = new ArrayList<>();
            List<Patch> patches = new ArrayList<>();
            int perClass = part == TRAIN ? options.trainPerClass() : options.evaluationPerClass();
            for (int label = 0; label < classes; label++) {
                int[] pool = byPartAndClass[part][label];
                counts.add(pool.length);
                shuffle(pool, random);
                int[] chosen = Arrays.copyOf(pool, Math.min(perClass, pool.length));
                Arrays.sort(chosen);
                for (int corner : chosen) {
                    patches.add(candidates.patch(corner, label));
                }
            }
            usable.add(counts);
            drawn.add(patches);
        }
        if (drawn.get(TRAIN).isEmpty()) {
            throw new IllegalArgumentException("no training patch is usable with " + options);
        }
        Shape shape = Shape.of(1, patch, patch, patch);
        Split split = new Split(dataset(name, TRAIN, grid, drawn.get(TRAIN), shape, classes),
                dataset(name, VALIDATION, grid, drawn.get(VALIDATION), shape, classes),
                dataset(name, TEST, grid, drawn.get(TEST), shape, classes));
        return new Sample(classNames, options, drawn.get(TRAIN), drawn.get(VALIDATION), drawn.get(TEST), usable, split);
    }

    /**
     * How well the usable patches cover what is wanted: the smallest share of the wanted count that any
     * class of any part reaches (capped at 1), with the mean share as a tie-breaker.
     */
    private static double coverage(int[][][] pools, Options options) {
        double smallest = 1;
        double sum = 0;
        int cells = 0;
        for (int part = TRAIN; part <= TEST; part++) {
            int wanted = part == TRAIN ? options.trainPerClass() : options.evaluationPerClass();
            for (int[] pool : pools[part]) {
                double share = Math.min(1.0, (double) pool.length / wanted);
                smallest = Math.min(smallest, share);
                sum += share;
                cells++;
            }
        }
        return smallest + sum / cells / 1000;
    }

    /** The class of every original voxel, -1 for none. */
    private static int[] voxelClasses(Volume atlas, int[] classOfLabel) {
        float[] labels = atlas.values();
        int[] classes = new int[labels.length];
        for (int index = 0; index < labels.length; index++) {
            float value = labels[index];
            if (!(value >= 0) || value != Math.rint(value)) {
                throw new IllegalArgumentException("atlas value " + value + " at voxel " + index
                        + " is not a non-negative whole number");
            }
            int label = (int) value;
            classes[index] = label < classOfLabel.length ? classOfLabel[label] : -1;
        }
        return classes;
    }

    /** The downsampled intensities and a summed-volume table of the object's voxels. */
    private static final class Grid {
        private final int factor;
        private final int width;
        private final int height;
        private final int depth;
        private final float[] intensity;
        /** Inclusive prefix sums of object voxels per downsampled voxel, with a zero border: (w+1)(h+1)(d+1). */
        private final long[] objectSums;

        private Grid(int factor, int width, int height, int depth, float[] intensity, long[] objectSums) {
            this.factor = factor;
            this.width = width;
            this.height = height;
            this.depth = depth;
            this.intensity = intensity;
            this.objectSums = objectSums;
        }

        static Grid downsample(Volume image, int factor) {
            int width = image.width() / factor;
            int height = image.height() / factor;
            int depth = image.depth() / factor;
            if (width < 1 || height < 1 || depth < 1) {
                throw new IllegalArgumentException("the volume " + image + " is smaller than one block of "
                        + factor + " voxels");
            }
            float[] values = image.values();
            float[] intensity = new float[width * height * depth];
            long[] objects = new long[width * height * depth];
            double cell = (double) factor * factor * factor;
            for (int z = 0; z < depth; z++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        double sum = 0;
                        long inside = 0;
                        for (int k = 0; k < factor; k++) {
                            for (int j = 0; j < factor; j++) {
                                int row = ((z * factor + k) * image.height() + y * factor + j) * image.width() + x * factor;
                                for (int i = 0; i < factor; i++) {
                                    float value = values[row + i];
                                    sum += value;
                                    inside += value > 0 ? 1 : 0;
                                }
                            }
                        }
                        int index = (z * height + y) * width + x;
                        intensity[index] = (float) (sum / cell);
                        objects[index] = inside;
                    }
                }
            }
            return new Grid(factor, width, height, depth, intensity, prefixSums(objects, width, height, depth));
        }

        private static long[] prefixSums(long[] values, int width, int height, int depth) {
            int w = width + 1;
            int h = height + 1;
            long[] sums = new long[w * h * (depth + 1)];
            for (int z = 1; z <= depth; z++) {
                for (int y = 1; y <= height; y++) {
                    for (int x = 1; x <= width; x++) {
                        long value = values[((z - 1) * height + y - 1) * width + x - 1];
                        sums[(z * h + y) * w + x] = value
                                + sums[((z - 1) * h + y) * w + x] + sums[(z * h + y - 1) * w + x]
                                + sums[(z * h + y) * w + x - 1]
                                - sums[((z - 1) * h + y - 1) * w + x] - sums[((z - 1) * h + y) * w + x - 1]
                                - sums[(z * h + y - 1) * w + x - 1]
                                + sums[((z - 1) * h + y - 1) * w + x - 1];
                    }
                }
            }
            return sums;
        }

        /** Object voxels of the original grid inside the cube of {@code size} downsampled voxels at a corner. */
        long objectVoxels(int x, int y, int z, int size) {
            int w = width + 1;
            int h = height + 1;
            int x1 = x + size;
            int y1 = y + size;
            int z1 = z + size;
            return objectSums[(z1 * h + y1) * w + x1]
                    - objectSums[(z * h + y1) * w + x1] - objectSums[(z1 * h + y) * w + x1]
                    - objectSums[(z1 * h + y1) * w + x]
                    + objectSums[(z * h + y) * w + x1] + objectSums[(z * h + y1) * w + x]
                    + objectSums[(z1 * h + y) * w + x]
                    - objectSums[(z * h + y) * w + x];
        }
    }

    /** Usable patch corners, numbered {@code (z * height + y) * width + x} on the downsampled grid. */
    private static final class Candidates {
        private final Grid grid;
        private final int[] corners;
        private final int[] labels;

        Candidates(Grid grid, int[] corners, int[] labels) {
            this.grid = grid;
            this.corners = corners;
            this.labels = labels;
        }

        int x(int corner) {
            return corner % grid.width;
        }

        int y(int corner) {
            return (corner / grid.width) % grid.height;
        }

        int z(int corner) {
            return corner / (grid.width * grid.height);
        }

        Patch patch(int corner, int label) {
            return new Patch(x(corner), y(corner), z(corner), label);
        }
    }

    private static Candidates candidates(Volume image, Grid grid, int[] voxelClass, int classes, Options options) {
        int patch = options.patchSize();
        int factor = grid.factor;
        long needed = (long) Math.ceil(options.minObjectFraction() * Math.pow((long) patch * factor, 3) - 1e-9);
        int[] corners = new int[1024];
        int[] labels = new int[1024];
        int count = 0;
        for (int z = 0; z + patch <= grid.depth; z++) {
            int[] zRange = centreVoxels(z, patch, factor);
            for (int y = 0; y + patch <= grid.height; y++) {
                int[] yRange = centreVoxels(y, patch, factor);
                for (int x = 0; x + patch <= grid.width; x++) {
                    int[] xRange = centreVoxels(x, patch, factor);
                    int label = commonClass(image, voxelClass, xRange, yRange, zRange);
                    if (label < 0 || grid.objectVoxels(x, y, z, patch) < needed) {
                        continue;
                    }
                    if (count == corners.length) {
                        corners = Arrays.copyOf(corners, count * 2);
                        labels = Arrays.copyOf(labels, count * 2);
                    }
                    corners[count] = (z * grid.height + y) * grid.width + x;
                    labels[count] = label;
                    count++;
                }
            }
        }
        return new Candidates(grid, Arrays.copyOf(corners, count), Arrays.copyOf(labels, count));
    }

    /**
     * The original voxels along one axis that touch the centre of a patch with corner {@code corner}: the
     * centre lies at {@code factor * (corner + patch / 2)} in voxel-edge coordinates, a voxel boundary
     * (two voxels) or a voxel's middle (one voxel).
     */
    private static int[] centreVoxels(int corner, int patch, int factor) {
        int twice = factor * (2 * corner + patch);
        return twice % 2 == 0 ? new int[] {twice / 2 - 1, twice / 2} : new int[] {twice / 2, twice / 2};
    }

    private static int commonClass(Volume image, int[] voxelClass, int[] xs, int[] ys, int[] zs) {
        int found = -2;
        for (int z = zs[0]; z <= zs[1]; z++) {
            for (int y = ys[0]; y <= ys[1]; y++) {
                for (int x = xs[0]; x <= xs[1]; x++) {
                    int label = voxelClass[(z * image.height() + y) * image.width() + x];
                    if (label < 0 || (found != -2 && label != found)) {
                        return -1;
                    }
                    found = label;
                }
            }
        }
        return found;
    }

    /** The block grid over the downsampled volume. */
    private static final class Blocks {
        private final int size;
        private final int across;
        private final int down;
        private final int deep;

        Blocks(Grid grid, int size) {
            this.size = size;
            this.across = (grid.width + size - 1) / size;
            this.down = (grid.height + size - 1) / size;
            this.deep = (grid.depth + size - 1) / size;
        }

        int count() {
            return across * down * deep;
        }

        int of(int x, int y, int z) {
            return ((z / size) * down + y / size) * across + x / size;
        }
    }

    /** Gives every block a part: the greedy stratified assignment of the class note. */
    private static int[] assign(Blocks blocks, Candidates candidates, int classes, Options options,
                                SplittableRandom random) {
        int patch = options.patchSize();
        int margin = options.margin();
        long[][] inBlock = new long[blocks.count()][classes];
        long[] totals = new long[classes];
        for (int index = 0; index < candidates.corners.length; index++) {
            int corner = candidates.corners[index];
            int x = candidates.x(corner);
            int y = candidates.y(corner);
            int z = candidates.z(corner);
            int block = blocks.of(x - margin, y - margin, z - margin);
            if (x >= margin && y >= margin && z >= margin
                    && block == blocks.of(x + patch + margin - 1, y + patch + margin - 1, z + patch + margin - 1)) {
                inBlock[block][candidates.labels[index]]++;
                totals[candidates.labels[index]]++;
            }
        }
        double[] targets = {1 - options.validationFraction() - options.testFraction(), options.validationFraction(),
                options.testFraction()};
        long[][] held = new long[PARTS.size()][classes];
        int[] order = new int[blocks.count()];
        for (int block = 0; block < order.length; block++) {
            order[block] = block;
        }
        shuffle(order, random);
        int[] partOfBlock = new int[blocks.count()];
        for (int block : order) {
            long[] counts = inBlock[block];
            if (Arrays.stream(counts).sum() == 0) {
                partOfBlock[block] = TRAIN;
                continue;
            }
            int best = TRAIN;
            double bestChange = Double.POSITIVE_INFINITY;
            for (int part = TRAIN; part <= TEST; part++) {
                double change = 0;
                for (int label = 0; label < classes; label++) {
                    if (totals[label] == 0) {
                        continue;
                    }
                    double before = (double) held[part][label] / totals[label] - targets[part];
                    double after = (double) (held[part][label] + counts[label]) / totals[label] - targets[part];
                    change += after * after - before * before;
                }
                if (change < bestChange) {
                    bestChange = change;
                    best = part;
                }
            }
            partOfBlock[block] = best;
            for (int label = 0; label < classes; label++) {
                held[best][label] += counts[label];
            }
        }
        return partOfBlock;
    }

    /** The corners usable in each part, by class: those whose grown box lies in blocks of the centre's part. */
    private static int[][][] usableByPartAndClass(Candidates candidates, Blocks blocks, int[] partOfBlock, int classes,
                                                  Options options) {
        int patch = options.patchSize();
        int margin = options.margin();
        Grid grid = candidates.grid;
        int[][] counts = new int[PARTS.size()][classes];
        int[] partOf = new int[candidates.corners.length];
        for (int index = 0; index < candidates.corners.length; index++) {
            int corner = candidates.corners[index];
            int x = candidates.x(corner);
            int y = candidates.y(corner);
            int z = candidates.z(corner);
            int centre = patch / 2;
            int part = partOfBlock[blocks.of(x + centre, y + centre, z + centre)];
            partOf[index] = -1;
            if (withinPart(blocks, partOfBlock, part, grid,
                    x - margin, y - margin, z - margin, x + patch + margin, y + patch + margin, z + patch + margin)) {
                partOf[index] = part;
                counts[part][candidates.labels[index]]++;
            }
        }
        int[][][] pools = new int[PARTS.size()][classes][];
        int[][] filled = new int[PARTS.size()][classes];
        for (int part = TRAIN; part <= TEST; part++) {
            for (int label = 0; label < classes; label++) {
                pools[part][label] = new int[counts[part][label]];
            }
        }
        for (int index = 0; index < candidates.corners.length; index++) {
            int part = partOf[index];
            if (part >= 0) {
                int label = candidates.labels[index];
                pools[part][label][filled[part][label]++] = candidates.corners[index];
            }
        }
        return pools;
    }

    /** True when every block meeting the box {@code [x0, x1) x [y0, y1) x [z0, z1)} belongs to {@code part}. */
    private static boolean withinPart(Blocks blocks, int[] partOfBlock, int part, Grid grid,
                                      int x0, int y0, int z0, int x1, int y1, int z1) {
        int size = blocks.size;
        for (int bz = Math.max(0, z0) / size; bz <= (Math.min(grid.depth, z1) - 1) / size; bz++) {
            for (int by = Math.max(0, y0) / size; by <= (Math.min(grid.height, y1) - 1) / size; by++) {
                for (int bx = Math.max(0, x0) / size; bx <= (Math.min(grid.width, x1) - 1) / size; bx++) {
                    if (partOfBlock[(bz * blocks.down + by) * blocks.across + bx] != part) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static TensorDataset dataset(String name, int part, Grid grid, List<Patch> patches, Shape shape,
                                         int classes) {
        int size = shape.spatial(0);
        int elements = size * size * size;
        float[] inputs = new float[patches.size() * elements];
        int[] labels = new int[patches.size()];
        for (int example = 0; example < patches.size(); example++) {
            Patch patch = patches.get(example);
            labels[example] = patch.label();
            int offset = example * elements;
            for (int k = 0; k < size; k++) {
                for (int j = 0; j < size; j++) {
                    int row = ((patch.z() + k) * grid.height + patch.y() + j) * grid.width + patch.x();
                    System.arraycopy(grid.intensity, row, inputs, offset + (k * size + j) * size, size);
                }
            }
        }
        return TensorDataset.of(name + "/" + PARTS.get(part), shape, classes, inputs, labels);
    }

    /** Fisher–Yates, written out so the order depends on the seed alone. */
    private static void shuffle(int[] values, SplittableRandom random) {
        for (int last = values.length - 1; last > 0; last--) {
            int other = random.nextInt(last + 1);
            int swapped = values[last];
            values[last] = values[other];
            values[other] = swapped;
        }
    }
}
