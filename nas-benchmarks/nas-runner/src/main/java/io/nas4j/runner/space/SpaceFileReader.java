package io.nas4j.runner.space;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.nas4j.core.UserInputException;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.space.ChainSpace;
import io.nas4j.core.space.Nb201Skeleton;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.core.space.VolumetricSpace;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the text of a space file into the space it defines, strictly (see {@link SpaceFile} for the format):
 * YAML that the strict loader accepts (no duplicate keys, no aliases, bounded size and nesting), then every
 * field checked by {@link Fields} with the limits below, then the core's own checks of the space's options.
 */
final class SpaceFileReader {

    static final String CHAIN = "chain";
    static final String CELL = "cell";
    static final String VOLUMETRIC = "volumetric";
    static final List<String> KINDS = List.of(CHAIN, CELL, VOLUMETRIC);

    /** The most channels a layer, stem or input may have. */
    static final int MAX_CHANNELS = 4096;
    /** The largest stride: beyond it a layer would skip most of its input. */
    static final int MAX_STRIDE = 8;
    /** The deepest chain and the most volumetric layers. */
    static final int MAX_DEPTH = 100;
    /** The most cells per stage of the cell skeleton. */
    static final int MAX_CELLS_PER_STAGE = 32;
    /** The largest input extent a file may name. */
    static final int MAX_INPUT_SIZE = 65_536;

    /** The longest file, in characters (and in bytes on disk). */
    static final int MAX_LENGTH = 1_000_000;
    private static final int MAX_NESTING = 20;
    private static final int MAX_MESSAGE = 240;

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder().loaderOptions(loaderOptions())
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
                            .maxStringLength(MAX_LENGTH).maxDocumentLength(MAX_LENGTH).build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** What a file defines: the kind of space, the space, and the inputs it is meant for. */
    record Definition(String kind, SearchSpace<?> space, InputConstraints input) {
    }

    private SpaceFileReader() {
    }

    /**
     * The definition in {@code text}.
     *
     * @throws UserInputException one sentence, beginning {@code space file FILE}, naming what is wrong
     */
    static Definition read(String file, String text) {
        Function<String, UserInputException> problem = sentence -> SpaceFile.problem(file, ": " + sentence);
        if (text.length() > MAX_LENGTH) {
            throw SpaceFile.problem(file, " is larger than " + MAX_LENGTH + " characters");
        }
        JsonNode root = tree(file, text);
        Fields top = Fields.top(root, problem, "a mapping of fields that begins with space: "
                + String.join(", ", KINDS));
        String kind = top.choice("space", KINDS);
        return switch (kind) {
            case CHAIN -> chain(top.allowOnly(List.of("space", "layers", "input")), problem);
            case CELL -> cell(top.allowOnly(List.of("space", "edges", "skeleton", "input")), problem);
            default -> volumetric(top.allowOnly(List.of("space", "stem", "layers", "final", "input")), problem);
        };
    }

    private static Definition chain(Fields top, Function<String, UserInputException> problem) {
        Fields layers = top.section("layers", "ops", "connections", "depth", "channels", "strides");
        List<String> ops = layers.names("ops", "op", ChainSpace::isOp, ChainSpace.OP_FORMS);
        List<String> connections = layers.names("connections", "connection pattern", ChainSpace.CONNECTIONS::contains,
                String.join(", ", ChainSpace.CONNECTIONS));
        Fields depth = layers.section("depth", "min", "max");
        int min = depth.integer("min", 1, MAX_DEPTH);
        int max = depth.integer("max", min, MAX_DEPTH);
        List<Integer> channels = layers.positiveIntegers("channels", MAX_CHANNELS);
        List<Integer> strides = layers.positiveIntegers("strides", MAX_STRIDE);
        InputConstraints input = input(top);
        SearchSpace<?> space = built(problem, () -> new ChainSpace(new ChainSpace.Options(ops, connections, min, max,
                channels, strides)));
        return new Definition(CHAIN, space, input);
    }

