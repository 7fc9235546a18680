package io.nas4j.core.space;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.TaskHead;

import java.util.ArrayList;
import java.util.List;

/**
 * The NAS-Bench-Macro space: each of 8 layers chooses a block, 0 = identity, 1 = MobileNetV2 inverted
 * residual with kernel 3 and expansion 3, 2 = kernel 5 and expansion 6; 3^8 = 6,561 networks. Text form
 * and canonical key: one digit per layer, for example {@code 22212220}.
 */
public final class MacroSpace extends CategoricalSpace<MacroGenome> {

    public static final List<String> BLOCKS = MacroBlocks.CHOICES;
    public static final int LAYERS = 8;

    public MacroSpace() {
        super(layerDecisions());
    }

    private static List<Decision> layerDecisions() {
        List<Decision> decisions = new ArrayList<>(LAYERS);
        for (int layer = 0; layer < LAYERS; layer++) {
            decisions.add(new Decision("layer" + layer, BLOCKS));
        }
        return decisions;
    }

    @Override
    public String name() {
        return "macro";
    }

    @Override
    public Class<MacroGenome> genomeType() {
        return MacroGenome.class;
    }

    @Override
    public int[] choices(MacroGenome genome) {
        int[] choices = genome.choices().stream().mapToInt(Integer::intValue).toArray();
        checkChoices(choices);
        return choices;
    }

    @Override
    public MacroGenome fromChoices(int[] choices) {
        checkChoices(choices);
        List<Integer> values = new ArrayList<>(choices.length);
        for (int choice : choices) {
            values.add(choice);
        }
        return new MacroGenome(values);
    }

    @Override
    public String format(MacroGenome genome) {
        choices(genome);
        return genome.key();
    }

    @Override
    public MacroGenome parse(String text) {
        String key = text.trim();
        if (key.length() != LAYERS || !key.chars().allMatch(c -> c >= '0' && c < '0' + BLOCKS.size())) {
            throw new IllegalArgumentException("a macro key has " + LAYERS + " digits 0-" + (BLOCKS.size() - 1)
                    + ", got: " + text);
        }
        return fromChoices(key.chars().map(c -> c - '0').toArray());
    }

    @Override
    public String key(MacroGenome genome) {
        return format(genome);
    }

    @Override
    public NetworkSpec decode(MacroGenome genome, TaskHead head) {
        return MacroBlocks.decode(genome, head);
    }
}
