package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import io.nas4j.core.network.Shape;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.space.ChainSpace;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.space.SearchSpace;

import java.util.List;

/**
 * The spaces a training search can use, sized for the task's input: the chain space with the options
 * for small images up to 16 pixels a side, the NAS-Bench-201 skeleton with one cell per stage on small
 * images (five on larger ones, as the benchmark), and the NAS-Bench-Macro layout; for volumes
 * {@link VolumetricSpaces} decides.
 */
public final class TrainingSpaces {

    public static final List<String> NAMES = List.of("chain", "nb201", "macro", "volumetric");

    private TrainingSpaces() {
    }

    public static SearchSpace<?> create(String name, Shape input) {
        if (input.spatialDims() == 3 || name.equals("volumetric")) {
            return VolumetricSpaces.create(name, input);
        }
        boolean small = input.spatialDims() == 2 && input.spatial(0) <= 16 && input.spatial(1) <= 16;
        return switch (name) {
            case "chain" -> ChainSpace.forInput(input);
            case "nb201" -> new CellSpace(16, small ? 1 : 5);
            case "macro" -> new MacroSpace();
            default -> throw UserInputException.of("space", "{space} {} is unknown for training; allowed: {}", name,
                    String.join(", ", NAMES));
        };
    }
}
