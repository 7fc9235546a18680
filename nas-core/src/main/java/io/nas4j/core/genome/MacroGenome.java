package io.nas4j.core.genome;

import java.util.List;
import java.util.Objects;

/**
 * A genome of {@link io.nas4j.core.space.MacroSpace}: the block choice of every layer, as in NAS-Bench-Macro
 * (0 = identity, 1 = MobileNetV2 block k3 e3, 2 = k5 e6).
 *
 * @param choices one choice index per layer
 */
public record MacroGenome(List<Integer> choices) implements Genome {

    public MacroGenome {
        Objects.requireNonNull(choices, "choices");
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("a macro genome needs at least one layer");
        }
        choices = List.copyOf(choices);
    }

    /** The NAS-Bench-Macro key, one digit per layer, for example {@code 22212220}. */
    public String key() {
        StringBuilder text = new StringBuilder(choices.size());
        for (int choice : choices) {
            text.append(choice);
        }
        return text.toString();
    }
}
