package io.nas4j.core.space;

import java.util.List;
import java.util.Objects;

/**
 * One categorical decision of a space's genome, with its options in order.
 *
 * @param name    for example {@code layer3.op} or {@code edge2}
 * @param options the option labels; choice index {@code i} means {@code options.get(i)}
 */
public record Decision(String name, List<String> options) {
    public Decision {
        Objects.requireNonNull(name, "name");
        options = List.copyOf(options);
        if (options.isEmpty()) {
            throw new IllegalArgumentException("decision " + name + " has no options");
        }
    }

    public int arity() {
        return options.size();
    }
}
