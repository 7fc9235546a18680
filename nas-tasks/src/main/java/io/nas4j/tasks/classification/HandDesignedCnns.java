package io.nas4j.tasks.classification;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.ConvBlocks;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;

import java.util.List;
import java.util.Objects;

/**
 * The hand-designed image classifiers that searched networks are compared with, what a person would write
 * before searching:
 * <ul>
 *   <li>{@value #LENET}: LeNet-5 as it is written today, two 5x5 convolutions (32 and 64 channels) with
 *       ReLU and a 2x2 max pool each, then two linear layers (256 units with ReLU and dropout 0.25, then the
 *       classes). On 28x28 greyscale images: 857,738 parameters, 11.5 million multiply-adds per example;</li>
 *   <li>{@value #RESNET8} and {@value #RESNET20}: the CIFAR ResNets of He et al. (2016): a 3x3 stem to 16
 *       channels, three stages of one or three basic blocks (two 3x3 convolutions with batch norm and a
 *       shortcut, a 1x1 projection where the shape changes) at 16, 32 and 64 channels, the later two
 *       starting with stride 2, then global average pooling and a linear layer. On 28x28 greyscale images
 *       ResNet-8 has 77,754 parameters and 9.3 million multiply-adds, ResNet-20 272,186 and 31.0 million.</li>
 * </ul>
 * All are sized for the input: a pool or a stride 2 that would take a side below 2 pixels is left out, so
 * the 8x8 digits keep a 2x2 map before the head.
 */
public final class HandDesignedCnns {

    /** LeNet-style: conv-pool twice, two linear layers. */
    public static final String LENET = "lenet";

    /** The CIFAR ResNet with one basic block per stage. */
    public static final String RESNET8 = "resnet8";

    /** The CIFAR ResNet with three basic blocks per stage. */
    public static final String RESNET20 = "resnet20";

    /** Every name, in the order they are listed to users. */
    public static final List<String> NAMES = List.of(LENET, RESNET8, RESNET20);

    private static final int[] RESNET_CHANNELS = {16, 32, 64};

    private HandDesignedCnns() {
    }

    /**
     * The network {@code name} for {@code head}'s input, an image {@code [C, H, W]}.
     *
     * @throws IllegalArgumentException when the name is none of {@link #NAMES} or the input is not an image
     */
    public static NetworkSpec network(String name, ClassificationHead head) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(head, "head");
        if (head.input().spatialDims() != 2) {
            throw new IllegalArgumentException("the hand-designed image classifiers need an image [C, H, W], got "
                    + head.input());
        }
        return switch (name) {
            case LENET -> lenet(head);
            case RESNET8 -> resnet(head, 1);
            case RESNET20 -> resnet(head, 3);
            default -> throw new IllegalArgumentException("name must be one of " + NAMES + ", got " + name);
        };
    }

    /** The network in words, for results and reports. */
    public static String describe(String name) {
        return switch (name) {
            case LENET -> "LeNet-style: conv5-32, pool, conv5-64, pool, linear 256, linear";
            case RESNET8 -> "ResNet-8: conv3-16, 3 stages x 1 basic block (16, 32, 64), gap, linear";
            case RESNET20 -> "ResNet-20: conv3-16, 3 stages x 3 basic blocks (16, 32, 64), gap, linear";
            default -> throw new IllegalArgumentException("name must be one of " + NAMES + ", got " + name);
        };
    }

    private static NetworkSpec lenet(ClassificationHead head) {
        NetworkSpec.Builder builder = NetworkSpec.builder(head.input());
        int side = smallerSide(head);
        String current = NetworkSpec.INPUT;
        int[] channels = {32, 64};
        for (int stage = 0; stage < channels.length; stage++) {
            String prefix = "conv" + (stage + 1);
            current = builder.add(prefix, new Op.Conv(2, channels[stage], 5, 1, 1, 1, true), current);
            current = builder.add(prefix + "_relu", Op.Activation.relu(), current);
            if (side >= 4) {
                current = builder.add(prefix + "_pool", new Op.Pool(Op.PoolKind.MAX, 2, 2, 2), current);
                side /= 2;
            }
        }
        current = builder.add("flatten", new Op.Flatten(), current);
        current = builder.add("fc1", new Op.Linear(256, true), current);
        current = builder.add("fc1_relu", Op.Activation.relu(), current);
        current = builder.add("fc1_dropout", new Op.Dropout(0.25), current);
        String output = builder.add("fc2", new Op.Linear(head.classes(), true), current);
        return builder.build(output, head.loss());
    }

    private static NetworkSpec resnet(ClassificationHead head, int blocksPerStage) {
        NetworkSpec.Builder builder = NetworkSpec.builder(head.input());
        ConvBlocks blocks = ConvBlocks.on(builder, 2);
        int side = smallerSide(head);
        String current = blocks.convBnRelu("stem", NetworkSpec.INPUT, RESNET_CHANNELS[0], 3, 1);
        int channels = RESNET_CHANNELS[0];
        for (int stage = 0; stage < RESNET_CHANNELS.length; stage++) {
            for (int block = 0; block < blocksPerStage; block++) {
                int stride = stage > 0 && block == 0 && side >= 4 ? 2 : 1;
                side /= stride;
                current = basicBlock(blocks, "stage" + (stage + 1) + "_block" + (block + 1), current, channels,
                        RESNET_CHANNELS[stage], stride);
                channels = RESNET_CHANNELS[stage];
            }
        }
        String output = head.attach(builder, current);
        return builder.build(output, head.loss());
    }

    /** Two 3x3 convolutions with batch norm, the shortcut added before the last ReLU. */
    private static String basicBlock(ConvBlocks blocks, String name, String input, int inChannels, int outChannels,
                                     int stride) {
        String residual = blocks.convBnRelu(name + "_a", input, outChannels, 3, stride);
        residual = blocks.convBn(name + "_b", residual, outChannels, 3, 1);
        String shortcut = stride == 1 && inChannels == outChannels
                ? input
                : blocks.projection(name + "_shortcut", input, outChannels, stride);
        NetworkSpec.Builder builder = blocks.builder();
        String sum = builder.add(name + "_add", new Op.Add(), residual, shortcut);
        return builder.add(name + "_relu", Op.Activation.relu(), sum);
    }

    private static int smallerSide(ClassificationHead head) {
        List<Integer> dims = head.input().dims();
        return Math.min(dims.get(1), dims.get(2));
    }
}
