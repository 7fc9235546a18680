package io.nas4j.tasks.detection;

import io.nas4j.core.network.ConvBlocks;
import io.nas4j.core.network.DetectorHead;
import io.nas4j.core.network.NetworkSpec;

import java.util.Objects;

/**
 * The hand-designed single-stage detector that searched detectors are compared with: a plain backbone of
 * 3x3 convolutions with batch norm and ReLU, each stage halving the map with a strided convolution and then
 * keeping it with a second one (16, 32, 64, then 128 channels), until the smaller side is 8 pixels or less
 * (at most four stages), and the head's anchors on that one level, as in the first SSD and YOLO detectors.
 * On 48x48 canvases: three stages to a 6x6 map of stride 8.
 */
public final class HandDesignedDetector {

    /** How the baseline is named on the command line and in results. */
    public static final String NAME = "single-stage";

    private static final int[] CHANNELS = {16, 32, 64, 128};
    private static final int SMALLEST_SIDE = 8;

    private HandDesignedDetector() {
    }

    /** The network in words, for results and reports. */
    public static String describe() {
        return "single-stage: (conv3 stride 2, conv3)-bn-relu stages of 16, 32, 64, 128 channels to a map of"
                + " 8 pixels or less, one head level";
    }

    /** The detector for {@code head}'s input, an image {@code [C, H, W]}. */
    public static NetworkSpec network(DetectorHead head) {
        Objects.requireNonNull(head, "head");
        NetworkSpec.Builder builder = NetworkSpec.builder(head.input());
        ConvBlocks blocks = ConvBlocks.on(builder, 2);
        int side = Math.min(head.input().spatial(0), head.input().spatial(1));
        String current = NetworkSpec.INPUT;
        for (int stage = 0; stage < CHANNELS.length && (stage == 0 || side > SMALLEST_SIDE); stage++) {
            String prefix = "stage" + (stage + 1);
            current = blocks.convBnRelu(prefix + "_down", current, CHANNELS[stage], 3, 2);
            current = blocks.convBnRelu(prefix + "_conv", current, CHANNELS[stage], 3, 1);
            side = (side + 1) / 2;
        }
        String output = head.attach(builder, current);
        return builder.build(output, head.loss());
    }
}
