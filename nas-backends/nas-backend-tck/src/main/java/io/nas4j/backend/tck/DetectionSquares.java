package io.nas4j.backend.tck;

import io.nas4j.core.network.AnchorSet;
import io.nas4j.core.network.DetectionLoss;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;
import io.nas4j.tasks.data.TargetDataset;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A tiny detection problem for backend tests: 16x16 images with one bright 4x4 square on the 4x4 grid of
 * a stride-4 detector with one 4-pixel anchor per position, so that the square is exactly one anchor's box
 * (offsets 0) and every other anchor is background. Class 0 squares are solid, class 1 hollow.
 */
public final class DetectionSquares {

    public static final Shape SHAPE = Shape.of(1, 16, 16);
    public static final int ANCHORS = 16;

    private DetectionSquares() {
    }

    /** A stride-4 backbone and a one-anchor head on a 4x4 map, 2 classes. */
    public static NetworkSpec detector(Shape input, DetectionLoss terms) {
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String features = builder.add("conv1", Op.Conv.of2d(8, 3, 2), NetworkSpec.INPUT);
        features = builder.add("relu1", Op.Activation.relu(), features);
        features = builder.add("conv2", Op.Conv.of2d(16, 3, 2), features);
        features = builder.add("relu2", Op.Activation.relu(), features);
        String head = builder.add("head", new Op.DetectionHead(2, 1), features);
        String output = builder.add("out", new Op.DetectionOutput(2,
                List.of(new AnchorSet(List.of(4.0), List.of(1.0))), terms), head);
        return builder.build(output, Loss.DETECTION);
    }

    /** {@code count} images, the square's cell and class drawn from {@code seed}. */
    public static Dataset squares(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] inputs = new float[count * 256];
        float[] targets = new float[count * ANCHORS * DetectionLoss.TARGET_WIDTH];
        int[] labels = new int[count];
        for (int image = 0; image < count; image++) {
            int cell = random.nextInt(ANCHORS);
            int label = random.nextInt(2);
            labels[image] = label;
            int top = (cell / 4) * 4;
            int left = (cell % 4) * 4;
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    boolean border = y == 0 || y == 3 || x == 0 || x == 3;
                    inputs[image * 256 + (top + y) * 16 + left + x] = label == 0 || border ? 1f : 0f;
                }
            }
            for (int anchor = 0; anchor < ANCHORS; anchor++) {
                int row = (image * ANCHORS + anchor) * DetectionLoss.TARGET_WIDTH;
                targets[row + DetectionLoss.OBJECTNESS] = anchor == cell ? 1 : 0;
                targets[row + DetectionLoss.WEIGHT] = 1;
                targets[row + DetectionLoss.CLASS] = anchor == cell ? label : 0;
                targets[row + DetectionLoss.ANCHOR] = (anchor % 4) * 4 + 2;
                targets[row + DetectionLoss.ANCHOR + 1] = (anchor / 4) * 4 + 2;
                targets[row + DetectionLoss.ANCHOR + 2] = 4;
                targets[row + DetectionLoss.ANCHOR + 3] = 4;
            }
        }
        return new TargetDataset(new ArrayDataset("squares", SHAPE, 2, inputs, labels),
                Shape.of(ANCHORS, DetectionLoss.TARGET_WIDTH), targets);
    }
}
