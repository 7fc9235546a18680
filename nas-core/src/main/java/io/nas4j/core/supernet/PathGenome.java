package io.nas4j.core.supernet;

import io.nas4j.core.genome.Genome;

import java.util.List;
import java.util.Objects;

/**
 * A subnet of a supernet as a genome: the option chosen at each choice point ({@link SupernetSpec#requirePath}).
 *
 * @param choices one option index per choice point
 */
public record PathGenome(List<Integer> choices) implements Genome {

    public PathGenome {
        choices = List.copyOf(Objects.requireNonNull(choices, "choices"));
    }

    public static PathGenome of(int[] path) {
        return new PathGenome(java.util.Arrays.stream(path).boxed().toList());
    }

    public int[] path() {
        return choices.stream().mapToInt(Integer::intValue).toArray();
    }
}
