package io.nas4j.tasks.detection;

import io.nas4j.core.network.Shape;
import io.nas4j.tasks.data.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a detection set described by a COCO annotation file: {@code images} ({@code id},
 * {@code file_name}), {@code categories} ({@code id}, {@code name}) and {@code annotations}
 * ({@code image_id}, {@code category_id}, {@code bbox} as {@code [x, y, width, height]} in pixels,
 * {@code iscrowd}). Categories become classes in increasing id order; crowd regions are kept as difficult
 * objects (evaluation ignores them); images keep the file's order and are resized to a square, their boxes
 * clipped and scaled with them.
 */
public final class CocoJson {

    private CocoJson() {
    }

    /**
     * The set that {@code annotationFile} describes, images read from {@code imageFolder}.
     *
     * @throws IOException naming the file that is missing or malformed
     */
    public static DetectionDataset read(Path annotationFile, Path imageFolder, String name, int size) throws IOException {
        try {
            return readChecked(annotationFile, imageFolder, name, size);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static DetectionDataset readChecked(Path annotationFile, Path imageFolder, String name, int size)
            throws IOException {
        if (!Files.isRegularFile(annotationFile)) {
            throw new IOException("the COCO annotation file " + annotationFile + " does not exist");
        }
        Map<?, ?> root;
        try {
            Object parsed = Json.parse(Files.readString(annotationFile, StandardCharsets.UTF_8));
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new IOException(annotationFile + " does not hold a JSON object");
            }
            root = map;
        } catch (IllegalArgumentException e) {
            throw new IOException(annotationFile + ": " + e.getMessage(), e);
        }
        List<Map<?, ?>> categories = objects(root, "categories", annotationFile);
        categories = new ArrayList<>(categories);
        categories.sort(Comparator.comparingDouble(category -> number(category, "id", annotationFile)));
        Map<Long, Integer> classOf = new HashMap<>();
        List<String> classNames = new ArrayList<>();
        for (Map<?, ?> category : categories) {
            classOf.put((long) number(category, "id", annotationFile), classNames.size());
            classNames.add(String.valueOf(category.get("name")));
        }
        List<Map<?, ?>> images = objects(root, "images", annotationFile);
        Map<Long, Integer> imageIndex = new HashMap<>();
        float[] values = new float[Math.multiplyExact(images.size(), 3 * size * size)];
        double[][] scales = new double[images.size()][];
        List<List<GroundTruth>> objects = new ArrayList<>();
        for (int index = 0; index < images.size(); index++) {
            Map<?, ?> image = images.get(index);
            imageIndex.put((long) number(image, "id", annotationFile), index);
            Object file = image.get("file_name");
            if (!(file instanceof String fileName)) {
                throw new IOException(annotationFile + ": image " + image.get("id") + " has no file_name");
            }
            ImageFiles.Image decoded = ImageFiles.read(imageFolder.resolve(fileName), size);
            System.arraycopy(decoded.values(), 0, values, index * 3 * size * size, 3 * size * size);
            scales[index] = new double[] {decoded.width(), decoded.height()};
            objects.add(new ArrayList<>());
        }
        for (Map<?, ?> annotation : objects(root, "annotations", annotationFile)) {
            Integer image = imageIndex.get((long) number(annotation, "image_id", annotationFile));
            Integer label = classOf.get((long) number(annotation, "category_id", annotationFile));
            if (image == null || label == null) {
                throw new IOException(annotationFile + ": annotation " + annotation.get("id")
                        + " names an image or category that the file does not list");
            }
            if (!(annotation.get("bbox") instanceof List<?> bbox) || bbox.size() != 4
                    || !bbox.stream().allMatch(Double.class::isInstance)) {
                throw new IOException(annotationFile + ": annotation " + annotation.get("id")
                        + " needs a bbox of four numbers [x, y, width, height]");
            }
            double x = (Double) bbox.get(0);
            double y = (Double) bbox.get(1);
            double width = scales[image][0];
            double height = scales[image][1];
            Box box = new Box(x, y, x + Math.max(0, (Double) bbox.get(2)), y + Math.max(0, (Double) bbox.get(3)))
                    .clipped(width, height).scaled(size / width, size / height);
            boolean crowd = annotation.get("iscrowd") instanceof Double flag && flag != 0;
            if (box.area() > 0) {
                objects.get(image).add(new GroundTruth(label, box, crowd));
            }
        }
        return DetectionDataset.of(name, Shape.of(3, size, size), classNames, values, objects);
    }

    private static List<Map<?, ?>> objects(Map<?, ?> root, String field, Path file) throws IOException {
        if (!(root.get(field) instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
            throw new IOException(file + " needs a \"" + field + "\" array of objects");
        }
        List<Map<?, ?>> result = new ArrayList<>();
        for (Object item : list) {
            result.add((Map<?, ?>) item);
        }
        return result;
    }

    private static double number(Map<?, ?> object, String field, Path file) {
        if (!(object.get(field) instanceof Double value)) {
            throw new IllegalArgumentException(file + ": an entry needs a numeric \"" + field + "\"");
        }
        return value;
    }
}
