package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.Genome;

import java.util.List;

/**
 * Several encodings side by side, for example one-hot (each decision's own effect) with the path encoding
 * (interactions along paths).
 */
public final class ConcatenatedEncoding<G extends Genome> implements Encoding<G> {

    private final List<Encoding<G>> parts;
    private final int length;

    public ConcatenatedEncoding(List<Encoding<G>> parts) {
        this.parts = List.copyOf(parts);
        if (this.parts.isEmpty()) {
            throw new IllegalArgumentException("a concatenated encoding needs at least one part");
        }
        this.length = this.parts.stream().mapToInt(Encoding::length).sum();
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public double[] encode(G genome) {
        double[] encoding = new double[length];
        int offset = 0;
        for (Encoding<G> part : parts) {
            double[] values = part.encode(genome);
            System.arraycopy(values, 0, encoding, offset, values.length);
            offset += values.length;
        }
        return encoding;
    }
}
