package io.nas4j.strategies;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Budget;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.search.Search;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.space.CellSpace;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic landscape over the NB201 cell space with a known optimum, for testing that strategies
 * learn: a seeded additive score per (edge, op) plus pairwise interactions between neighbouring edges,
 * so the landscape is rugged but has structure a learner can exploit. Low fidelities add seeded noise
 * that shrinks as the fidelity grows.
 */
public final class Landscape {

    public static final String METRIC = "accuracy";

    private final CellSpace space = new CellSpace();
    private final double[][] unary = new double[CellGenome.EDGES][CellSpace.OPS.size()];
    private final double[][][] pair = new double[CellGenome.EDGES][CellSpace.OPS.size()][CellSpace.OPS.size()];
    private final double optimum;

    public Landscape(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            for (int op = 0; op < CellSpace.OPS.size(); op++) {
                unary[edge][op] = random.nextDouble() * 10;
                for (int other = 0; other < CellSpace.OPS.size(); other++) {
                    pair[edge][op][other] = random.nextDouble() * 4;
                }
            }
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int index = 0; index < 15_625; index++) {
            best = Math.max(best, value(space.at(java.math.BigInteger.valueOf(index))));
        }
        this.optimum = best;
    }

    public CellSpace space() {
        return space;
    }

    public double optimum() {
        return optimum;
    }

    /** The noiseless value of a cell. */
    public double value(CellGenome cell) {
        int[] choices = space.choices(cell);
        double total = 0;
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            total += unary[edge][choices[edge]];
            total += pair[edge][choices[edge]][choices[(edge + 1) % CellGenome.EDGES]];
        }
        return total;
    }

    /** The value seen at a fidelity: exact at full fidelity (or at least 200), noisy below. */
    public double observe(CellGenome cell, Fidelity fidelity) {
        double value = value(cell);
        if (fidelity.isFull() || fidelity.resource() >= 200) {
            return value;
        }
        SplittableRandom noise = new SplittableRandom(space.indexOf(cell).longValue() * 31 + (long) fidelity.resource());
        return value + noise.nextGaussian() * 2.0 * Math.sqrt(12.0 / fidelity.resource());
    }

    /** Runs {@code strategy} for {@code trials} trials and returns the result. */
    public SearchResult<CellGenome> run(SearchStrategy<CellGenome> strategy, int trials) {
        return Search.builder(space)
                .strategy(strategy)
                .estimator(trial -> TrialResult.complete(Map.of(METRIC, observe(trial.genome(), trial.fidelity())),
                        trial.fidelity().isFull() ? 200 : trial.fidelity().resource()))
                .objective(Objective.maximize(METRIC))
                .budget(Budget.trials(trials))
                .build()
                .run();
    }

    /** The true value of the best genome found at full fidelity. */
    public double bestValue(SearchResult<CellGenome> result) {
        return result.trials().stream()
                .filter(t -> t.state() == io.nas4j.core.trial.TrialState.COMPLETE)
                .filter(t -> Double.isInfinite(t.fidelity()) || t.fidelity() >= 200)
                .mapToDouble(t -> value(space.parse(t.genome())))
                .max().orElse(Double.NEGATIVE_INFINITY);
    }
}
