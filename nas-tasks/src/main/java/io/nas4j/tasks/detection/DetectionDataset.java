package io.nas4j.tasks.detection;

import io.nas4j.core.network.DetectionLayout;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;
import io.nas4j.tasks.data.Normalization;
import io.nas4j.tasks.data.TargetDataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Images with their annotated objects: an immutable in-memory {@link Dataset} of float images (channels
 * first, one flat array) and one list of {@link GroundTruth} boxes per image, in the image's pixel
 * coordinates. As a {@link Dataset} it carries no dense targets, because those depend on the detector's
 * anchors: {@link #withTargets} makes the training view for one network. Its {@link #label} is the class of
 * the image's largest object (0 for an image without objects), which stratified splitting can use.
 *
 * <p>Contract: the factory copies and checks its arguments (every box inside the image, every class in
 * range, every value finite); instances are safe to share between threads.
 */
public final class DetectionDataset implements Dataset {

    private final String name;
    private final Shape shape;
    private final List<String> classNames;
    private final float[] images;
    private final List<List<GroundTruth>> objects;
    private final int elements;

    private DetectionDataset(String name, Shape shape, List<String> classNames, float[] images,
                             List<List<GroundTruth>> objects) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.classNames = List.copyOf(classNames);
        this.objects = objects.stream().map(List::copyOf).toList();
        if (shape.spatialDims() != 2) {
            throw new IllegalArgumentException(name + ": detection images are [C, H, W], got " + shape);
        }
        if (this.classNames.isEmpty()) {
            throw new IllegalArgumentException(name + ": a detection set needs at least one class");
        }
        this.elements = Math.toIntExact(shape.elements());
        if ((long) this.objects.size() * elements != images.length) {
            throw new IllegalArgumentException(name + ": " + this.objects.size() + " images of " + shape + " need "
                    + (long) this.objects.size() * elements + " values, got " + images.length);
        }
        for (int index = 0; index < images.length; index++) {
            if (!Float.isFinite(images[index])) {
                throw new IllegalArgumentException(name + ": value " + images[index] + " of image " + index / elements
                        + " is not finite");
            }
        }
        for (int image = 0; image < this.objects.size(); image++) {
            for (GroundTruth object : this.objects.get(image)) {
                Box box = object.box();
                if (object.label() >= this.classNames.size()) {
                    throw new IllegalArgumentException(name + ": image " + image + " has class " + object.label()
                            + ", outside [0, " + this.classNames.size() + ")");
                }
                if (box.x1() < 0 || box.y1() < 0 || box.x2() > shape.spatial(1) || box.y2() > shape.spatial(0)
                        || box.area() <= 0) {
                    throw new IllegalArgumentException(name + ": image " + image + " has the box " + box
                            + ", which is empty or outside its " + shape.spatial(1) + "x" + shape.spatial(0) + " pixels");
                }
            }
        }
        this.images = images;
    }

    /**
     * A dataset over copies of {@code images} (one {@code shape} after another) and the objects of each.
     *
     * @throws IllegalArgumentException when sizes disagree, a box leaves its image or a class is out of range
     */
    public static DetectionDataset of(String name, Shape shape, List<String> classNames, float[] images,
                                      List<List<GroundTruth>> objects) {
        return new DetectionDataset(name, shape, classNames, images.clone(), objects);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public int size() {
        return objects.size();
    }

    @Override
    public int classes() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The objects of image {@code index}. */
    public List<GroundTruth> objects(int index) {
        return objects.get(Objects.checkIndex(index, objects.size()));
    }

    /** The objects of every image, in image order. */
    public List<List<GroundTruth>> objects() {
        return objects;
    }

    /** The class of the largest object of image {@code index}; 0 when it has none. */
    @Override
    public int label(int index) {
        GroundTruth largest = null;
        for (GroundTruth object : objects(index)) {
            if (largest == null || object.box().area() > largest.box().area()) {
                largest = object;
            }
        }
        return largest == null ? 0 : largest.label();
    }

    /** A copy of image {@code index}'s values. */
    public float[] image(int index) {
        int start = Objects.checkIndex(index, objects.size()) * elements;
        return Arrays.copyOfRange(images, start, start + elements);
    }

    @Override
    public void copyInputs(int[] indices, float[] destination) {
        if (destination.length < (long) indices.length * elements) {
            throw new IllegalArgumentException("destination holds " + destination.length + " values, " + indices.length
                    + " images of " + shape + " need " + (long) indices.length * elements);
        }
        for (int position = 0; position < indices.length; position++) {
            int index = Objects.checkIndex(indices[position], objects.size());
            System.arraycopy(images, index * elements, destination, position * elements, elements);
        }
    }

    @Override
    public DetectionDataset subset(int[] indices, String subsetName) {
        float[] selected = new float[Math.multiplyExact(indices.length, elements)];
        copyInputs(indices, selected);
        List<List<GroundTruth>> selectedObjects = new ArrayList<>();
        for (int index : indices) {
            selectedObjects.add(objects.get(index));
        }
        return new DetectionDataset(subsetName, shape, classNames, selected, selectedObjects);
    }

    /** This dataset's images followed by {@code other}'s, under {@code joinedName}. */
    public DetectionDataset join(DetectionDataset other, String joinedName) {
        if (!other.shape.equals(shape) || !other.classNames.equals(classNames)) {
            throw new IllegalArgumentException("cannot join " + other.name + " to " + name + ": shapes or classes differ");
        }
        float[] joined = Arrays.copyOf(images, images.length + other.images.length);
        System.arraycopy(other.images, 0, joined, images.length, other.images.length);
        List<List<GroundTruth>> all = new ArrayList<>(objects);
        all.addAll(other.objects);
        return new DetectionDataset(joinedName, shape, classNames, joined, all);
    }

    /** The images standardised with {@code normalization}'s per-channel statistics; boxes unchanged. */
    public DetectionDataset normalized(Normalization normalization) {
        if (normalization.mean().size() != shape.channels()) {
            throw new IllegalArgumentException(name + " has " + shape.channels() + " channels, the statistics are for "
                    + normalization.mean().size());
        }
        int plane = elements / shape.channels();
        float[] result = images.clone();
        for (int index = 0; index < result.length; index++) {
            int channel = (index / plane) % shape.channels();
            double deviation = normalization.std().get(channel);
            result[index] = (float) ((result[index] - normalization.mean().get(channel)) / (deviation > 0 ? deviation : 1));
        }
        return new DetectionDataset(name, shape, classNames, result, objects);
    }

    /**
     * The training view of this dataset for one detector: the same images, with the dense targets that
     * {@code matcher} assigns to the anchors of {@code layout} (computed once, here).
     */
    public Dataset withTargets(DetectionLayout layout, AnchorMatcher matcher) {
        if (!layout.input().equals(shape)) {
            throw new IllegalArgumentException("the detector takes " + layout.input() + ", " + name + " has " + shape);
        }
        if (layout.classes() != classes()) {
            throw new IllegalArgumentException("the detector has " + layout.classes() + " classes, " + name + " has "
                    + classes());
        }
        int width = layout.anchors() * io.nas4j.core.network.DetectionLoss.TARGET_WIDTH;
        float[] targets = new float[Math.multiplyExact(objects.size(), width)];
        for (int image = 0; image < objects.size(); image++) {
            matcher.write(layout, objects.get(image), targets, image * width);
        }
        return new TargetDataset(this, Shape.of(layout.anchors(), io.nas4j.core.network.DetectionLoss.TARGET_WIDTH), targets);
    }

    @Override
    public String toString() {
        return name + " (" + objects.size() + " images of " + shape + ", " + objects.stream().mapToInt(List::size).sum()
                + " objects, classes " + classNames + ")";
    }
}
