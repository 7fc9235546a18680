package io.nas4j.core.space;

import io.nas4j.core.genome.DetectorGenome;
import io.nas4j.core.genome.DetectorGenome.Stage;
import io.nas4j.core.network.ConvBlocks;
import io.nas4j.core.network.DetectorHead;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.network.TaskHead;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A space of single-stage anchor-based detectors: a stem, a backbone of stages that each halve the
 * resolution, detection heads on the last one to three stages, an optional top-down feature pyramid
 * joining those levels, and the anchor configuration (sizes in strides of each level, aspect ratios).
 *
 * <p><b>Decisions</b>, in order: {@code backbone.stages} (how many stages are used), then for every stage
 * slot {@code stage{i}.op}, {@code stage{i}.channels} and {@code stage{i}.depth}, then {@code head.levels},
 * {@code head.pyramid} ({@code none} or {@code feature_pyramid}), {@code anchors.scales} and
 * {@code anchors.ratios}. Every combination is a genome (numbering, neighbours, crossover and encoding come
 * from {@link CategoricalSpace}); the slots past the used stages do not change the network, so
 * {@link #key} writes them as {@code -} and two genomes that differ only there share a key, as cells with
 * unreachable edges do.
 *
 * <p><b>Networks</b> ({@link #decode}): a 3x3 convolution, batch norm and ReLU stem ({@code stemChannels},
 * stride {@code stemStride}); each stage a layer of its op at stride 2, and with depth 2 a second layer of
 * the op at stride 1 added to the first (a residual); ops {@code conv_KxK} (convolution, batch norm, ReLU)
 * and {@code depthwise_conv_KxK} (depthwise KxK, batch norm, ReLU, pointwise 1x1, batch norm, ReLU). The
 * heads read the last {@code levels} stages, finest first; with the feature pyramid the coarsest becomes a
 * 1x1 convolution to {@code pyramidChannels} and each finer level the {@link Op.MultiScaleFusion} of its
 * stage and the coarser pyramid level (FPN's lateral 1x1 projections, upsampling and sum). With a
 * {@link DetectorHead} the detection heads and output follow ({@link DetectorHead#attach(NetworkSpec.Builder,
 * List, List, List)}); any other head is attached to the coarsest level.
 *
 * <p>Immutable and thread-safe.
 */
public final class DetectorSpace extends CategoricalSpace<DetectorGenome> {

    public static final String NAME = "detector";
    public static final List<String> PYRAMIDS = List.of("none", "feature_pyramid");

    private static final Pattern KERNEL_OP = Pattern.compile("(conv|depthwise_conv)_([1-9])x\\2");
    private static final String STAGE_SEPARATOR = ", ";
    private static final String PART_SEPARATOR = " | ";

    /**
     * The choices of a detector space.
     *
     * @param stemChannels    output channels of the stem
     * @param stemStride      the stem's stride (2 for large images)
     * @param stageCounts     how many stages may be used, each at least 1 and at most the slots (the largest)
     * @param ops             {@code conv_KxK} or {@code depthwise_conv_KxK} with an odd K
     * @param channels        stage output channel choices
     * @param depths          layers per stage, 1 or 2
     * @param levels          head level counts, each at most the smallest stage count
     * @param pyramidChannels channels of the feature pyramid's levels
     * @param anchorScales    anchor size sets, in strides of their level
     * @param aspectRatios    anchor ratio sets (height over width)
     */
    public record Options(int stemChannels, int stemStride, List<Integer> stageCounts, List<String> ops,
                          List<Integer> channels, List<Integer> depths, List<Integer> levels, int pyramidChannels,
                          List<List<Double>> anchorScales, List<List<Double>> aspectRatios) {

        public Options {
            stageCounts = OptionLists.distinct("stageCounts", stageCounts);
            ops = OptionLists.distinct("ops", ops);
            channels = OptionLists.distinct("channels", channels);
            depths = OptionLists.distinct("depths", depths);
            levels = OptionLists.distinct("levels", levels);
            anchorScales = OptionLists.distinct("anchorScales", anchorScales.stream().map(List::copyOf).toList());
            aspectRatios = OptionLists.distinct("aspectRatios", aspectRatios.stream().map(List::copyOf).toList());
            if (stemChannels < 1 || stemStride < 1 || pyramidChannels < 1) {
                throw new IllegalArgumentException("stemChannels, stemStride and pyramidChannels must be positive");
            }
            for (String op : ops) {
                if (!KERNEL_OP.matcher(op).matches() || Integer.parseInt(op.substring(op.length() - 1)) % 2 == 0) {
                    throw new IllegalArgumentException("ops: unknown op '" + op
                            + "'; allowed: conv_KxK, depthwise_conv_KxK with K odd");
                }
            }
            OptionLists.requirePositive("stageCounts", stageCounts);
            OptionLists.requirePositive("channels", channels);
            if (depths.stream().anyMatch(depth -> depth < 1 || depth > 2)) {
                throw new IllegalArgumentException("depths must be 1 or 2, got " + depths);
            }
            int fewestStages = stageCounts.stream().mapToInt(Integer::intValue).min().orElseThrow();
            if (levels.stream().anyMatch(count -> count < 1 || count > fewestStages)) {
                throw new IllegalArgumentException("levels must be in [1, " + fewestStages + "] (the fewest stages), got "
                        + levels);
            }
        }

        public int slots() {
            return stageCounts.stream().mapToInt(Integer::intValue).max().orElseThrow();
        }

        /**
         * Sized for {@code input}: a stem of stride 1 below 48 pixels a side and 2 from 48 (a full-resolution
         * layer is what makes a CPU slow, and objects a few strides wide are still well covered), and as
         * many stages as take the smallest side to about 3 positions (and one fewer); 4 ops, 16 to 64
         * channels, depth 1 or 2, heads on 1 to 3 levels (at most the fewer stage count), pyramids of 32
         * channels, anchors of 2, 3, 2 and 3, or 2 and 4 strides, ratios 1, 1 and 2, or 0.5, 1 and 2.
         */
        public static Options forInput(Shape input) {
            if (input.spatialDims() != 2) {
                throw new IllegalArgumentException("a detector space needs images [C, H, W], got " + input);
            }
            int side = Math.min(input.spatial(0), input.spatial(1));
            int stemStride = side >= 48 ? 2 : 1;
            int slots = Math.max(1, (int) Math.floor(Math.log((double) side / stemStride / 3) / Math.log(2)));
            List<Integer> counts = slots >= 2 ? List.of(slots - 1, slots) : List.of(slots);
            int fewest = counts.get(0);
            List<Integer> levels = new ArrayList<>();
            for (int count = 1; count <= Math.min(3, fewest); count++) {
                levels.add(count);
            }
            return new Options(16, stemStride, counts,
                    List.of("conv_3x3", "conv_5x5", "depthwise_conv_3x3", "depthwise_conv_5x5"),
                    List.of(16, 32, 64), List.of(1, 2), levels, 32,
                    List.of(List.of(2.0), List.of(3.0), List.of(2.0, 3.0), List.of(2.0, 4.0)),
                    List.of(List.of(1.0), List.of(1.0, 2.0), List.of(0.5, 1.0, 2.0)));
        }
    }

    private final Options options;

    public DetectorSpace(Options options) {
        super(decisions(options));
        this.options = options;
    }

    /** The space sized for {@code input} ({@link Options#forInput}). */
    public static DetectorSpace forInput(Shape input) {
        return new DetectorSpace(Options.forInput(input));
    }

    public Options options() {
        return options;
    }

    private static List<Decision> decisions(Options options) {
        Objects.requireNonNull(options, "options");
        List<Decision> decisions = new ArrayList<>();
        decisions.add(new Decision("backbone.stages", text(options.stageCounts())));
        for (int slot = 0; slot < options.slots(); slot++) {
            decisions.add(new Decision("stage" + slot + ".op", options.ops()));
            decisions.add(new Decision("stage" + slot + ".channels", text(options.channels())));
            decisions.add(new Decision("stage" + slot + ".depth", text(options.depths())));
        }
        decisions.add(new Decision("head.levels", text(options.levels())));
        decisions.add(new Decision("head.pyramid", PYRAMIDS));
        decisions.add(new Decision("anchors.scales", options.anchorScales().stream().map(DetectorSpace::numbers).toList()));
        decisions.add(new Decision("anchors.ratios", options.aspectRatios().stream().map(DetectorSpace::numbers).toList()));
        return decisions;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<DetectorGenome> genomeType() {
        return DetectorGenome.class;
    }

    @Override
    public int[] choices(DetectorGenome genome) {
        Objects.requireNonNull(genome, "genome");
        if (genome.backbone().size() != options.slots()) {
            throw new IllegalArgumentException("this space has " + options.slots() + " stage slots, the genome "
                    + genome.backbone().size());
        }
        int[] choices = new int[decisions().size()];
        int next = 0;
        choices[next++] = index("backbone.stages", options.stageCounts(), genome.stages());
        for (Stage stage : genome.backbone()) {
            choices[next++] = index("op", options.ops(), stage.op());
            choices[next++] = index("channels", options.channels(), stage.channels());
            choices[next++] = index("depth", options.depths(), stage.depth());
        }
        choices[next++] = index("head.levels", options.levels(), genome.levels());
        choices[next++] = genome.pyramid() ? 1 : 0;
        choices[next++] = index("anchors.scales", options.anchorScales(), genome.anchorScales());
        choices[next] = index("anchors.ratios", options.aspectRatios(), genome.aspectRatios());
        return choices;
    }

    @Override
    public DetectorGenome fromChoices(int[] choices) {
        checkChoices(choices);
        int next = 0;
        int stages = options.stageCounts().get(choices[next++]);
        List<Stage> backbone = new ArrayList<>();
        for (int slot = 0; slot < options.slots(); slot++) {
            backbone.add(new Stage(options.ops().get(choices[next]), options.channels().get(choices[next + 1]),
                    options.depths().get(choices[next + 2])));
            next += 3;
        }
        int levels = options.levels().get(choices[next++]);
        boolean pyramid = choices[next++] == 1;
        List<Double> scales = options.anchorScales().get(choices[next++]);
        List<Double> ratios = options.aspectRatios().get(choices[next]);
        return new DetectorGenome(stages, backbone, Math.min(levels, stages), pyramid, scales, ratios);
    }

    /**
     * For example {@code conv_3x3/32x1, depthwise_conv_3x3/64x2, [conv_3x3/16x1] | levels 2 | feature_pyramid
     * | scales 2,3 | ratios 1,2}: the stage slots (unused ones in brackets), the head levels, the pyramid and
     * the anchors.
     */
    @Override
    public String format(DetectorGenome genome) {
        choices(genome);
        return describe(genome, false);
    }

    /** {@link #format} with the unused stage slots written {@code -}. */
    @Override
    public String key(DetectorGenome genome) {
        choices(genome);
        return describe(genome, true);
    }

    private static String describe(DetectorGenome genome, boolean canonical) {
        List<String> stages = new ArrayList<>();
        for (int slot = 0; slot < genome.backbone().size(); slot++) {
            Stage stage = genome.backbone().get(slot);
            String text = stage.op() + "/" + stage.channels() + "x" + stage.depth();
            stages.add(slot < genome.stages() ? text : canonical ? "-" : "[" + text + "]");
        }
        return String.join(STAGE_SEPARATOR, stages) + PART_SEPARATOR + "levels " + genome.levels() + PART_SEPARATOR
                + PYRAMIDS.get(genome.pyramid() ? 1 : 0) + PART_SEPARATOR + "scales " + numbers(genome.anchorScales())
                + PART_SEPARATOR + "ratios " + numbers(genome.aspectRatios());
    }

    @Override
    public DetectorGenome parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.trim().split("\\s*\\|\\s*");
        if (parts.length != 5) {
            throw new IllegalArgumentException("a detector genome has 5 parts separated by '|' (stages, levels, "
                    + "pyramid, scales, ratios), got: " + text);
        }
        String[] slots = parts[0].split("\\s*,\\s*");
        if (slots.length != options.slots()) {
            throw new IllegalArgumentException("expected " + options.slots() + " stage slots, got " + slots.length
                    + " in: " + text);
        }
        List<Stage> backbone = new ArrayList<>();
        int stages = 0;
        boolean unused = false;
        Pattern stagePattern = Pattern.compile("(\\[)?([a-z_0-9x]+)/(\\d+)x(\\d+)(])?");
        for (String slot : slots) {
            Matcher matcher = stagePattern.matcher(slot);
            if (!matcher.matches() || (matcher.group(1) == null) != (matcher.group(5) == null)) {
                throw new IllegalArgumentException("stage '" + slot + "' is not OP/CHANNELSxDEPTH, in: " + text);
            }
            boolean bracketed = matcher.group(1) != null;
            if (!bracketed) {
                if (unused) {
                    throw new IllegalArgumentException("a used stage follows an unused one in: " + text);
                }
                stages++;
            }
            unused |= bracketed;
            backbone.add(new Stage(matcher.group(2), Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(4))));
        }
        int levels = Integer.parseInt(field(parts[1], "levels", text));
        int pyramid = PYRAMIDS.indexOf(parts[2]);
        if (pyramid < 0) {
            throw new IllegalArgumentException("pyramid '" + parts[2] + "' is not one of " + PYRAMIDS + ", in: " + text);
        }
        List<Double> scales = doubles(field(parts[3], "scales", text));
        List<Double> ratios = doubles(field(parts[4], "ratios", text));
        DetectorGenome genome;
        try {
            genome = new DetectorGenome(stages, backbone, levels, pyramid == 1, scales, ratios);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", in: " + text, e);
        }
        choices(genome);
        return genome;
    }

    @Override
    public NetworkSpec decode(DetectorGenome genome, TaskHead head) {
        choices(genome);
        Objects.requireNonNull(head, "head");
        Shape input = head.input();
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        ConvBlocks blocks = ConvBlocks.on(builder, 2);
        String current = blocks.convBnRelu("stem", NetworkSpec.INPUT, options.stemChannels(), 3, options.stemStride());
        List<String> features = new ArrayList<>();
        for (int slot = 0; slot < genome.stages(); slot++) {
            Stage stage = genome.backbone().get(slot);
            String prefix = "stage" + slot;
            String first = layer(blocks, prefix + "a", current, stage, 2);
            current = stage.depth() == 1 ? first
                    : builder.add(prefix + "_add", new Op.Add(), layer(blocks, prefix + "b", first, stage, 1), first);
            features.add(current);
        }
        List<String> levels = new ArrayList<>(features.subList(features.size() - genome.levels(), features.size()));
        if (genome.pyramid()) {
            int coarsest = levels.size() - 1;
            String top = builder.add("pyramid" + coarsest, new Op.Conv(2, options.pyramidChannels(), 1, 1, 1, 1, true),
                    levels.get(coarsest));
            levels.set(coarsest, top);
            for (int level = coarsest - 1; level >= 0; level--) {
                levels.set(level, builder.add("pyramid" + level, new Op.MultiScaleFusion(options.pyramidChannels()),
                        levels.get(level), levels.get(level + 1)));
            }
        }
        String output = head instanceof DetectorHead detector
                ? detector.attach(builder, levels, genome.anchorScales(), genome.aspectRatios())
                : head.attach(builder, levels.get(levels.size() - 1));
        return builder.build(output, head.loss());
    }

    private static String layer(ConvBlocks blocks, String prefix, String input, Stage stage, int stride) {
        Matcher matcher = KERNEL_OP.matcher(stage.op());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("unknown stage op " + stage.op());
        }
        int kernel = Integer.parseInt(matcher.group(2));
        return matcher.group(1).equals("conv")
                ? blocks.convBnRelu(prefix, input, stage.channels(), kernel, stride)
                : blocks.separable(prefix, input, stage.channels(), kernel, stride);
    }

    private static <T> int index(String decision, List<T> options, T value) {
        int index = options.indexOf(value);
        if (index < 0) {
            throw new IllegalArgumentException(decision + " " + value + " is not in this space; allowed: " + options);
        }
        return index;
    }

    private static String field(String part, String name, String text) {
        if (!part.startsWith(name + " ")) {
            throw new IllegalArgumentException("expected '" + name + " ...' but got '" + part + "', in: " + text);
        }
        return part.substring(name.length() + 1).trim();
    }

    private static List<Double> doubles(String text) {
        try {
            return java.util.Arrays.stream(text.split(",")).map(String::trim).map(Double::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a list of numbers", e);
        }
    }

    private static List<String> text(List<Integer> values) {
        return values.stream().map(String::valueOf).toList();
    }

    /** Numbers without a needless ".0": {@code 2,3} or {@code 0.5,1,2}. */
    static String numbers(List<Double> values) {
        return values.stream()
                .map(value -> value == Math.rint(value) ? String.valueOf(value.longValue()) : String.format(Locale.ROOT, "%s", value))
                .collect(Collectors.joining(","));
    }
}
