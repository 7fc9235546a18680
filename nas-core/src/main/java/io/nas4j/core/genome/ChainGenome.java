package io.nas4j.core.genome;

import java.util.List;
import java.util.Objects;

/**
 * A genome of the layer-wise {@link io.nas4j.core.space.ChainSpace}: one {@link Layer} per layer, in order.
 *
 * @param layers at least one layer
 */
public record ChainGenome(List<Layer> layers) implements Genome {

    public ChainGenome {
        Objects.requireNonNull(layers, "layers");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a chain genome needs at least one layer");
        }
        layers = List.copyOf(layers);
    }

    public static ChainGenome of(Layer... layers) {
        return new ChainGenome(List.of(layers));
    }

    public int depth() {
        return layers.size();
    }

    /**
     * One layer of a chain: the operation, how it connects to earlier layers, its output channels and its stride.
     *
     * @param op         an operation name of the space, for example {@code conv_3x3}
     * @param connection one of the space's connection patterns: {@code series}, {@code skip}, {@code dense}, {@code parallel}
     * @param channels   output channels (ignored by shape-preserving ops only where the space says so)
     * @param stride     1 or 2
     */
    public record Layer(String op, String connection, int channels, int stride) {
        public Layer {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(connection, "connection");
            if (channels < 1) {
                throw new IllegalArgumentException("channels must be positive, got " + channels);
            }
            if (stride < 1) {
                throw new IllegalArgumentException("stride must be positive, got " + stride);
            }
        }
    }
}
