package io.nas4j.runner.space;

import io.nas4j.core.UserInputException;
import io.nas4j.core.network.Shape;
import io.nas4j.core.space.SearchSpace;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A search space defined in a YAML file rather than in Java: what {@code nas search --space-file FILE} and
 * {@code TrainingSearchSpec.builder().spaceFile(path)} search, and what a host can turn into a
 * {@link SearchSpace} for any search ({@link #space()}). A file defines a chain, cell or volumetric space:
 *
 * <pre>{@code
 * space: chain                    # chain (io.nas4j.core.space.ChainSpace), cell (CellSpace) or volumetric
 * layers:                         # each layer of the chain picks one of every list
 *   ops: [conv_3x3, depthwise_conv_5x5, mbconv6_3x3, max_pool_3x3, identity, zero]
 *   connections: [series, skip, dense, parallel]
 *   depth: {min: 1, max: 10}      # layers
 *   channels: [16, 32, 64]
 *   strides: [1, 2]
 * input:                          # optional: the inputs the space is meant for, each part optional
 *   kind: image                   # image [C, H, W] or volume [C, D, H, W]
 *   channels: [1, 3]
 *   minSize: 8                    # every spatial extent from minSize to maxSize
 *   maxSize: 64
 * }</pre>
 *
 * A cell space has {@code edges.ops} (the ops each of the cell's six edges picks from) and {@code skeleton}
 * ({@code stemChannels}, {@code cellsPerStage}); a volumetric space has {@code stem} ({@code channels},
 * {@code pool}), {@code layers} ({@code count}, {@code ops}, {@code channels}, {@code strides}) and
 * {@code final.channels} (the 1x1x1 convolution before the head, 0 for none). Every field but {@code input} is
 * required. Ops are those the space's decoder builds from the network IR's nodes, the kernel in the name
 * ({@code conv_5x5}; {@link io.nas4j.core.space.ChainSpace#OP_FORMS}, {@link io.nas4j.core.space.Nb201Skeleton#EDGE_OP_FORMS},
 * {@link io.nas4j.core.space.VolumetricSpace#OP_FORMS}).
 *
 * <p>The file is read strictly: an unknown field, a value of the wrong type, an empty list, a repeated value,
 * an op the space cannot build or a value out of range (channels up to {@value SpaceFileReader#MAX_CHANNELS},
 * strides up to {@value SpaceFileReader#MAX_STRIDE}, depth and layer count up to {@value SpaceFileReader#MAX_DEPTH},
 * cells per stage up to {@value SpaceFileReader#MAX_CELLS_PER_STAGE}) is refused with one sentence naming the
 * field, for example {@code space file my.yaml: layers.channels must be a list of positive integers, got [0, 16]}:
 * a {@link UserInputException} whose field is {@code spaceFile}.
 *
 * @param file the file's name as the user gave it, named in every message
 * @param text the file's content: the space travels as this text (to worker processes, in a spec's JSON,
 *             in {@code result.json}), so that every process builds the same space without reading the file
 */
public record SpaceFile(String file, String text) {

    /** The kinds of space a file defines, as {@code space} names them. */
    public static final List<String> KINDS = SpaceFileReader.KINDS;

    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    /**
     * @throws UserInputException when the text defines no space, naming the field at fault
     */
    public SpaceFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        SpaceFileReader.read(file, text);
    }

    /**
     * The space file at {@code path}, named in messages as {@code path} reads.
     *
     * @throws UserInputException when the file is missing, unreadable, not UTF-8 YAML, or defines no space
     */
    public static SpaceFile read(Path path) {
        Objects.requireNonNull(path, "path");
        String file = path.toString();
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (EXTENSIONS.stream().noneMatch(name::endsWith)) {
            throw problem(file, " has an unknown format; allowed extensions: " + String.join(", ", EXTENSIONS));
        }
        if (Files.isDirectory(path)) {
            throw problem(file, " is a folder, not a file");
        }
        if (!Files.exists(path)) {
            throw problem(file, " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw problem(file, " is not a regular file");
        }
        String text;
        try {
            if (Files.size(path) > SpaceFileReader.MAX_LENGTH) {
                throw problem(file, " is larger than " + SpaceFileReader.MAX_LENGTH + " bytes");
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw problem(file, " is not UTF-8 text").causedBy(e);
        } catch (IOException e) {
            throw problem(file, " cannot be read: " + e.getMessage()).causedBy(e);
        }
        // editors on Windows start UTF-8 files with a byte order mark, which YAML parsers do not expect
        return new SpaceFile(file, text.startsWith(BYTE_ORDER_MARK) ? text.substring(BYTE_ORDER_MARK.length()) : text);
    }

    /** {@code chain}, {@code cell} or {@code volumetric}. */
    public String kind() {
        return definition().kind();
    }

    /** The space the file defines; a new instance on every call, equal in every respect. */
    public SearchSpace<?> space() {
        return definition().space();
    }

    /**
     * Checks, before any data is read, that the space can build networks for a task's inputs: volumes when
     * {@code volumes}, else images.
     *
     * @throws UserInputException naming the file and what the space or its {@code input} section needs
     */
    public void requireTask(boolean volumes) {
        SpaceFileReader.Definition definition = definition();
        String kind = definition.kind();
        if (volumes && kind.equals(SpaceFileReader.CELL)) {
            throw problem(file, ": a cell space builds 2D networks on images, and a volumetric task's inputs are"
                    + " volumes; a chain or volumetric space builds 3D networks");
        }
        if (!volumes && kind.equals(SpaceFileReader.VOLUMETRIC)) {
            throw problem(file, ": a volumetric space builds 3D networks and needs volumes (task volumetric)");
        }
        if (!definition.input().allowsSpatialDims(volumes ? 3 : 2)) {
            throw problem(file, ": input.kind is " + definition.input().kind() + ", but the task's inputs are "
                    + (volumes ? "volumes" : "images"));
        }
    }

    /**
     * The space, checked against inputs of shape {@code input} from data set {@code dataset}: the kind of
     * input its networks are built on and the file's {@code input} constraints.
     *
     * @throws UserInputException naming the file, the constraint and the data set's input shape
     */
    public SearchSpace<?> spaceFor(Shape input, String dataset) {
        Objects.requireNonNull(input, "input");
        SpaceFileReader.Definition definition = definition();
        int needed = switch (definition.kind()) {
            case SpaceFileReader.CELL -> 2;
            case SpaceFileReader.VOLUMETRIC -> 3;
            default -> input.spatialDims() == 3 ? 3 : 2;
        };
        if (input.spatialDims() != needed) {
            throw problem(file, ": a " + definition.kind() + " space builds " + (needed == 2 ? "2D networks on images"
                    : "3D networks on volumes") + ", but data set " + dataset + " has inputs of shape " + input);
        }
        definition.input().problem(input, dataset).ifPresent(sentence -> {
            throw problem(file, ": " + sentence);
        });
        return definition.space();
    }

    private SpaceFileReader.Definition definition() {
        return SpaceFileReader.read(file, text);
    }

    /** A sentence about the space file: {@code space file FILE} then {@code rest}. */
    static UserInputException problem(String file, String rest) {
        return UserInputException.of("spaceFile", "space file {}{}", file, rest);
    }
}
