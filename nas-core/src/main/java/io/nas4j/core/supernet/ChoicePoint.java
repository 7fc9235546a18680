package io.nas4j.core.supernet;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A decision of a supernet: which of its named options every choice node of the point applies. One
 * choice point may serve several choice nodes (the same cell stacked several times shares its edges'
 * decisions, as in DARTS), each with candidates of its own width; a point holds one architecture weight
 * per option.
 *
 * @param name    a readable name, for example {@code edge0->1}
 * @param options at least two distinct option names, for example {@code nor_conv_3x3}
 */
public record ChoicePoint(String name, List<String> options) {

    public ChoicePoint {
        Objects.requireNonNull(name, "name");
        options = List.copyOf(options);
        if (options.size() < 2) {
            throw new IllegalArgumentException("choice point " + name + " needs at least two options, got "
                    + options.size());
        }
        Set<String> names = new HashSet<>();
        for (String option : options) {
            if (!names.add(option)) {
                throw new IllegalArgumentException("choice point " + name + " names option " + option + " twice");
            }
        }
    }

    public int size() {
        return options.size();
    }
}
