package io.nas4j.core.space;

import io.nas4j.core.genome.VolumetricGenome;
import io.nas4j.core.genome.VolumetricGenome.Block;
import io.nas4j.core.network.ConvBlocks;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.network.TaskHead;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A space of 3D convolutional networks for volumes {@code [C, D, H, W]} (MRI patches, MedMNIST 3D): a fixed
 * stem, then a fixed number of layers, each choosing an operation, its output channels and its stride,
 * then the task's head.
 *
 * <p><b>Operations</b> (for a layer with input {@code x} of {@code c_x} channels, output channels {@code c}
 * and stride {@code s}; every convolution is followed by batch norm, and by ReLU where it computes features):
 * <ul>
 *   <li>{@code conv_3x3x3}, {@code conv_5x5x5}: a convolution (c, k, s), batch norm, ReLU.</li>
 *   <li>{@code depthwise_conv_3x3x3}: a separable convolution: depthwise 3x3x3 (stride s), batch norm, ReLU,
 *       then a 1x1x1 convolution to c, batch norm, ReLU.</li>
 *   <li>{@code max_pool_3x3x3}, {@code avg_pool_3x3x3}: pooling (3, s); a 1x1x1 convolution and batch norm
 *       project to c when {@code c != c_x}.</li>
 *   <li>{@code identity}: {@code x} when {@code s = 1} and {@code c = c_x}, else a 1x1x1 convolution (stride s)
 *       and batch norm.</li>
 *   <li>{@code attention_skip}: a residual block whose skip path is gated, as in Attention U-Net: {@code y} =
 *       3x3x3 convolution (c, s), batch norm, ReLU; the skip {@code x'} is {@code x}, average-pooled 3x3x3
 *       with stride s when s > 1; an attention gate ({@code max(1, c / 2)} intermediate channels) weighs
 *       {@code x'} by a map computed from {@code x'} and {@code y}; projected to c by a 1x1x1 convolution and
 *       batch norm when {@code c_x != c}; the output is {@code y +} the gated skip.</li>
 *   <li>{@code multi_scale_fusion}: a fine branch, 3x3x3 convolution (c, s), batch norm, ReLU, at extents
 *       {@code E}; a coarse branch from it, 2x2x2 average pooling with stride 2 then a 3x3x3 convolution (c),
 *       batch norm, ReLU, when every extent of {@code E} is even (otherwise, where halving would not divide
 *       {@code E}, a 3x3x3 convolution with dilation 2 at {@code E}: the same wider view without resampling);
 *       the two fused by multi-scale fusion to c channels (1x1x1 projections, the coarse one upsampled), batch
 *       norm, ReLU.</li>
 * </ul>
 * The kernel ops take other odd kernels too ({@link #OP_FORMS}): {@code conv_KxKxK}, {@code depthwise_conv_KxKxK},
 * {@code max_pool_KxKxK}, {@code avg_pool_KxKxK}, built as their 3x3x3 or 5x5x5 forms above.
 * The stem is a 3x3x3 convolution to {@code stemChannels}, batch norm and ReLU, so that every layer sees
 * features rather than raw intensities, followed (with {@code stemPool}) by a 2x2x2 max pool with stride 2,
 * as 3D CNNs for small volumes usually halve the resolution once before anything else: at full resolution a
 * 32-channel 5x5x5 convolution on a 12³ patch costs 221 million multiply-adds, at half resolution 28
 * million, and on MedMNIST's 28³ volumes the difference decides whether a CPU can search at all. With
 * {@code finalChannels}, a 1x1x1 convolution, batch norm and ReLU widen the last layer's features before the
 * head, as NAS-Bench-Macro's and MobileNet's final convolutions do: a last layer of 8 channels would otherwise
 * hand the classifier only 8 numbers.
 *
 * <p><b>Decisions and numbering.</b> {@code 3 * layers} categorical decisions, {@code layer{i}.op},
 * {@code layer{i}.channels}, {@code layer{i}.stride} for each layer {@code i} from 0, numbered in mixed radix
 * ({@link CategoricalSpace}): exact size {@code (|ops| * |channels| * |strides|)^layers}, uniform sampling,
 * every single-decision change as the neighbourhood, single-point crossover over the decisions, one-hot
 * encoding. Depth varies through {@code identity} layers that change nothing.
 *
 * <p><b>Text form</b>: {@code op/channels/stride} per layer joined by {@code " | "}, for example
 * {@code conv_3x3x3/16/1 | attention_skip/32/2 | identity/32/1 | max_pool_3x3x3/32/2}. <b>Key</b>: the text
 * form without the layers that change nothing ({@code identity} with stride 1 and the channels it receives),
 * since where such a layer sits does not change the network; {@code stem} when no layer is left.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class VolumetricSpace extends CategoricalSpace<VolumetricGenome> {

    /** Every operation, in the default order. */
    public static final List<String> OPS = List.of("conv_3x3x3", "conv_5x5x5", "depthwise_conv_3x3x3",
            "max_pool_3x3x3", "avg_pool_3x3x3", "identity", "attention_skip", "multi_scale_fusion");

    /** The forms of every op the space builds, for messages. */
    public static final String OP_FORMS = "conv_KxKxK, depthwise_conv_KxKxK, max_pool_KxKxK, avg_pool_KxKxK (K odd),"
            + " identity, attention_skip, multi_scale_fusion";

    private static final Pattern KERNEL_OP =
            Pattern.compile("(conv|depthwise_conv|max_pool|avg_pool)_([1-9]\\d?)x([1-9]\\d?)x([1-9]\\d?)");
    private static final List<String> PLAIN_OPS = List.of("identity", "attention_skip", "multi_scale_fusion");

    private static final String LAYER_SEPARATOR = " | ";
    private static final String GENE_SEPARATOR = "/";
    private static final String EMPTY_KEY = "stem";

    /**
     * The configuration of a volumetric space. Lists are non-empty and free of duplicates.
     *
     * @param ops          operations, each of a form of {@link #OP_FORMS} (those of {@link #OPS} and other kernels)
     * @param layers       the number of layers after the stem, at least 1
     * @param channels     output channel choices, each positive
     * @param strides      stride choices, each positive
     * @param stemChannels the stem's output channels
     * @param stemPool     whether the stem ends with a 2x2x2 max pool of stride 2
     * @param finalChannels the channels of the 1x1x1 convolution (with batch norm and ReLU) between the last
     *                     layer and the head; 0 for none
     */
    public record Options(List<String> ops, int layers, List<Integer> channels, List<Integer> strides,
                          int stemChannels, boolean stemPool, int finalChannels) {

        public Options {
            ops = OptionLists.distinct("ops", ops);
            channels = OptionLists.distinct("channels", channels);
            strides = OptionLists.distinct("strides", strides);
            for (String op : ops) {
                if (!isOp(op)) {
                    throw new IllegalArgumentException("ops: unknown op '" + op + "'; allowed: " + OP_FORMS);
                }
            }
            OptionLists.requirePositive("channels", channels);
            OptionLists.requirePositive("strides", strides);
            if (layers < 1) {
                throw new IllegalArgumentException("layers must be at least 1, got " + layers);
            }
            if (stemChannels < 1) {
                throw new IllegalArgumentException("stemChannels must be positive, got " + stemChannels);
            }
            if (finalChannels < 0) {
                throw new IllegalArgumentException("finalChannels must be 0 (none) or positive, got " + finalChannels);
            }
        }

        /**
         * For small volumes trained on CPUs (patches of 8 to 32 voxels a side, MedMNIST's 28³): all 8 ops,
         * 4 layers, 8, 16 or 32 channels, strides 1 and 2, a stem of 16 channels that halves the resolution,
         * a final 1x1x1 convolution to 64 channels; 48^4 = 5,308,416 networks.
         */
        public static Options defaults() {
            return new Options(OPS, 4, List.of(8, 16, 32), List.of(1, 2), 16, true, 64);
        }

        /** The number of choices of one layer. */
        public int choicesPerLayer() {
            return ops.size() * channels.size() * strides.size();
        }
    }

    /** Whether the space builds {@code op}: one of {@link #OP_FORMS}, a kernel odd and below 100. */
    public static boolean isOp(String op) {
        return op != null && (PLAIN_OPS.contains(op) || kernel(op) > 0);
    }

    /** The kernel of a kernel op, else 0. */
    private static int kernel(String op) {
        Matcher matcher = KERNEL_OP.matcher(op);
        if (!matcher.matches() || !matcher.group(2).equals(matcher.group(3))
                || !matcher.group(2).equals(matcher.group(4))) {
            return 0;
        }
        int kernel = Integer.parseInt(matcher.group(2));
        // an even kernel cannot pad symmetrically, which "same" padding needs
        return kernel % 2 == 1 ? kernel : 0;
    }

    private final Options options;

    /** The space with {@link Options#defaults()}. */
    public VolumetricSpace() {
        this(Options.defaults());
    }

    public VolumetricSpace(Options options) {
        super(decisions(Objects.requireNonNull(options, "options")));
        this.options = options;
    }

    private static List<Decision> decisions(Options options) {
        List<Decision> decisions = new ArrayList<>();
        List<String> channels = options.channels().stream().map(String::valueOf).toList();
        List<String> strides = options.strides().stream().map(String::valueOf).toList();
        for (int layer = 0; layer < options.layers(); layer++) {
            decisions.add(new Decision("layer" + layer + ".op", options.ops()));
            decisions.add(new Decision("layer" + layer + ".channels", channels));
            decisions.add(new Decision("layer" + layer + ".stride", strides));
        }
        return decisions;
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "volumetric";
    }

    @Override
    public Class<VolumetricGenome> genomeType() {
        return VolumetricGenome.class;
    }

    @Override
    public int[] choices(VolumetricGenome genome) {
        Objects.requireNonNull(genome, "genome");
        if (genome.blocks().size() != options.layers()) {
            throw new IllegalArgumentException("the space has " + options.layers() + " layers, the genome "
                    + genome.blocks().size());
        }
        int[] choices = new int[3 * options.layers()];
        for (int layer = 0; layer < options.layers(); layer++) {
            Block block = genome.blocks().get(layer);
            choices[3 * layer] = position(layer, "op", block.op(), options.ops());
            choices[3 * layer + 1] = position(layer, "channels", block.channels(), options.channels());
            choices[3 * layer + 2] = position(layer, "stride", block.stride(), options.strides());
        }
        return choices;
    }

    private static <T> int position(int layer, String gene, T value, List<T> allowed) {
        int position = allowed.indexOf(value);
        if (position < 0) {
            throw new IllegalArgumentException("layer " + layer + " " + gene + " '" + value
                    + "' is not in this space; allowed: " + allowed);
        }
        return position;
    }

    @Override
    public VolumetricGenome fromChoices(int[] choices) {
        Objects.requireNonNull(choices, "choices");
        checkChoices(choices);
        List<Block> blocks = new ArrayList<>(options.layers());
        for (int layer = 0; layer < options.layers(); layer++) {
            blocks.add(new Block(options.ops().get(choices[3 * layer]), options.channels().get(choices[3 * layer + 1]),
                    options.strides().get(choices[3 * layer + 2])));
        }
        return new VolumetricGenome(blocks);
    }

    @Override
    public String format(VolumetricGenome genome) {
        choices(genome);
        List<String> layers = new ArrayList<>();
        for (Block block : genome.blocks()) {
            layers.add(text(block));
        }
        return String.join(LAYER_SEPARATOR, layers);
    }

    private static String text(Block block) {
        return block.op() + GENE_SEPARATOR + block.channels() + GENE_SEPARATOR + block.stride();
    }

    @Override
    public VolumetricGenome parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("an empty text is not a volumetric genome; write op/channels/stride"
                    + " per layer joined by ' | '");
        }
        String[] layers = text.split("\\|", -1);
        if (layers.length != options.layers()) {
            throw new IllegalArgumentException("a volumetric genome of this space has " + options.layers()
                    + " layers, got " + layers.length + " in: " + text);
        }
        List<Block> blocks = new ArrayList<>();
        for (int layer = 0; layer < layers.length; layer++) {
            String[] genes = layers[layer].split(GENE_SEPARATOR, -1);
            if (genes.length != 3) {
                throw new IllegalArgumentException("layer " + layer + " '" + layers[layer].strip()
                        + "' is not op/channels/stride");
            }
            String op = genes[0].strip();
            position(layer, "op", op, options.ops());
            Block block = new Block(op, integer(layer, "channels", genes[1]), integer(layer, "stride", genes[2]));
            position(layer, "channels", block.channels(), options.channels());
            position(layer, "stride", block.stride(), options.strides());
            blocks.add(block);
        }
        return new VolumetricGenome(blocks);
    }

    private static int integer(int layer, String gene, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer " + layer + " " + gene + " '" + text.strip()
                    + "' is not a whole number", e);
        }
    }

    @Override
    public String key(VolumetricGenome genome) {
        choices(genome);
        List<String> layers = new ArrayList<>();
        int incoming = options.stemChannels();
        for (Block block : genome.blocks()) {
            boolean unchanged = block.op().equals("identity") && block.stride() == 1 && block.channels() == incoming;
            if (!unchanged) {
                layers.add(text(block));
            }
            incoming = block.channels();
        }
        return layers.isEmpty() ? EMPTY_KEY : String.join(LAYER_SEPARATOR, layers);
    }

    /**
     * Builds the network on {@code head.input()}, a volume {@code [C, D, H, W]}, and lets the head finish it.
     * Node ids: {@code stem_*}, then {@code layer{i}_*}, then {@code final_*}.
     *
     * @throws IllegalArgumentException when the genome is not in this space or the input is not a volume
     */
    @Override
    public NetworkSpec decode(VolumetricGenome genome, TaskHead head) {
        choices(genome);
        Objects.requireNonNull(head, "head");
        Shape input = head.input();
        if (input.spatialDims() != 3) {
            throw new IllegalArgumentException("the volumetric space builds 3D networks on volumes [C, D, H, W], got "
                    + "input " + input);
        }
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        ConvBlocks blocks = ConvBlocks.on(builder, 3);
        int[] extents = {input.spatial(0), input.spatial(1), input.spatial(2)};
        String stem = blocks.convBnRelu("stem", NetworkSpec.INPUT, options.stemChannels(), 3, 1);
        if (options.stemPool()) {
            stem = blocks.pool("stem_pool", stem, Op.PoolKind.MAX, 2, 2);
            extents = strided(extents, 2);
        }
        Features current = new Features(stem, options.stemChannels(), extents);
        for (int layer = 0; layer < genome.blocks().size(); layer++) {
            current = block(blocks, "layer" + layer, genome.blocks().get(layer), current);
        }
        String features = current.id();
        if (options.finalChannels() > 0) {
            features = blocks.convBnRelu("final", features, options.finalChannels(), 1, 1);
        }
        String output = head.attach(builder, features);
        return builder.build(output, head.loss());
    }

    private static Features block(ConvBlocks blocks, String prefix, Block block, Features x) {
        int c = block.channels();
        int s = block.stride();
        int[] extents = strided(x.extents(), s);
        int kernel = kernel(block.op());
        String kind = kernel > 0 ? block.op().substring(0, block.op().lastIndexOf('_')) : block.op();
        String id = switch (kind) {
            case "conv" -> blocks.convBnRelu(prefix, x.id(), c, kernel, s);
            case "depthwise_conv" -> blocks.separable(prefix, x.id(), c, kernel, s);
            case "max_pool", "avg_pool" -> {
                Op.PoolKind pooling = kind.startsWith("max") ? Op.PoolKind.MAX : Op.PoolKind.AVG;
                String pooled = blocks.pool(prefix + "_pool", x.id(), pooling, kernel, s);
                yield c == x.channels() ? pooled : blocks.convBn(prefix + "_projection", pooled, c, 1, 1);
            }
            case "identity" -> s == 1 && c == x.channels()
                    ? blocks.builder().add(prefix + "_identity", new Op.Identity(), x.id())
                    : blocks.convBn(prefix + "_projection", x.id(), c, 1, s);
            case "attention_skip" -> attentionSkip(blocks, prefix, x, c, s);
            case "multi_scale_fusion" -> multiScaleFusion(blocks, prefix, x, c, s, extents);
            default -> throw new IllegalStateException("unhandled op " + block.op());
        };
        return new Features(id, c, extents);
    }

    private static String attentionSkip(ConvBlocks blocks, String prefix, Features x, int c, int s) {
        NetworkSpec.Builder builder = blocks.builder();
        String y = blocks.convBnRelu(prefix + "_conv", x.id(), c, 3, s);
        String skip = s == 1 ? x.id() : blocks.pool(prefix + "_skip_pool", x.id(), Op.PoolKind.AVG, 3, s);
        String gated = builder.add(prefix + "_gate", new Op.AttentionGate(Math.max(1, c / 2)), skip, y);
        if (x.channels() != c) {
            gated = blocks.convBn(prefix + "_skip_projection", gated, c, 1, 1);
        }
        return builder.add(prefix + "_add", new Op.Add(), y, gated);
    }

    private static String multiScaleFusion(ConvBlocks blocks, String prefix, Features x, int c, int s,
                                           int[] extents) {
        String fine = blocks.convBnRelu(prefix + "_fine", x.id(), c, 3, s);
        boolean halvable = true;
        for (int extent : extents) {
            halvable &= extent % 2 == 0;
        }
        String coarse;
        if (halvable) {
            coarse = blocks.pool(prefix + "_coarse_pool", fine, Op.PoolKind.AVG, 2, 2);
            coarse = blocks.convBnRelu(prefix + "_coarse", coarse, c, 3, 1);
        } else {
            coarse = blocks.convBnRelu(prefix + "_coarse", fine, c, 3, 1, 2);
        }
        return blocks.opBnRelu(prefix + "_fusion", new Op.MultiScaleFusion(c), fine, coarse);
    }

    private static int[] strided(int[] extents, int stride) {
        int[] result = new int[extents.length];
        for (int axis = 0; axis < extents.length; axis++) {
            result[axis] = (extents[axis] + stride - 1) / stride;
        }
        return result;
    }

    /** A decoded feature map: its node, channels and spatial extents. */
    private record Features(String id, int channels, int[] extents) {
    }
}
