package io.nas4j.benchmarks.jmh;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.CellSpace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one ask/tell round of each strategy after 10, 100 and 1,000 observations on the
 * NAS-Bench-201 cell space, with a seeded additive landscape as the (free) estimator, so only the
 * strategy's own work is timed. Each measured round adds one observation, so a row measures the range
 * {@code observations .. observations + 25}.
 *
 * <p>Run with JMH's own launcher on the test class path, as docs/benchmarks.md shows, or through
 * {@link #main} with strategy names as arguments.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, batchSize = 1)
@Measurement(iterations = 20, batchSize = 1)
@Fork(1)
public class StrategyOverheadBenchmark {

    @Param({"random", "grid", "genetic", "regularized-evolution", "local-search", "nsga2", "reinforce",
            "bayesian", "bananas", "successive-halving", "hyperband", "bohb"})
    public String strategy;

    @Param({"10", "100", "1000"})
    public int observations;

    private final CellSpace space = new CellSpace();
    private final double[][] weights = new double[CellGenome.EDGES][CellSpace.OPS.size()];
    private SearchStrategy<CellGenome> searchStrategy;
    private long nextId;

    @Setup(Level.Trial)
    public void observe() {
        SplittableRandom random = new SplittableRandom(1);
        for (double[] row : weights) {
            for (int op = 0; op < row.length; op++) {
                row[op] = random.nextDouble();
            }
        }
        searchStrategy = Strategies.installed().get(strategy)
                .create(StrategyContext.of(space, Objective.maximize("accuracy"), 7));
        for (int i = 0; i < observations; i++) {
            round();
        }
    }

    @Benchmark
    public Proposal<CellGenome> askAndTell() {
        return round();
    }

    private Proposal<CellGenome> round() {
        Proposal<CellGenome> proposal = searchStrategy.ask(1).get(0);
        int[] choices = space.choices(proposal.genome());
        double value = 0;
        for (int edge = 0; edge < choices.length; edge++) {
            value += weights[edge][choices[edge]];
        }
        Fidelity fidelity = proposal.fidelity();
        searchStrategy.tell(new Observation<>(nextId++, proposal.genome(), fidelity, TrialState.COMPLETE,
                Map.of("accuracy", value), fidelity.isFull() ? 12 : fidelity.resource()));
        return proposal;
    }

    public static void main(String[] args) throws RunnerException {
        OptionsBuilder options = new OptionsBuilder();
        options.include(StrategyOverheadBenchmark.class.getSimpleName());
        if (args.length > 0) {
            options.param("strategy", List.of(args).toArray(String[]::new));
        }
        new Runner(options.build()).run();
    }
}
