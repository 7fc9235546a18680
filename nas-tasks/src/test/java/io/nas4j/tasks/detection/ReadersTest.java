package io.nas4j.tasks.detection;

import io.nas4j.core.network.Shape;
import io.nas4j.tasks.data.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Pascal VOC reader on the real raccoon set, and the COCO reader on files the test writes. */
class ReadersTest {

    private static final Path RACCOON = Path.of(System.getProperty("nas4j.data.dir", "../../shared/data"))
            .resolve("detection").resolve("raccoon");

    @TempDir
    Path folder;

    @Test
    void theRaccoonSetHas200ImagesAnd217BoxesSplit160To40() throws IOException {
        assumeTrue(Files.isDirectory(RACCOON), "the raccoon set is not at " + RACCOON + " (-Dnas4j.data.dir)");

        PascalVoc.Images images = PascalVoc.read(RACCOON, "raccoon", 32, null);

        assertThat(images.data().size()).isEqualTo(200);
        assertThat(images.data().classNames()).containsExactly("raccoon");
        assertThat(images.data().objects().stream().mapToInt(List::size).sum()).isEqualTo(217);
        assertThat(images.data().inputShape()).isEqualTo(Shape.of(3, 32, 32));
        // raccoon-1.jpg: 650 x 417, box 81..522 x 88..408 -> (80, 87)-(522, 408) scaled to 32 pixels
        int first = images.files().indexOf("raccoon-1.jpg");
        Box box = images.data().objects(first).get(0).box();
        assertThat(box.x1()).isCloseTo(80 * 32.0 / 650, within(1e-9));
        assertThat(box.y2()).isCloseTo(408 * 32.0 / 417, within(1e-9));
        float[] pixels = images.data().image(first);
        for (float value : pixels) {
            assertThat(value).isBetween(0f, 1f);
        }

        DetectionTask task = DetectionTask.pascalVoc(RACCOON, "raccoon", 32, 0.2, 1);
        assertThat(task.test().size()).isEqualTo(40);
        assertThat(task.train().size() + task.validation().size()).isEqualTo(160);
        assertThat(task.validation().size()).isEqualTo(32);
    }

    @Test
    void aVocFolderWithoutAnnotationsIsReportedByName() {
        assertThatThrownBy(() -> PascalVoc.read(folder, "empty", 32, null))
                .isInstanceOf(IOException.class)
                .hasMessage("the folder " + folder + " has no annotations or Annotations folder");
    }

    @Test
    void cocoAnnotationsBecomeScaledBoxesWithCrowdsMarkedDifficult() throws IOException {
        Path images = Files.createDirectories(folder.resolve("images"));
        image(images.resolve("a.png"), 40, 20, 0xFF0000);
        image(images.resolve("b.png"), 10, 10, 0x00FF00);
        Path annotations = folder.resolve("instances.json");
        Files.writeString(annotations, """
                {"images": [{"id": 7, "file_name": "a.png", "width": 40, "height": 20},
                            {"id": 9, "file_name": "b.png", "width": 10, "height": 10}],
                 "categories": [{"id": 3, "name": "dog"}, {"id": 1, "name": "cat"}],
                 "annotations": [
                   {"id": 1, "image_id": 7, "category_id": 3, "bbox": [4, 2, 20, 10], "iscrowd": 0},
                   {"id": 2, "image_id": 9, "category_id": 1, "bbox": [0, 0, 5.5, 10], "iscrowd": 1},
                   {"id": 3, "image_id": 9, "category_id": 3, "bbox": [8, 8, 6, 6]}]}
                """);

        DetectionDataset data = CocoJson.read(annotations, images, "coco", 10);

        // categories by id: cat (1) is class 0, dog (3) class 1
        assertThat(data.classNames()).containsExactly("cat", "dog");
        assertThat(data.objects(0)).containsExactly(new GroundTruth(1, new Box(1, 1, 6, 6), false));
        assertThat(data.objects(1)).containsExactly(new GroundTruth(0, new Box(0, 0, 5.5, 10), true),
                new GroundTruth(1, new Box(8, 8, 10, 10), false));
        // red image: channel 0 is 1, the others 0
        float[] red = data.image(0);
        assertThat(red[0]).isEqualTo(1f);
        assertThat(red[100]).isEqualTo(0f);
    }

    @Test
    void aCocoFileNamingAnUnknownImageIsReported() throws IOException {
        Path annotations = folder.resolve("broken.json");
        Files.writeString(annotations, "{\"images\": [], \"categories\": [{\"id\": 1, \"name\": \"x\"}],"
                + " \"annotations\": [{\"id\": 5, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1]}]}");

        assertThatThrownBy(() -> CocoJson.read(annotations, folder, "broken", 8))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("annotation 5.0 names an image or category that the file does not list");
    }

    @Test
    void theJsonReaderReadsEveryKindOfValueAndRejectsMalformedText() {
        Object value = Json.parse("{\"a\": [1, -2.5e1, true, false, null], \"b\": \"x\\n\\u0041\", \"c\": {}}");

        assertThat(value).isEqualTo(Map.of("a", java.util.Arrays.asList(1.0, -25.0, true, false, null), "b", "x\nA",
                "c", Map.of()));
        assertThatThrownBy(() -> Json.parse("{\"a\": 01}"))
                .hasMessage("malformed JSON at offset 6: expected a value");
        assertThatThrownBy(() -> Json.parse("[1, 2"))
                .hasMessage("malformed JSON at offset 5: expected ']'");
    }

    @Test
    void areaAveragingShrinksWithoutLosingTheMean() {
        // a 4x2 plane of 0, 1, 2, 3 per column, shrunk to 3x1: columns cover 4/3 source pixels each
        float[] plane = {0, 1, 2, 3, 0, 1, 2, 3};

        float[] resized = ImageFiles.resize(plane, 4, 2, 3, 1);

        // first output: (1 * 0 + 1/3 * 1) / (4/3) = 0.25; middle: (2/3 * 1 + 2/3 * 2) / (4/3) = 1.5; last 2.75
        assertThat(resized).containsExactly(new float[] {0.25f, 1.5f, 2.75f}, within(1e-6f));
    }

    private static void image(Path file, int width, int height, int rgb) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
