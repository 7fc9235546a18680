package io.nas4j.core.space;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.TaskHead;

import java.math.BigInteger;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A finite set of architectures and the operations strategies need on it.
 *
 * <p>Contract: the space is immutable and thread-safe. Genomes are numbered by a bijection
 * {@link #at}/{@link #indexOf} between {@code [0, size())} and the space, which makes sampling uniform
 * (a uniform index) and enumeration lazy and deterministic. All randomness comes from the
 * {@link RandomGenerator} the caller passes, so the same seed gives the same genomes.
 *
 * <p>A categorical view ({@link #decisions}, {@link #choices}, {@link #fromChoices}) exposes the genome as
 * a fixed-length vector of choice indices for strategies that learn a distribution over decisions
 * (REINFORCE, Bayesian optimisation). Variable-length spaces fill unused positions with 0.
 *
 * @param <G> the genome type of this space
 */
public interface SearchSpace<G extends Genome> {

    /** The space's registered name, for example {@code nb201}. */
    String name();

    Class<G> genomeType();

    /** The exact number of genomes in the space. */
    BigInteger size();

    /** The genome numbered {@code index}, {@code 0 <= index < size()}. */
    G at(BigInteger index);

    /** The number of {@code genome}; the inverse of {@link #at}. */
    BigInteger indexOf(G genome);

    /**
     * A genome drawn from the space's prior: uniform over genomes for fixed-length spaces. Spaces of
     * variable depth document their own prior (the chain space draws the depth uniformly first, since
     * uniform over genomes would almost always return the deepest networks).
     */
    default G sample(RandomGenerator random) {
        return at(uniformBelow(size(), random));
    }

    /** Every genome that differs from {@code genome} by exactly one edit, in a deterministic order. */
    List<G> neighbours(G genome);

    /** A neighbour drawn uniformly at random. */
    default G mutate(G genome, RandomGenerator random) {
        List<G> neighbours = neighbours(genome);
        return neighbours.get(random.nextInt(neighbours.size()));
    }

    /**
     * A child of two parents by single-point crossover over their decisions. Spaces where crossover has
     * no meaning return a copy of one parent chosen at random.
     */
    G crossover(G first, G second, RandomGenerator random);

    /** The length of {@link #encode}'s vectors. */
    int encodingLength();

    /** A fixed-length numeric encoding (one-hot of every decision) for model-based strategies. */
    double[] encode(G genome);

    /**
     * A canonical key: two genomes with the same key describe the same network (for example, cells
     * that differ only on edges that cannot reach the output).
     */
    String key(G genome);

    /** The stable text form of a genome; {@link #parse} reads it back. */
    String format(G genome);

    /**
     * The text form of a genome of any type, for executors that hold the space without its type: checked
     * to be a genome of this space.
     *
     * @throws IllegalArgumentException naming both types when {@code genome} is not of {@link #genomeType()}
     */
    default String formatAny(Genome genome) {
        if (!genomeType().isInstance(genome)) {
            throw new IllegalArgumentException("the space " + name() + " holds " + genomeType().getSimpleName()
                    + " genomes, got a " + genome.getClass().getSimpleName());
        }
        return format(genomeType().cast(genome));
    }

    /** Reads {@link #format}'s text form; throws {@link IllegalArgumentException} with the reason. */
    G parse(String text);

    /** The categorical decisions, in the order of {@link #choices}. */
    List<Decision> decisions();

    /** The genome as one choice index per decision. */
    int[] choices(G genome);

    /** The genome with these choice indices. */
    G fromChoices(int[] choices);

    /**
     * Which decisions the genome with these choices uses, one flag per decision: all of them in a
     * fixed-length space. A variable-length space leaves out the positions beyond the genome's depth (which
     * {@link #choices} fills with 0) and genes its decoder ignores, so that a strategy learning a distribution
     * over decisions is taught only by the decisions that shaped the network.
     *
     * <p>Whether a decision is used depends only on the decisions before it, so an autoregressive controller
     * may ask with the choices made so far (the rest 0) and skip what is unused as it goes.
     */
    default boolean[] usedDecisions(int[] choices) {
        boolean[] used = new boolean[decisions().size()];
        java.util.Arrays.fill(used, true);
        return used;
    }

    /** The network this genome describes, finished by the task's head. */
    NetworkSpec decode(G genome, TaskHead head);

    /** A uniform integer in {@code [0, bound)}. */
    static BigInteger uniformBelow(BigInteger bound, RandomGenerator random) {
        if (bound.signum() <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        if (bound.bitLength() < 63) {
            return BigInteger.valueOf(random.nextLong(bound.longValueExact()));
        }
        int bits = bound.bitLength();
        byte[] bytes = new byte[(bits + 7) / 8];
        while (true) {
            random.nextBytes(bytes);
            BigInteger candidate = new BigInteger(1, bytes);
            int excess = bytes.length * 8 - bits;
            candidate = candidate.shiftRight(excess);
            if (candidate.compareTo(bound) < 0) {
                return candidate;
            }
        }
    }
}
