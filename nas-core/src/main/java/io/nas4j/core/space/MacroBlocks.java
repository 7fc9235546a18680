package io.nas4j.core.space;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.network.ConvBlocks;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.network.TaskHead;

import java.util.List;
import java.util.Objects;

/**
 * The NAS-Bench-Macro network a {@link MacroGenome} describes, following the benchmark's own model code
 * (xiusu/NAS-Bench-Macro, {@code train/model.py}).
 *
 * <p>Layout: a stem (3x3 convolution to 32 channels, batch norm, ReLU); 8 searchable layers in stages of
 * 2, 3 and 3 layers; the first layer of every stage has stride 2 and doubles the channels (64, 128, 256),
 * the others keep both; then a 1x1 convolution to 1280 channels, batch norm and ReLU before the task head.
 * {@link Layout} changes these numbers.
 *
 * <p>Choices per layer with input channels {@code c}, output channels {@code c'} and stride {@code s}:
 * <ul>
 *   <li>0, identity: the input itself when {@code s = 1} and {@code c = c'}; otherwise a 1x1 convolution
 *       (stride {@code s}) and batch norm, exactly as the benchmark reshapes its identity.</li>
 *   <li>1 and 2, the MobileNetV2 inverted residual with kernel 3 and expansion 3, or kernel 5 and expansion
 *       6: 1x1 expansion convolution to {@code e * c}, batch norm, ReLU; depthwise {@code k x k} stride
 *       {@code s}, batch norm, ReLU; 1x1 projection convolution to {@code c'}, batch norm; plus the input
 *       when {@code s = 1} and {@code c = c'}. The benchmark uses ReLU here, not MobileNetV2's ReLU6, and so
 *       does this decoder, so its parameter and multiply-add counts match the benchmark's networks.</li>
 * </ul>
 *
 * <p>Node ids: {@code stem_*}, {@code layer{i}_*} (from 0), {@code final_*}.
 */
public final class MacroBlocks {

    /** The block choices, by choice index. */
    public static final List<String> CHOICES = List.of("identity", "mb3_k3", "mb6_k5");

    /**
     * The sizes of the skeleton.
     *
     * @param stemChannels  the stem's output channels; every stage doubles them
     * @param stageLayers   searchable layers per stage; their sum is the genome length
     * @param finalChannels the channels of the 1x1 convolution before the head
     */
    public record Layout(int stemChannels, List<Integer> stageLayers, int finalChannels) {

        /** The benchmark's layout: stem 32, stages of 2, 3 and 3 layers, 1280 final channels. */
        public static final Layout NAS_BENCH_MACRO = new Layout(32, List.of(2, 3, 3), 1280);

        public Layout {
            if (stemChannels < 1) {
                throw new IllegalArgumentException("stemChannels must be positive, got " + stemChannels);
            }
            stageLayers = List.copyOf(Objects.requireNonNull(stageLayers, "stageLayers"));
            if (stageLayers.isEmpty() || stageLayers.stream().anyMatch(layers -> layers < 1)) {
                throw new IllegalArgumentException("stageLayers must be a non-empty list of positive counts, got "
                        + stageLayers);
            }
            if (finalChannels < 1) {
                throw new IllegalArgumentException("finalChannels must be positive, got " + finalChannels);
            }
        }

        /** The number of searchable layers. */
        public int layers() {
            return stageLayers.stream().mapToInt(Integer::intValue).sum();
        }
    }

    private MacroBlocks() {
    }

    /** The network in the benchmark's layout ({@link Layout#NAS_BENCH_MACRO}). */
    public static NetworkSpec decode(MacroGenome genome, TaskHead head) {
        return decode(genome, head, Layout.NAS_BENCH_MACRO);
    }

    /**
     * The network in {@code layout}.
     *
     * @throws IllegalArgumentException when the genome's length differs from the layout's layers, a choice is
     *                                  not 0, 1 or 2, or the input is not an image
     */
    public static NetworkSpec decode(MacroGenome genome, TaskHead head, Layout layout) {
        Objects.requireNonNull(genome, "genome");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(layout, "layout");
        if (genome.choices().size() != layout.layers()) {
            throw new IllegalArgumentException("the layout has " + layout.layers() + " layers, the genome "
                    + genome.choices().size());
        }
        for (int layer = 0; layer < genome.choices().size(); layer++) {
            int choice = genome.choices().get(layer);
            if (choice < 0 || choice >= CHOICES.size()) {
                throw new IllegalArgumentException("layer " + layer + " choice " + choice
                        + " is not a NAS-Bench-Macro block; allowed: 0 (identity), 1 (mb3_k3), 2 (mb6_k5)");
            }
        }
        Shape input = head.input();
        if (input.spatialDims() != 2) {
            throw new IllegalArgumentException("the NAS-Bench-Macro skeleton builds 2D networks on images [C, H, W],"
                    + " got input " + input);
        }
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        ConvBlocks blocks = ConvBlocks.on(builder, 2);
        int channels = layout.stemChannels();
        String current = blocks.convBnRelu("stem", NetworkSpec.INPUT, channels, 3, 1);
        int layer = 0;
        for (int stageLayers : layout.stageLayers()) {
            for (int index = 0; index < stageLayers; index++, layer++) {
                boolean first = index == 0;
                int outChannels = first ? channels * 2 : channels;
                current = block(blocks, "layer" + layer, genome.choices().get(layer), current, channels,
                        outChannels, first ? 2 : 1);
                channels = outChannels;
            }
        }
        current = blocks.convBnRelu("final", current, layout.finalChannels(), 1, 1);
        String output = head.attach(builder, current);
        return builder.build(output, head.loss());
    }

    private static String block(ConvBlocks blocks, String prefix, int choice, String input,
                                int inChannels, int outChannels, int stride) {
        boolean reshapes = stride != 1 || inChannels != outChannels;
        if (choice == 0) {
            return reshapes
                    ? blocks.projection(prefix + "_projection", input, outChannels, stride)
                    : blocks.builder().add(prefix + "_identity", new Op.Identity(), input);
        }
        int kernel = choice == 1 ? 3 : 5;
        int expansion = choice == 1 ? 3 : 6;
        String id = blocks.pointwise(prefix + "_expand", input, inChannels * expansion);
        id = blocks.depthwise(prefix + "_depthwise", id, kernel, stride);
        id = blocks.projection(prefix + "_project", id, outChannels, 1);
        return reshapes ? id : blocks.builder().add(prefix + "_add", new Op.Add(), id, input);
    }
}
