package io.nas4j.tasks.detection;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads a detection set in Pascal VOC's layout: one XML annotation per image in {@code annotations/} (or
 * VOC's {@code Annotations/}), the images in {@code images/} (or {@code JPEGImages/}), each named by the
 * annotation's {@code <filename>}. Every {@code <object>} gives a class {@code <name>}, a {@code <difficult>}
 * flag and a {@code <bndbox>} of 1-based inclusive pixel indices ({@code xmin..xmax}), which become the
 * continuous box {@code (xmin - 1, ymin - 1)-(xmax, ymax)}, clipped to the image and scaled with it to the
 * requested square size. Annotations are read in file-name order; classes are the sorted names found,
 * unless given.
 */
public final class PascalVoc {

    private PascalVoc() {
    }

    /** A read set and the image file name of each of its images, in order. */
    public record Images(DetectionDataset data, List<String> files) {
        public Images {
            files = List.copyOf(files);
        }
    }

    /**
     * The set in {@code root}, images resized to {@code size x size}.
     *
     * @param classNames the classes in index order, or null for the sorted names found in the annotations
     * @throws IOException naming the folder or file that is missing or malformed
     */
    public static Images read(Path root, String name, int size, List<String> classNames) throws IOException {
        Path annotations = firstFolder(root, "annotations", "Annotations");
        Path images = firstFolder(root, "images", "JPEGImages");
        List<Path> files;
        try (Stream<Path> listing = Files.list(annotations)) {
            files = listing.filter(file -> file.getFileName().toString().endsWith(".xml")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("the folder " + annotations + " holds no .xml annotations");
        }
        List<Annotation> parsed = new ArrayList<>();
        for (Path file : files) {
            parsed.add(parse(file));
        }
        List<String> classes = classNames;
        if (classes == null) {
            TreeSet<String> found = new TreeSet<>();
            parsed.forEach(annotation -> annotation.objects().forEach(object -> found.add(object.name())));
            classes = List.copyOf(found);
        }
        float[] values = new float[Math.multiplyExact(parsed.size(), 3 * size * size)];
        List<List<GroundTruth>> objects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int index = 0; index < parsed.size(); index++) {
            Annotation annotation = parsed.get(index);
            ImageFiles.Image image = ImageFiles.read(images.resolve(annotation.filename()), size);
            System.arraycopy(image.values(), 0, values, index * 3 * size * size, 3 * size * size);
            double sx = (double) size / image.width();
            double sy = (double) size / image.height();
            List<GroundTruth> boxes = new ArrayList<>();
            for (RawObject object : annotation.objects()) {
                int label = classes.indexOf(object.name());
                if (label < 0) {
                    throw new IOException(annotation.file() + " names the class '" + object.name()
                            + "', which is not one of " + classes);
                }
                Box box = new Box(object.xmin() - 1, object.ymin() - 1, object.xmax(), object.ymax())
                        .clipped(image.width(), image.height()).scaled(sx, sy);
                if (box.area() > 0) {
                    boxes.add(new GroundTruth(label, box, object.difficult()));
                }
            }
            objects.add(boxes);
            names.add(annotation.filename());
        }
        return new Images(DetectionDataset.of(name, io.nas4j.core.network.Shape.of(3, size, size), classes, values, objects),
                names);
    }

    private record RawObject(String name, boolean difficult, double xmin, double ymin, double xmax, double ymax) {
    }

    private record Annotation(Path file, String filename, List<RawObject> objects) {
    }

    private static Annotation parse(Path file) throws IOException {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            document = builder.parse(file.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("the annotation " + file + " is not valid XML: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        String filename = text(root, "filename", file);
        List<RawObject> objects = new ArrayList<>();
        NodeList nodes = root.getElementsByTagName("object");
        for (int index = 0; index < nodes.getLength(); index++) {
            Element object = (Element) nodes.item(index);
            Element box = child(object, "bndbox", file);
            String difficult = optionalText(object, "difficult");
            objects.add(new RawObject(text(object, "name", file), "1".equals(difficult),
                    number(box, "xmin", file), number(box, "ymin", file), number(box, "xmax", file), number(box, "ymax", file)));
        }
        return new Annotation(file, filename, objects);
    }

    private static Element child(Element parent, String tag, Path file) throws IOException {
        NodeList children = parent.getElementsByTagName(tag);
        if (children.getLength() == 0) {
            throw new IOException("the annotation " + file + " has an element without <" + tag + ">");
        }
        return (Element) children.item(0);
    }

    private static String text(Element parent, String tag, Path file) throws IOException {
        return child(parent, tag, file).getTextContent().trim();
    }

    private static String optionalText(Element parent, String tag) {
        NodeList children = parent.getElementsByTagName(tag);
        return children.getLength() == 0 ? null : children.item(0).getTextContent().trim();
    }

    private static double number(Element parent, String tag, Path file) throws IOException {
        String value = text(parent, tag, file);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IOException("the annotation " + file + " has <" + tag + ">" + value + "</" + tag
                    + ">, which is not a number", e);
        }
    }

    private static Path firstFolder(Path root, String... names) throws IOException {
        for (String name : names) {
            Path folder = root.resolve(name);
            if (Files.isDirectory(folder)) {
                return folder;
            }
        }
        throw new IOException("the folder " + root + " has no " + String.join(" or ", names) + " folder");
    }
}
