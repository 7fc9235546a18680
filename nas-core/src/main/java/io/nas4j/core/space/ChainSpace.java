package io.nas4j.core.space;

import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.genome.ChainGenome.Layer;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Shape;
import io.nas4j.core.network.TaskHead;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The layer-wise space: a chain of layers (1 to 10 by default), each choosing an operation, a connection pattern to
 * the layer's input, its output channels and its stride.
 *
 * <p><b>Numbering.</b> {@link #size()} counts every depth: {@code sum over L of P^L} where {@code P} is the
 * number of per-layer choices ({@code |ops| * |connections| * |channels| * |strides|}, 432 by default).
 * {@link #at} enumerates all genomes of the smallest depth first, then the next depth, and within one depth
 * in lexicographic order of the layers (layer 0 is the most significant digit; within a layer op, then
 * connection, then channels, then stride, each in the order of {@link Options}).
 *
 * <p><b>Sampling.</b> {@link #sample} draws the depth uniformly first and then every layer uniformly
 * ({@link #sampleByDepth}): the usual practice of layer-wise NAS. Uniform over genomes (a uniform index
 * through {@link #at}) would almost always return the deepest chains, since there are {@code P} times more
 * genomes of depth {@code L + 1} than of depth {@code L}.
 *
 * <p><b>Neighbourhood.</b> Every single edit: one gene of one layer changed to each other value; a layer
 * duplicated in place (insertion of a copy of an adjacent layer, while the depth is below the maximum);
 * a layer removed (while the depth is above the minimum). Edits that give the same genome (duplicating or
 * removing either of two equal adjacent layers) appear once.
 *
 * <p><b>Categorical view.</b> {@code 1 + 4 * maxLayers} decisions: {@code depth} (options are the depth values
 * as text), then {@code layer{i}.op}, {@code layer{i}.connection}, {@code layer{i}.channels} and
 * {@code layer{i}.stride} for every slot {@code i} from 0. Slots at or past the depth are inactive: their
 * choices are 0, {@link #fromChoices} ignores them, and {@link #encode} leaves their one-hot blocks all zero,
 * so an encoding has {@code 1 + 4 * depth} ones and {@link #encodingLength()} is the sum of all arities.
 *
 * <p><b>Networks.</b> See {@link #decode} for what every op and connection builds; the first layer reads the
 * input directly (there is no stem). {@link #key} is {@link #format} with the channels gene of {@code zero}
 * layers replaced by {@code *}, the only gene the decoder ignores.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ChainSpace implements SearchSpace<ChainGenome> {

    /** The default operations, in their default order. */
    public static final List<String> DEFAULT_OPS = List.of(
            "conv_3x3", "conv_5x5", "conv_7x7", "depthwise_conv_3x3", "depthwise_conv_5x5",
            "max_pool_3x3", "avg_pool_3x3", "identity", "zero");

    /** Every connection pattern, in the default order. */
    public static final List<String> CONNECTIONS = List.of("series", "skip", "dense", "parallel");

    private static final String LAYER_SEPARATOR = " | ";
    private static final String GENE_SEPARATOR = "/";
    /** The forms of every op the space builds, for messages. */
    public static final String OP_FORMS = "conv_KxK, depthwise_conv_KxK, mbconvE_KxK, max_pool_KxK,"
            + " avg_pool_KxK (K odd, E from 1 to 9), identity, zero";

    /**
     * The configuration of a chain space. Every list is non-empty and free of duplicates (duplicates would
     * number one genome twice); op names are of the forms in {@link #DEFAULT_OPS} with an odd kernel, or
     * {@code mbconvE_KxK}, an inverted residual of expansion {@code E} from 1 to 9 (see {@link ChainSpace#decode}).
     *
     * @param ops         operation names
     * @param connections connection patterns, a subset of {@link #CONNECTIONS}
     * @param minLayers   the smallest depth, at least 1
     * @param maxLayers   the largest depth, at least {@code minLayers}
     * @param channels    output channel choices, each positive
     * @param strides     stride choices, each positive
     */
    public record Options(List<String> ops, List<String> connections, int minLayers, int maxLayers,
                          List<Integer> channels, List<Integer> strides) {

        public Options {
            ops = OptionLists.distinct("ops", ops);
            connections = OptionLists.distinct("connections", connections);
            channels = OptionLists.distinct("channels", channels);
            strides = OptionLists.distinct("strides", strides);
            for (String op : ops) {
                if (!isOp(op)) {
                    throw new IllegalArgumentException("ops: unknown op '" + op + "'; allowed: " + OP_FORMS);
                }
            }
            for (String connection : connections) {
                if (!CONNECTIONS.contains(connection)) {
                    throw new IllegalArgumentException("connections: unknown connection '" + connection
                            + "'; allowed: " + CONNECTIONS);
                }
            }
            OptionLists.requirePositive("channels", channels);
            OptionLists.requirePositive("strides", strides);
            if (minLayers < 1 || minLayers > maxLayers) {
                throw new IllegalArgumentException("minLayers and maxLayers must satisfy 1 <= minLayers <= maxLayers,"
                        + " got minLayers " + minLayers + ", maxLayers " + maxLayers);
            }
        }

        /** The design defaults: 9 ops, 4 connections, 1 to 10 layers, channels 16 to 512, strides 1 and 2. */
        public static Options defaults() {
            return new Options(DEFAULT_OPS, CONNECTIONS, 1, 10,
                    List.of(16, 32, 64, 128, 256, 512), List.of(1, 2));
        }

        /**
         * For small images such as the 8x8 digits: at most 6 layers of 16, 32 or 64 channels. Wider layers
         * only add parameters a 1,797-image set cannot use; strided layers stay allowed because "same"
         * padding rounds up, so an 8x8 map shrinks to 1x1 and stays there rather than becoming invalid.
         */
        public static Options forSmallImages() {
            return new Options(DEFAULT_OPS, CONNECTIONS, 1, 6, List.of(16, 32, 64), List.of(1, 2));
        }

        /**
         * For images up to 32 pixels a side (MNIST, Fashion-MNIST, CIFAR-10) trained on CPUs: at most 8
         * layers of 16 to 128 channels, so that a candidate trains in minutes rather than hours.
         */
        public static Options forMediumImages() {
            return new Options(DEFAULT_OPS, CONNECTIONS, 1, 8, List.of(16, 32, 64, 128), List.of(1, 2));
        }

        /**
         * For small volumes trained on CPUs (3D patches, MedMNIST's 28³): 3x3 and 5x5 convolutions, the
         * 3x3 depthwise convolution, 3x3 pooling, identity and zero (each in its 3D form), every connection,
         * at most 5 layers of 8, 16 or 32 channels. A 7x7x7 kernel costs 343 weights per channel pair, too
         * much for what a CPU can search.
         */
        public static Options forVolumes() {
            return new Options(List.of("conv_3x3", "conv_5x5", "depthwise_conv_3x3", "max_pool_3x3", "avg_pool_3x3",
                    "identity", "zero"), CONNECTIONS, 1, 5, List.of(8, 16, 32), List.of(1, 2));
        }

        /** The number of choices of one layer. */
        public int choicesPerLayer() {
            return ops.size() * connections.size() * channels.size() * strides.size();
        }
    }

    private final Options options;
    private final BigInteger choicesPerLayer;
    private final BigInteger size;
    private final Map<String, Integer> opIndex;
    private final Map<String, Integer> connectionIndex;
    private final Map<Integer, Integer> channelsIndex;
    private final Map<Integer, Integer> strideIndex;
    private final List<Decision> decisions;
    private final ChainDecisions categorical;
    private final int encodingLength;

    /**
     * Whether the space builds {@code op}: one of the forms of {@link #OP_FORMS}, a kernel odd and below 100 (an
     * even kernel cannot pad symmetrically, which "same" padding needs).
     */
    public static boolean isOp(String op) {
        return ChainLayers.LayerOp.parse(op) != null;
    }

    /** The space with {@link Options#defaults()}. */
    public ChainSpace() {
        this(Options.defaults());
    }

    public ChainSpace(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.choicesPerLayer = BigInteger.valueOf(options.choicesPerLayer());
        BigInteger total = BigInteger.ZERO;
        for (int depth = options.minLayers(); depth <= options.maxLayers(); depth++) {
            total = total.add(choicesPerLayer.pow(depth));
        }
        this.size = total;
        this.categorical = new ChainDecisions(options);
        this.opIndex = categorical.opIndex();
        this.connectionIndex = categorical.connectionIndex();
        this.channelsIndex = categorical.channelsIndex();
        this.strideIndex = categorical.strideIndex();
        this.decisions = categorical.decisions();
        this.encodingLength = decisions.stream().mapToInt(Decision::arity).sum();
    }

    /** The space with {@code options}. */
    public static ChainSpace of(Options options) {
        return new ChainSpace(options);
    }

    /**
     * The space suited to inputs of this shape: for volumes {@link Options#forVolumes()}; for images
     * {@link Options#forSmallImages()} when no spatial extent exceeds 16 pixels (the 8x8 digits),
     * {@link Options#forMediumImages()} up to 32 pixels, otherwise {@link Options#defaults()}.
     */
    public static ChainSpace forInput(Shape input) {
        ChainLayers.requireImageOrVolume(input);
        if (input.spatialDims() == 3) {
            return new ChainSpace(Options.forVolumes());
        }
        int largest = Math.max(input.spatial(0), input.spatial(1));
        if (largest <= 16) {
            return new ChainSpace(Options.forSmallImages());
        }
        return new ChainSpace(largest <= 32 ? Options.forMediumImages() : Options.defaults());
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public Class<ChainGenome> genomeType() {
        return ChainGenome.class;
    }

    @Override
    public BigInteger size() {
        return size;
    }

    @Override
    public ChainGenome at(BigInteger index) {
        Objects.requireNonNull(index, "index");
        if (index.signum() < 0 || index.compareTo(size) >= 0) {
            throw new IllegalArgumentException("index must be in [0, " + size + "), got " + index);
        }
        BigInteger rest = index;
        int depth = options.minLayers();
        BigInteger count = choicesPerLayer.pow(depth);
        while (rest.compareTo(count) >= 0) {
            rest = rest.subtract(count);
            depth++;
            count = count.multiply(choicesPerLayer);
        }
        Layer[] layers = new Layer[depth];
        for (int position = depth - 1; position >= 0; position--) {
            BigInteger[] quotientAndDigit = rest.divideAndRemainder(choicesPerLayer);
            layers[position] = layerAt(quotientAndDigit[1].intValueExact());
            rest = quotientAndDigit[0];
        }
        return ChainGenome.of(layers);
    }

    @Override
    public BigInteger indexOf(ChainGenome genome) {
        requireMember(genome);
        BigInteger offset = BigInteger.ZERO;
        for (int depth = options.minLayers(); depth < genome.depth(); depth++) {
            offset = offset.add(choicesPerLayer.pow(depth));
        }
        BigInteger within = BigInteger.ZERO;
        for (Layer layer : genome.layers()) {
            within = within.multiply(choicesPerLayer).add(BigInteger.valueOf(digitOf(layer)));
        }
        return offset.add(within);
    }

    /**
     * A genome whose depth is uniform in {@code [minLayers, maxLayers]} and whose layers are then uniform:
     * the usual way to sample a layer-wise space, since a uniform index almost always picks the deepest chains.
     */
    @Override
    public ChainGenome sample(RandomGenerator random) {
        return sampleByDepth(random);
    }

    public ChainGenome sampleByDepth(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        int depth = options.minLayers() + random.nextInt(options.maxLayers() - options.minLayers() + 1);
        Layer[] layers = new Layer[depth];
        for (int position = 0; position < depth; position++) {
            layers[position] = layerAt(random.nextInt(options.choicesPerLayer()));
        }
        return ChainGenome.of(layers);
    }

    @Override
    public List<ChainGenome> neighbours(ChainGenome genome) {
        requireMember(genome);
        List<Layer> layers = genome.layers();
        Set<ChainGenome> neighbours = new LinkedHashSet<>();
        for (int position = 0; position < layers.size(); position++) {
            Layer layer = layers.get(position);
            for (String op : options.ops()) {
                if (!op.equals(layer.op())) {
                    neighbours.add(replaced(layers, position,
                            new Layer(op, layer.connection(), layer.channels(), layer.stride())));
                }
            }
            for (String connection : options.connections()) {
                if (!connection.equals(layer.connection())) {
                    neighbours.add(replaced(layers, position,
                            new Layer(layer.op(), connection, layer.channels(), layer.stride())));
                }
            }
            for (int channels : options.channels()) {
                if (channels != layer.channels()) {
                    neighbours.add(replaced(layers, position,
                            new Layer(layer.op(), layer.connection(), channels, layer.stride())));
                }
            }
            for (int stride : options.strides()) {
                if (stride != layer.stride()) {
                    neighbours.add(replaced(layers, position,
                            new Layer(layer.op(), layer.connection(), layer.channels(), stride)));
                }
            }
        }
        if (layers.size() < options.maxLayers()) {
            for (int position = 0; position < layers.size(); position++) {
                List<Layer> grown = new ArrayList<>(layers);
                grown.add(position + 1, layers.get(position));
                neighbours.add(new ChainGenome(grown));
            }
        }
        if (layers.size() > options.minLayers()) {
            for (int position = 0; position < layers.size(); position++) {
                List<Layer> shrunk = new ArrayList<>(layers);
                shrunk.remove(position);
                neighbours.add(new ChainGenome(shrunk));
            }
        }
        return List.copyOf(neighbours);
    }

    /**
     * Single-point crossover over layers: a prefix of one parent (chosen at random) followed by a suffix of
     * the other. The prefix length is uniform in {@code [0, depth]} of its parent; the suffix length is uniform
     * among those that keep the child's depth in {@code [minLayers, maxLayers]}, a set that is never empty
     * because both parents are in range.
     */
    @Override
    public ChainGenome crossover(ChainGenome first, ChainGenome second, RandomGenerator random) {
        requireMember(first);
        requireMember(second);
        Objects.requireNonNull(random, "random");
        boolean firstLeads = random.nextBoolean();
        List<Layer> head = (firstLeads ? first : second).layers();
        List<Layer> tail = (firstLeads ? second : first).layers();
        int prefix = random.nextInt(head.size() + 1);
        int shortest = Math.max(0, options.minLayers() - prefix);
        int longest = Math.min(tail.size(), options.maxLayers() - prefix);
        int suffix = shortest + random.nextInt(longest - shortest + 1);
        List<Layer> child = new ArrayList<>(head.subList(0, prefix));
        child.addAll(tail.subList(tail.size() - suffix, tail.size()));
        return new ChainGenome(child);
    }

    @Override
    public int encodingLength() {
        return encodingLength;
    }

    @Override
    public double[] encode(ChainGenome genome) {
        int[] choices = choices(genome);
        double[] encoding = new double[encodingLength];
        int activeDecisions = 1 + 4 * genome.depth();
        int offset = 0;
        for (int decision = 0; decision < decisions.size(); decision++) {
            if (decision < activeDecisions) {
                encoding[offset + choices[decision]] = 1.0;
            }
            offset += decisions.get(decision).arity();
        }
        return encoding;
    }

    /**
     * {@link #format} with the channels gene of every {@code zero} layer written as {@code *}: the decoder
     * gives a zero layer its input's channels whatever the gene says, so genomes that differ only there
     * build the same network. Nothing else is normalised, because every other gene changes the network for
     * some input (pools and identity project to the channels gene when it differs from their input's).
     */
    @Override
    public String key(ChainGenome genome) {
        requireMember(genome);
        List<String> parts = new ArrayList<>(genome.depth());
        for (Layer layer : genome.layers()) {
            boolean channelsIgnored = ChainLayers.LayerOp.parse(layer.op()).kind() == ChainLayers.OpKind.ZERO;
            parts.add(layer.op() + GENE_SEPARATOR + layer.connection() + GENE_SEPARATOR
                    + (channelsIgnored ? "*" : Integer.toString(layer.channels()))
                    + GENE_SEPARATOR + layer.stride());
        }
        return String.join(LAYER_SEPARATOR, parts);
    }

    /** One line: {@code op/connection/channels/stride} per layer, joined by {@code " | "}. */
    @Override
    public String format(ChainGenome genome) {
        requireMember(genome);
        List<String> parts = new ArrayList<>(genome.depth());
        for (Layer layer : genome.layers()) {
            parts.add(layer.op() + GENE_SEPARATOR + layer.connection() + GENE_SEPARATOR + layer.channels()
                    + GENE_SEPARATOR + layer.stride());
        }
        return String.join(LAYER_SEPARATOR, parts);
    }

    @Override
    public ChainGenome parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty chain text; expected layers op/connection/channels/stride"
                    + " separated by '|', for example conv_3x3/skip/32/1 | max_pool_3x3/series/32/2");
        }
        String[] parts = text.split("\\|", -1);
        List<Layer> layers = new ArrayList<>(parts.length);
        for (int position = 0; position < parts.length; position++) {
            String part = parts[position].trim();
            String[] genes = part.split(GENE_SEPARATOR, -1);
            if (genes.length != 4) {
                throw new IllegalArgumentException("layer " + position + " '" + part
                        + "' must be op/connection/channels/stride, for example conv_3x3/skip/32/1");
            }
            int channels = parseInteger(position, "channels", genes[2]);
            int stride = parseInteger(position, "stride", genes[3]);
            try {
                layers.add(new Layer(genes[0].trim(), genes[1].trim(), channels, stride));
            } catch (IllegalArgumentException invalid) {
                throw new IllegalArgumentException("layer " + position + ": " + invalid.getMessage(), invalid);
            }
        }
        ChainGenome genome = new ChainGenome(layers);
        requireMember(genome);
        return genome;
    }

    @Override
    public List<Decision> decisions() {
        return decisions;
    }

    @Override
    public int[] choices(ChainGenome genome) {
        requireMember(genome);
        return categorical.choices(genome);
    }

    @Override
    public ChainGenome fromChoices(int[] choices) {
        return categorical.fromChoices(choices);
    }

    /**
     * The depth decision, and the four decisions of each of the first {@code depth} layers, except the
     * channels of a {@code zero} layer, which the decoder ignores.
     */
    @Override
    public boolean[] usedDecisions(int[] choices) {
        return categorical.used(choices);
    }

    /**
     * Builds the chain on {@code head.input()}, an image {@code [C, H, W]} or a volume {@code [C, D, H, W]},
     * and lets the head finish it. Node ids start with {@code layer{i}_}. On a volume every op is its 3D
     * form: {@code conv_3x3} is a 3x3x3 convolution, {@code max_pool_3x3} a 3x3x3 pool, a 1x1 projection a
     * 1x1x1 convolution, and so on; the names stay those of the 2D space so a genome reads the same.
     *
     * <p>Ops (the op output has the layer's channels, except {@code zero}):
     * <ul>
     *   <li>{@code conv_KxK}: convolution (channels, K, stride), batch norm, ReLU.</li>
     *   <li>{@code depthwise_conv_KxK}: a separable convolution: depthwise (K, stride, multiplier 1), batch
     *       norm, ReLU, then a 1x1 convolution to the channels, batch norm, ReLU.</li>
     *   <li>{@code mbconvE_KxK}: MobileNetV2's inverted residual: a 1x1 convolution expanding the input's
     *       channels E times, batch norm, ReLU; depthwise (K, stride), batch norm, ReLU; a 1x1 convolution to
     *       the channels and batch norm; plus the input when the stride is 1 and the channels equal the
     *       input's (ReLU rather than ReLU6, as NAS-Bench-Macro's blocks).</li>
     *   <li>{@code max_pool_KxK}, {@code avg_pool_KxK}: pooling (K, stride); when the channels differ from the
     *       input's, a 1x1 convolution and batch norm after it project to them.</li>
     *   <li>{@code identity}: the input itself when the stride is 1 and the channels equal the input's;
     *       otherwise a 1x1 convolution (stride) and batch norm, as NAS-Bench-Macro reshapes its identity.</li>
     *   <li>{@code zero}: zeros of the input's channels, spatially divided by the stride. The channels gene is
     *       ignored ({@link #key} normalises it).</li>
     * </ul>
     *
     * <p>Connections, for a layer with input {@code x}, op output {@code y} and stride {@code s}:
     * <ul>
     *   <li>{@code series}: {@code y}.</li>
     *   <li>{@code skip}: residual {@code y + shortcut(x)}; the shortcut is {@code x} when the stride is 1 and
     *       the channels agree, else a 1x1 convolution (stride {@code s}) and batch norm to {@code y}'s channels.</li>
     *   <li>{@code dense}: DenseNet-style growth, {@code concat(y, x')} with {@code x' = x} at stride 1 and an
     *       average pool 3x3 stride {@code s} of {@code x} otherwise (the same window arithmetic as the op,
     *       so the extents agree for every input size); the output has {@code y}'s plus {@code x}'s channels.</li>
     *   <li>{@code parallel}: {@code y + branch(x)} where the branch is a 3x3 convolution with {@code y}'s
     *       channels and stride {@code s}, batch norm and ReLU.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when the genome is not in this space or the input is neither an image
     *                                  nor a volume
     */
    @Override
    public NetworkSpec decode(ChainGenome genome, TaskHead head) {
        requireMember(genome);
        return ChainLayers.network(genome, Objects.requireNonNull(head, "head"));
    }

    private Layer layerAt(int digit) {
        int rest = digit;
        int stride = options.strides().get(rest % options.strides().size());
        rest /= options.strides().size();
        int channels = options.channels().get(rest % options.channels().size());
        rest /= options.channels().size();
        String connection = options.connections().get(rest % options.connections().size());
        rest /= options.connections().size();
        return new Layer(options.ops().get(rest), connection, channels, stride);
    }

    private int digitOf(Layer layer) {
        int digit = opIndex.get(layer.op());
        digit = digit * options.connections().size() + connectionIndex.get(layer.connection());
        digit = digit * options.channels().size() + channelsIndex.get(layer.channels());
        return digit * options.strides().size() + strideIndex.get(layer.stride());
    }

    private void requireMember(ChainGenome genome) {
        Objects.requireNonNull(genome, "genome");
        if (genome.depth() < options.minLayers() || genome.depth() > options.maxLayers()) {
            throw new IllegalArgumentException("depth must be in [" + options.minLayers() + ", "
                    + options.maxLayers() + "], got " + genome.depth());
        }
        for (int position = 0; position < genome.depth(); position++) {
            Layer layer = genome.layers().get(position);
            requireGene(position, "op", layer.op(), opIndex, options.ops());
            requireGene(position, "connection", layer.connection(), connectionIndex, options.connections());
            requireGene(position, "channels", layer.channels(), channelsIndex, options.channels());
            requireGene(position, "stride", layer.stride(), strideIndex, options.strides());
        }
    }

    private static <T> void requireGene(int position, String gene, T value, Map<T, Integer> index,
                                        List<T> allowed) {
        if (!index.containsKey(value)) {
            throw new IllegalArgumentException("layer " + position + " " + gene + " '" + value
                    + "' is not in this space; allowed: " + allowed);
        }
    }

    private static int parseInteger(int position, String gene, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("layer " + position + " " + gene + " '" + text.trim()
                    + "' is not an integer", notANumber);
        }
    }

    private static ChainGenome replaced(List<Layer> layers, int position, Layer layer) {
        List<Layer> changed = new ArrayList<>(layers);
        changed.set(position, layer);
        return new ChainGenome(changed);
    }
}
