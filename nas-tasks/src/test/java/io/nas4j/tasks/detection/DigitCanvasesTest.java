package io.nas4j.tasks.detection;

import io.nas4j.core.network.Shape;
import io.nas4j.tasks.classification.Digits;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DigitCanvasesTest {

    private static final DetectionDataset CANVASES = DigitCanvases.generate("canvases", Digits.load(), 200, 48, 3, 2, 3, 7);

    @Test
    void everyCanvasHoldsOneToThreeDigitsWhoseBoxesDoNotOverlap() {
        assertThat(CANVASES.inputShape()).isEqualTo(Shape.of(1, 48, 48));
        assertThat(CANVASES.classNames()).hasSize(10);
        for (List<GroundTruth> objects : CANVASES.objects()) {
            assertThat(objects).hasSizeBetween(1, 3);
            for (int first = 0; first < objects.size(); first++) {
                Box box = objects.get(first).box();
                // a digit of 16 to 24 pixels; its ink is at most that
                assertThat(box.width()).isBetween(2.0, 24.0);
                assertThat(box.height()).isBetween(2.0, 24.0);
                for (int second = first + 1; second < objects.size(); second++) {
                    assertThat(box.iou(objects.get(second).box())).isZero();
                }
            }
        }
        // three digits are drawn for a third of the canvases: well over 300 objects in all
        assertThat(CANVASES.objects().stream().mapToInt(List::size).sum()).isGreaterThan(300);
    }

    @Test
    void inkLiesInsideTheBoxesAndNowhereElse() {
        for (int canvas = 0; canvas < 20; canvas++) {
            float[] image = CANVASES.image(canvas);
            List<GroundTruth> objects = CANVASES.objects(canvas);
            double inside = 0;
            double total = 0;
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 48; x++) {
                    double value = image[y * 48 + x];
                    total += value;
                    double cx = x + 0.5;
                    double cy = y + 0.5;
                    if (objects.stream().anyMatch(o -> cx >= o.box().x1() - 1 && cx <= o.box().x2() + 1
                            && cy >= o.box().y1() - 1 && cy <= o.box().y2() + 1)) {
                        inside += value;
                    }
                }
            }
            // bilinear enlargement bleeds less than a pixel past the ink's cells
            assertThat(inside / total).isGreaterThan(0.99);
        }
    }

    @Test
    void theSameSeedGivesTheSameCanvases() {
        DetectionDataset again = DigitCanvases.generate("canvases", Digits.load(), 200, 48, 3, 2, 3, 7);
        DetectionDataset other = DigitCanvases.generate("canvases", Digits.load(), 200, 48, 3, 2, 3, 8);

        assertThat(again.objects()).isEqualTo(CANVASES.objects());
        assertThat(again.image(13)).containsExactly(CANVASES.image(13));
        assertThat(other.objects()).isNotEqualTo(CANVASES.objects());
    }

    @Test
    void theEmbeddedTaskDrawsItsPartsFromDisjointDigitsAndStandardisesThem() {
        DetectionTask task = DetectionTask.digitCanvases(0);

        assertThat(task.train().size()).isEqualTo(1000);
        assertThat(task.validation().size()).isEqualTo(250);
        assertThat(task.test().size()).isEqualTo(250);
        assertThat(task.head().classes()).isEqualTo(10);
        float[] all = new float[1000 * 2304];
        task.train().copyInputs(java.util.stream.IntStream.range(0, 1000).toArray(), all);
        double sum = 0;
        double squares = 0;
        for (float value : all) {
            sum += value;
            squares += value * value;
        }
        // standardised with the training part's own statistics
        assertThat(sum / all.length).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(squares / all.length).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(task.normalization().mean().get(0)).isBetween(0.01, 0.3);
    }
}
