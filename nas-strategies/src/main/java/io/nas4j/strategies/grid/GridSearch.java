package io.nas4j.strategies.grid;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.space.SearchSpace;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Grid search: every genome of the space exactly once, enumerated lazily through the space's numbering.
 *
 * <p>In {@code shuffled} order (the default, as Optuna's grid sampler does) the i-th proposal is genome
 * {@code (a * i + b) mod size} for a seeded multiplier {@code a} coprime to the size and a seeded offset
 * {@code b}: a permutation of the whole space that needs no memory, so a stopped grid still covers the
 * space evenly. In {@code sequential} order it is genome {@code i}. It refuses spaces larger than a
 * limit, since a grid nobody can finish is a user error.
 */
public final class GridSearch<G extends Genome> implements SearchStrategy<G> {

    private final SearchSpace<G> space;
    private final BigInteger size;
    private final BigInteger multiplier;
    private final BigInteger offset;
    private BigInteger next = BigInteger.ZERO;

    public GridSearch(SearchSpace<G> space, RandomGenerator random, boolean shuffled, BigInteger maxSize) {
        this.space = space;
        this.size = space.size();
        if (size.compareTo(maxSize) > 0) {
            throw new IllegalArgumentException("grid search would enumerate " + size + " architectures of space "
                    + space.name() + ", more than max-size " + maxSize
                    + "; restrict the space's dimensions or raise max-size");
        }
        if (shuffled) {
            BigInteger candidate = SearchSpace.uniformBelow(size, random);
            while (!candidate.gcd(size).equals(BigInteger.ONE)) {
                candidate = candidate.add(BigInteger.ONE).mod(size);
            }
            this.multiplier = candidate;
            this.offset = SearchSpace.uniformBelow(size, random);
        } else {
            this.multiplier = BigInteger.ONE;
            this.offset = BigInteger.ZERO;
        }
    }

    @Override
    public List<Proposal<G>> ask(int n) {
        List<Proposal<G>> proposals = new ArrayList<>(n);
        while (proposals.size() < n && next.compareTo(size) < 0) {
            BigInteger index = multiplier.multiply(next).add(offset).mod(size);
            proposals.add(Proposal.full(space.at(index)));
            next = next.add(BigInteger.ONE);
        }
        return proposals;
    }

    @Override
    public void tell(Observation<G> observation) {
        // a grid's order does not depend on outcomes
    }

    @Override
    public boolean exhausted() {
        return next.compareTo(size) >= 0;
    }
}
