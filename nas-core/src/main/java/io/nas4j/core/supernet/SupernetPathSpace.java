package io.nas4j.core.supernet;

import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.TaskHead;
import io.nas4j.core.space.CategoricalSpace;
import io.nas4j.core.space.Decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The subnets of one supernet as a search space, so that any ask/tell strategy can search them (single-path
 * one-shot scores each proposal with inherited weights). One decision per choice point; text form
 * {@code point=option} pairs separated by spaces ({@link SupernetSpec#describe}). Decoding ignores the head
 * argument: the supernet carries its own.
 */
public final class SupernetPathSpace extends CategoricalSpace<PathGenome> {

    private final SupernetSpec supernet;

    public SupernetPathSpace(SupernetSpec supernet) {
        super(decisions(supernet));
        this.supernet = supernet;
    }

    private static List<Decision> decisions(SupernetSpec supernet) {
        Objects.requireNonNull(supernet, "supernet");
        return supernet.points().stream().map(point -> new Decision(point.name(), point.options())).toList();
    }

    public SupernetSpec supernet() {
        return supernet;
    }

    @Override
    public String name() {
        return "supernet-paths";
    }

    @Override
    public Class<PathGenome> genomeType() {
        return PathGenome.class;
    }

    @Override
    public int[] choices(PathGenome genome) {
        int[] path = genome.path();
        supernet.requirePath(path);
        return path;
    }

    @Override
    public PathGenome fromChoices(int[] choices) {
        supernet.requirePath(choices);
        return PathGenome.of(choices);
    }

    @Override
    public String key(PathGenome genome) {
        return format(genome);
    }

    @Override
    public String format(PathGenome genome) {
        return supernet.describe(choices(genome));
    }

    @Override
    public PathGenome parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != supernet.points().size()) {
            throw new IllegalArgumentException("a path names " + supernet.points().size() + " choice points, got: " + text);
        }
        List<Integer> choices = new ArrayList<>();
        for (int point = 0; point < parts.length; point++) {
            ChoicePoint expected = supernet.points().get(point);
            String[] pair = parts[point].split("=", 2);
            if (pair.length != 2 || !pair[0].equals(expected.name()) || !expected.options().contains(pair[1])) {
                throw new IllegalArgumentException("'" + parts[point] + "' must read " + expected.name() + "=OPTION with"
                        + " OPTION one of " + expected.options());
            }
            choices.add(expected.options().indexOf(pair[1]));
        }
        return new PathGenome(choices);
    }

    @Override
    public NetworkSpec decode(PathGenome genome, TaskHead head) {
        return supernet.discrete(choices(genome));
    }
}
