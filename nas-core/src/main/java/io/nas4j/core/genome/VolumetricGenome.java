package io.nas4j.core.genome;

import java.util.List;
import java.util.Objects;

/**
 * A genome of {@link io.nas4j.core.space.VolumetricSpace}: one block per layer after the stem, each an
 * operation, its output channels and its stride.
 *
 * @param blocks the layers in order, at least one
 */
public record VolumetricGenome(List<Block> blocks) implements Genome {

    public VolumetricGenome {
        Objects.requireNonNull(blocks, "blocks");
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a volumetric genome needs at least one block");
        }
    }

    public static VolumetricGenome of(Block... blocks) {
        return new VolumetricGenome(List.of(blocks));
    }

    /**
     * One layer's decisions.
     *
     * @param op       the operation's name, for example {@code conv_3x3x3} or {@code attention_skip}
     * @param channels the output channels, positive
     * @param stride   the stride, positive
     */
    public record Block(String op, int channels, int stride) {
        public Block {
            Objects.requireNonNull(op, "op");
            if (channels < 1) {
                throw new IllegalArgumentException("channels must be positive, got " + channels);
            }
            if (stride < 1) {
                throw new IllegalArgumentException("stride must be positive, got " + stride);
            }
        }
    }
}