    private static Definition cell(Fields top, Function<String, UserInputException> problem) {
        List<String> ops = top.section("edges", "ops").names("ops", "edge op", Nb201Skeleton::isEdgeOp,
                Nb201Skeleton.EDGE_OP_FORMS);
        Fields skeleton = top.section("skeleton", "stemChannels", "cellsPerStage");
        int stemChannels = skeleton.integer("stemChannels", 1, MAX_CHANNELS);
        int cellsPerStage = skeleton.integer("cellsPerStage", 1, MAX_CELLS_PER_STAGE);
        InputConstraints input = input(top);
        if (!input.allowsSpatialDims(2)) {
            throw problem.apply("input.kind is " + input.kind() + ", but a cell space builds 2D networks on images");
        }
        SearchSpace<?> space = built(problem, () -> new CellSpace(ops, stemChannels, cellsPerStage));
        return new Definition(CELL, space, input);
    }

    private static Definition volumetric(Fields top, Function<String, UserInputException> problem) {
        Fields stem = top.section("stem", "channels", "pool");
        int stemChannels = stem.integer("channels", 1, MAX_CHANNELS);
        boolean stemPool = stem.bool("pool");
        Fields layers = top.section("layers", "count", "ops", "channels", "strides");
        int count = layers.integer("count", 1, MAX_DEPTH);
        List<String> ops = layers.names("ops", "op", VolumetricSpace::isOp, VolumetricSpace.OP_FORMS);
        List<Integer> channels = layers.positiveIntegers("channels", MAX_CHANNELS);
        List<Integer> strides = layers.positiveIntegers("strides", MAX_STRIDE);
        int finalChannels = top.section("final", "channels").integer("channels", 0, MAX_CHANNELS);
        InputConstraints input = input(top);
        if (!input.allowsSpatialDims(3)) {
            throw problem.apply("input.kind is " + input.kind() + ", but a volumetric space builds 3D networks on volumes");
        }
        SearchSpace<?> space = built(problem, () -> new VolumetricSpace(new VolumetricSpace.Options(ops, count, channels,
                strides, stemChannels, stemPool, finalChannels)));
        return new Definition(VOLUMETRIC, space, input);
    }

    private static InputConstraints input(Fields top) {
        Optional<Fields> input = top.optionalSection("input", "kind", "channels", "minSize", "maxSize");
        if (input.isEmpty()) {
            return InputConstraints.NONE;
        }
        Fields fields = input.get();
        String kind = fields.optionalChoice("kind", InputConstraints.KINDS).orElse(null);
        List<Integer> channels = fields.optionalPositiveIntegers("channels", MAX_CHANNELS).orElse(List.of());
        int minSize = fields.optionalInteger("minSize", 1, MAX_INPUT_SIZE).orElse(1);
        int maxSize = fields.optionalInteger("maxSize", minSize, MAX_INPUT_SIZE).orElse(Integer.MAX_VALUE);
        return new InputConstraints(kind, channels, minSize, maxSize);
    }

    /** The space {@code build} makes; the core's checks, should one still fail, become the file's sentence. */
    private static SearchSpace<?> built(Function<String, UserInputException> problem,
                                        Supplier<SearchSpace<?>> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw problem.apply(e.getMessage()).causedBy(e);
        }
    }

    /** The YAML document of {@code text}, refusing aliases (which the streaming parser would read as text). */
    private static JsonNode tree(String file, String text) {
        boolean holdsDocument;
        try {
            holdsDocument = new Yaml(loaderOptions()).compose(new StringReader(text)) != null;
            for (Event event : new Yaml(loaderOptions()).parse(new StringReader(text))) {
                if (event instanceof AliasEvent alias) {
                    throw SpaceFile.problem(file, " uses a YAML alias (*" + alias.getAnchor() + " at line "
                            + (alias.getStartMark().getLine() + 1) + "); aliases are not supported in space files");
                }
            }
        } catch (YAMLException e) {
            throw SpaceFile.problem(file, " is not valid YAML: " + oneLine(e.getMessage())).causedBy(e);
        }
        if (!holdsDocument) {
            throw SpaceFile.problem(file, " is empty");
        }
        try {
            return YAML.readTree(text);
        } catch (JacksonException e) {
            String line = e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                    : " (line " + e.getLocation().getLineNr() + ")";
            throw SpaceFile.problem(file, " is not valid YAML: " + oneLine(e.getOriginalMessage()) + line).causedBy(e);
        }
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.replaceAll("\\s*\\R\\s*", "; ").trim();
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(MAX_LENGTH);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        return options;
    }
}
