package io.nas4j.backend.tensorflow;

import io.nas4j.backend.tck.DetectionLossReference;
import io.nas4j.core.network.DetectionLoss;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The detection loss graph has a gradient in graph mode for every combination of terms, and both its value
 * and its gradient with respect to every prediction agree with the pure-Java reference (central differences
 * of the reference for the gradient), on a seeded batch of two images with positives, counted negatives
 * and ignored anchors.
 */
class DetectionLossGraphTest {

    private static final int IMAGES = 2;
    private static final int ANCHORS = 6;
    private static final int CLASSES = 3;
    private static final int WIDTH = 5 + CLASSES;
    private static final double STEP = 1e-3;

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"BINARY_CROSS_ENTROPY, SMOOTH_L1", "FOCAL, SMOOTH_L1", "BINARY_CROSS_ENTROPY, GIOU", "FOCAL, GIOU"})
    void valueAndGradientsMatchTheReference(DetectionLoss.Objectness objectness, DetectionLoss.Box box) {
        DetectionLoss terms = new DetectionLoss(objectness, box);
        SplittableRandom random = new SplittableRandom(5);
        float[] predictions = new float[IMAGES * ANCHORS * WIDTH];
        float[] targets = new float[IMAGES * ANCHORS * DetectionLoss.TARGET_WIDTH];
        for (int row = 0; row < IMAGES * ANCHORS; row++) {
            predictions[row * WIDTH] = (float) random.nextDouble(-3, 3);
            for (int k = 1; k < WIDTH; k++) {
                predictions[row * WIDTH + k] = (float) random.nextDouble(k < 5 ? -1 : -2, k < 5 ? 1 : 2);
            }
            int t = row * DetectionLoss.TARGET_WIDTH;
            boolean positive = row % 3 == 0;
            targets[t + DetectionLoss.OBJECTNESS] = positive ? 1 : 0;
            targets[t + DetectionLoss.WEIGHT] = positive || row % 3 == 1 ? 1 : 0;
            if (positive) {
                for (int k = 0; k < 4; k++) {
                    targets[t + DetectionLoss.BOX + k] = (float) random.nextDouble(-0.5, 0.5);
                }
                targets[t + DetectionLoss.CLASS] = random.nextInt(CLASSES);
            }
            targets[t + DetectionLoss.ANCHOR] = 4 + 8 * (row % 3);
            targets[t + DetectionLoss.ANCHOR + 1] = 4 + 8 * (row % 2);
            targets[t + DetectionLoss.ANCHOR + 2] = 6 + row % 4;
            targets[t + DetectionLoss.ANCHOR + 3] = 10 - row % 4;
        }
        TensorFlowRuntime.load();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> rows = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, ANCHORS, WIDTH)));
            Placeholder<TFloat32> truth = tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, ANCHORS, DetectionLoss.TARGET_WIDTH)));
            Operand<TFloat32> loss = new DetectionLossGraph(tf, terms, CLASSES).build(rows, truth);
            Output<?>[] gradient = graph.addGradients(loss.asOutput(), new Output<?>[] {rows.asOutput()});
            float value;
            float[] analytic = new float[predictions.length];
            try (Session session = new Session(graph);
                 TFloat32 x = TFloat32.tensorOf(Shape.of(IMAGES, ANCHORS, WIDTH), DataBuffers.of(predictions, true, false));
                 TFloat32 y = TFloat32.tensorOf(Shape.of(IMAGES, ANCHORS, DetectionLoss.TARGET_WIDTH),
                         DataBuffers.of(targets, true, false));
                 Result result = session.runner().feed(rows, x).feed(truth, y).fetch(loss).fetch(gradient[0]).run()) {
                value = ((TFloat32) result.get(0)).getFloat();
                ((TFloat32) result.get(1)).copyTo(DataBuffers.of(analytic, false, false));
            }

            assertThat((double) value).isCloseTo(DetectionLossReference.value(terms, CLASSES, predictions, targets),
                    within(1e-5));
            for (int index = 0; index < predictions.length; index++) {
                assertThat((double) analytic[index]).as("d loss / d prediction %d (row %d, output %d)", index,
                                index / WIDTH, index % WIDTH)
                        .isCloseTo(numeric(terms, predictions, targets, index), within(1e-3));
            }
        }
    }

    /** The central difference of the reference at {@code index}, over the step the floats can represent. */
    private static double numeric(DetectionLoss terms, float[] predictions, float[] targets, int index) {
        float[] varied = predictions.clone();
        float plus = (float) (predictions[index] + STEP);
        float minus = (float) (predictions[index] - STEP);
        varied[index] = plus;
        double above = DetectionLossReference.value(terms, CLASSES, varied, targets);
        varied[index] = minus;
        double below = DetectionLossReference.value(terms, CLASSES, varied, targets);
        return (above - below) / ((double) plus - minus);
    }
}
