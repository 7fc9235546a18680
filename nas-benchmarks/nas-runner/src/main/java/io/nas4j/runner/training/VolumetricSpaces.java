package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import io.nas4j.core.network.Shape;
import io.nas4j.core.space.ChainSpace;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.core.space.VolumetricSpace;

import java.util.List;

/**
 * The spaces a search on volumes can use: the volumetric space (3D convolutions, pooling, attention-gated
 * skips and multi-scale fusion) and the chain space built in 3D. The NAS-Bench-201 and NAS-Bench-Macro
 * skeletons are 2D only; the volumetric space needs volumes.
 */
public final class VolumetricSpaces {

    /** The spaces for volumes. */
    public static final List<String> NAMES = List.of("volumetric", "chain");

    private VolumetricSpaces() {
    }

    /**
     * Checks, before any data is read, that space {@code name} can build networks for the task's inputs:
     * volumes when {@code volumes}, else images.
     *
     * @throws UserInputException naming the space and what it needs
     */
    public static void requireFits(String name, boolean volumes) {
        if (volumes && !NAMES.contains(name)) {
            throw UserInputException.of("space", "{space} {} builds 2D networks only; for volumes the allowed spaces are {}",
                    name, String.join(", ", NAMES));
        }
        if (!volumes && name.equals("volumetric")) {
            throw UserInputException.of("space", "{space} volumetric builds 3D networks and needs volumes ({task} volumetric)");
        }
    }

    static SearchSpace<?> create(String name, Shape input) {
        if (input.spatialDims() != 3) {
            throw UserInputException.of("space", "{space} {} builds 3D networks and needs volumes ({task} volumetric); this"
                    + " data set has inputs of shape {}", name, input);
        }
        return switch (name) {
            case "volumetric" -> new VolumetricSpace();
            case "chain" -> ChainSpace.forInput(input);
            default -> throw UserInputException.of("space", "{space} {} builds 2D networks only; for volumes the allowed"
                    + " spaces are {}", name, String.join(", ", NAMES));
        };
    }
}
