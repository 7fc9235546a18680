package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.space.SearchSpace;

import java.util.List;

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
    List<String> NAMES = List.of("one-hot", "path", "one-hot+path");

    /** The number of entries of every encoding. */
    int length();

    /** The genome's encoding; the caller may modify the returned array. */
    double[] encode(G genome);

    /**
     * The encoding called {@code name} for {@code space}: {@code one-hot} is the space's own
     * {@link SearchSpace#encode} and suits every space; {@code path} is the NAS-Bench-201 path encoding
     * ({@link PathEncoding}) and {@code one-hot+path} both side by side, and these two need a cell space.
     *
     * @throws IllegalArgumentException naming the setting {@code encoding} and the allowed values
     */
    @SuppressWarnings("unchecked") // the genome type is checked against CellGenome before each cast
    static <G extends Genome> Encoding<G> named(String name, SearchSpace<G> space) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("strategy setting encoding must be one of " + String.join(", ", NAMES)
                    + ", got " + name);
        }
        if (name.equals("one-hot")) {
            return new OneHotEncoding<>(space);
        }
        if (space.genomeType() != CellGenome.class) {
            throw new IllegalArgumentException("strategy setting encoding=" + name + " needs a cell space, but space "
                    + space.name() + " is not one; allowed here: one-hot");
        }
        Encoding<CellGenome> path = new PathEncoding();
        if (name.equals("path")) {
            return (Encoding<G>) path;
        }
        Encoding<CellGenome> oneHot = new OneHotEncoding<>((SearchSpace<CellGenome>) space);
        return (Encoding<G>) new ConcatenatedEncoding<>(List.of(oneHot, path));
    }
}
