package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.space.SearchSpace;

/**
 * A fixed-length numeric view of genomes for surrogate models (Gaussian processes, neural predictors).
 *
 * <p>Contract: {@link #encode} is a pure function of the genome, returns a new array of {@link #length()}
 * entries on every call, and is thread-safe.
 *
 * @param <G> the genome type encoded
 */
public interface Encoding<G extends Genome> {

    /** The names {@link #named} accepts. */
    String NAMES = "auto, one-hot, path";

    /** The number of entries of every encoding. */
    int length();

    /** The genome's encoding; the caller may modify the returned array. */
    double[] encode(G genome);

    /**
     * The encoding called {@code name} for {@code space}: {@code one-hot} is the space's own
     * {@link SearchSpace#encode}; {@code path} is the NAS-Bench-201 path encoding and needs a cell space;
     * {@code auto} takes the path encoding where the space's genomes are cells, one-hot otherwise.
     *
     * @throws IllegalArgumentException naming the setting {@code encoding} and the allowed values
     */
    @SuppressWarnings("unchecked") // the genome type is checked against CellGenome before the cast
    static <G extends Genome> Encoding<G> named(String name, SearchSpace<G> space) {
        boolean cells = space.genomeType() == CellGenome.class;
        return switch (name) {
            case "auto" -> cells ? (Encoding<G>) new PathEncoding() : new OneHotEncoding<>(space);
            case "one-hot" -> new OneHotEncoding<>(space);
            case "path" -> {
                if (!cells) {
                    throw new IllegalArgumentException("strategy setting encoding=path needs a cell space, but space "
                            + space.name() + " is not one; allowed here: auto, one-hot");
                }
                yield (Encoding<G>) new PathEncoding();
            }
            default -> throw new IllegalArgumentException("strategy setting encoding must be one of " + NAMES
                    + ", got " + name);
        };
    }
}
