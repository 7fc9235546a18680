package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.space.SearchSpace;

import java.util.Objects;

/**
 * The space's own one-hot encoding of every decision ({@link SearchSpace#encode}): works for every space,
 * and the squared Euclidean distance between two encodings is twice the number of decisions they differ in.
 */
public final class OneHotEncoding<G extends Genome> implements Encoding<G> {

    private final SearchSpace<G> space;

    public OneHotEncoding(SearchSpace<G> space) {
        this.space = Objects.requireNonNull(space, "space");
    }

    @Override
    public int length() {
        return space.encodingLength();
    }

    @Override
    public double[] encode(G genome) {
        return space.encode(genome);
    }
}
