package io.nas4j.core.space;

import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.genome.ChainGenome.Layer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The categorical view of a {@link ChainSpace}: its {@code 1 + 4 * maxLayers} decisions ({@code depth}, then
 * per layer slot its op, connection, channels and stride), a genome's choice indices, the genome of a choice
 * vector, and which decisions a choice vector uses. Immutable.
 */
final class ChainDecisions {

    private final ChainSpace.Options options;
    private final Map<String, Integer> opIndex;
    private final Map<String, Integer> connectionIndex;
    private final Map<Integer, Integer> channelsIndex;
    private final Map<Integer, Integer> strideIndex;
    private final List<Decision> decisions;

    ChainDecisions(ChainSpace.Options options) {
        this.options = options;
        this.opIndex = positions(options.ops());
        this.connectionIndex = positions(options.connections());
        this.channelsIndex = positions(options.channels());
        this.strideIndex = positions(options.strides());
        List<Decision> all = new ArrayList<>();
        List<String> depths = new ArrayList<>();
        for (int depth = options.minLayers(); depth <= options.maxLayers(); depth++) {
            depths.add(Integer.toString(depth));
        }
        all.add(new Decision("depth", depths));
        for (int slot = 0; slot < options.maxLayers(); slot++) {
            all.add(new Decision("layer" + slot + ".op", options.ops()));
            all.add(new Decision("layer" + slot + ".connection", options.connections()));
            all.add(new Decision("layer" + slot + ".channels", asText(options.channels())));
            all.add(new Decision("layer" + slot + ".stride", asText(options.strides())));
        }
        this.decisions = List.copyOf(all);
    }

    List<Decision> decisions() {
        return decisions;
    }

    /** Each op's index among the options; likewise for the other genes below. */
    Map<String, Integer> opIndex() {
        return opIndex;
    }

    Map<String, Integer> connectionIndex() {
        return connectionIndex;
    }

    Map<Integer, Integer> channelsIndex() {
        return channelsIndex;
    }

    Map<Integer, Integer> strideIndex() {
        return strideIndex;
    }

    /** The choice indices of a genome of the space; unused slots are 0. */
    int[] choices(ChainGenome genome) {
        int[] choices = new int[decisions.size()];
        choices[0] = genome.depth() - options.minLayers();
        for (int position = 0; position < genome.depth(); position++) {
            Layer layer = genome.layers().get(position);
            int base = 1 + 4 * position;
            choices[base] = opIndex.get(layer.op());
            choices[base + 1] = connectionIndex.get(layer.connection());
            choices[base + 2] = channelsIndex.get(layer.channels());
            choices[base + 3] = strideIndex.get(layer.stride());
        }
        return choices;
    }

    /** The genome with these choices; the slots beyond its depth are ignored. */
    ChainGenome fromChoices(int[] choices) {
        int depth = options.minLayers() + requireChoice(requireLength(choices), 0);
        Layer[] layers = new Layer[depth];
        for (int position = 0; position < depth; position++) {
            int base = 1 + 4 * position;
            layers[position] = new Layer(
                    options.ops().get(requireChoice(choices, base)),
                    options.connections().get(requireChoice(choices, base + 1)),
                    options.channels().get(requireChoice(choices, base + 2)),
                    options.strides().get(requireChoice(choices, base + 3)));
        }
        return ChainGenome.of(layers);
    }

    /**
     * The depth decision, and the four decisions of each of the first {@code depth} layers, except the
     * channels of a {@code zero} layer, which the decoder ignores.
     */
    boolean[] used(int[] choices) {
        boolean[] used = new boolean[requireLength(choices).length];
        used[0] = true;
        int depth = options.minLayers() + requireChoice(choices, 0);
        for (int position = 0; position < depth; position++) {
            int base = 1 + 4 * position;
            boolean zero = options.ops().get(requireChoice(choices, base)).equals("zero");
            used[base] = true;
            used[base + 1] = true;
            used[base + 2] = !zero;
            used[base + 3] = true;
        }
        return used;
    }

    private int[] requireLength(int[] choices) {
        Objects.requireNonNull(choices, "choices");
        if (choices.length != decisions.size()) {
            throw new IllegalArgumentException("expected " + decisions.size() + " choices, got " + choices.length);
        }
        return choices;
    }

    private int requireChoice(int[] choices, int decision) {
        int arity = decisions.get(decision).arity();
        int choice = choices[decision];
        if (choice < 0 || choice >= arity) {
            throw new IllegalArgumentException("choice for " + decisions.get(decision).name() + " must be in [0, "
                    + arity + "), got " + choice);
        }
        return choice;
    }

    private static <T> Map<T, Integer> positions(List<T> values) {
        Map<T, Integer> index = new HashMap<>();
        for (int position = 0; position < values.size(); position++) {
            index.put(values.get(position), position);
        }
        return Map.copyOf(index);
    }

    private static List<String> asText(List<Integer> values) {
        return values.stream().map(String::valueOf).toList();
    }
}
