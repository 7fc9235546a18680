package io.nas4j.benchmarks.suite;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.InMemoryTrialStore;
import io.nas4j.core.search.InProcessExecutor;
import io.nas4j.core.search.SearchPlan;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link BenchPlan} on a {@link Benchmark}: every strategy {@code runs} times, each run a real
 * {@link io.nas4j.core.search.Search} (in-memory store, sequential in-process executor, a trial budget and
 * possibly a cost budget), recording the suite's reported value and the cost spent after every trial.
 *
 * <p>Curves are reported against trials and against cost. The value at cost {@code c} is the reported value
 * after the last trial whose cost, added to that of the trials before it, is at most {@code c}: a trial
 * that would take the run past {@code c} has not finished by then. With a cost budget, the trial that
 * crosses it (a search always lets a started trial finish) is left out of every figure, as its training
 * would be stopped at the budget; so no run is credited with more than the budget. Costs are the
 * estimator's, added in trial order, so they are as reproducible as the values.
 *
 * <p>Runs are paired: run {@code r} of every strategy uses the same seed {@link #runSeed}, so strategies
 * meet the same random streams. With sequential evaluation everything but the measured overhead is a
 * function of the plan: the same plan gives the same summary bit for bit. Stateless and thread-safe; one
 * call runs on the calling thread.
 */
public final class SuiteRunner {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final Strategies strategies;

    public SuiteRunner(Strategies strategies) {
        this.strategies = Objects.requireNonNull(strategies, "strategies");
    }

    /**
     * The seed of run {@code run} (from 0) under base seed {@code seed}: a SplitMix64 mix, so nearby base
     * seeds and nearby runs give unrelated streams.
     */
    public static long runSeed(long seed, int run) {
        long z = seed + (run + 1L) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The trial counts reported: 10, 25, 50, 100, 150, then every 50, and the budget itself; none above it. */
    public static List<Integer> checkpoints(int budget) {
        List<Integer> checkpoints = new ArrayList<>();
        for (int count : new int[] {10, 25, 50, 100, 150}) {
            if (count <= budget) {
                checkpoints.add(count);
            }
        }
        for (int count = 200; count <= budget; count += 50) {
            checkpoints.add(count);
        }
        if (checkpoints.isEmpty() || checkpoints.get(checkpoints.size() - 1) != budget) {
            checkpoints.add(budget);
        }
        return List.copyOf(checkpoints);
    }

    /**
     * The costs reported up to {@code limit}: the {@link #checkpoints trial checkpoints} of as many trials of
     * {@code trialCost} as fit, times {@code trialCost}, then the limit itself. On NAS-Bench-201 (12 epochs
     * a trial) a limit of 1,800 epochs gives 120, 300, 600, 1,200 and 1,800, the costs of 10, 25, 50, 100
     * and 150 single-fidelity trials.
     */
    public static List<Double> costCheckpoints(double limit, double trialCost) {
        List<Double> costs = new ArrayList<>();
        double fitting = Math.floor(limit / trialCost);
        if (fitting >= 1) {
            for (int count : checkpoints((int) Math.min(fitting, Integer.MAX_VALUE))) {
                double cost = count * trialCost;
                if (cost <= limit) {
                    costs.add(cost);
                }
            }
        }
        if (costs.isEmpty() || costs.get(costs.size() - 1) != limit) {
            costs.add(limit);
        }
        return List.copyOf(costs);
    }

    /**
     * The trial budget that lets a cost budget decide: as many trials of {@code trialCost} as fit in
     * {@code costBudget}, at least one. No trial of a suite costs less, so runs stop at the cost.
     */
    public static int trialsWithin(double costBudget, double trialCost) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(costBudget / trialCost)));
    }

    /**
     * Runs the plan.
     *
     * @throws IllegalArgumentException when the plan names a strategy that is not installed or a setting
     *                                  the strategy rejects
     */
    public SuiteSummary run(Benchmark<?> benchmark, BenchPlan plan, BenchProgress progress) {
        Objects.requireNonNull(progress, "progress");
        List<StrategyProvider> providers = plan.strategies().stream().map(strategies::get).toList();
        List<Integer> checkpoints = checkpoints(plan.budget());
        List<Double> costCheckpoints = costCheckpoints(
                plan.limitsCost() ? plan.costBudget() : plan.budget() * benchmark.trialCost(), benchmark.trialCost());
        int totalRuns = providers.size() * plan.runs();
        int finishedRuns = 0;
        Map<String, StrategySummary> results = new LinkedHashMap<>();
        for (StrategyProvider provider : providers) {
            double[][] values = new double[checkpoints.size()][plan.runs()];
            double[][] costValues = new double[costCheckpoints.size()][plan.runs()];
            double[] last = new double[plan.runs()];
            double[] spent = new double[plan.runs()];
            double[] counted = new double[plan.runs()];
            long nanos = 0;
            long trials = 0;
            for (int run = 0; run < plan.runs(); run++) {
                Trajectory trajectory = runOnce(benchmark, provider, plan, runSeed(plan.seed(), run));
                for (int index = 0; index < checkpoints.size(); index++) {
                    values[index][run] = trajectory.after(checkpoints.get(index));
                }
                for (int index = 0; index < costCheckpoints.size(); index++) {
                    costValues[index][run] = trajectory.atCost(costCheckpoints.get(index));
                }
                last[run] = trajectory.last();
                spent[run] = trajectory.cost();
                counted[run] = trajectory.values().size();
                nanos += trajectory.strategyNanos();
                trials += trajectory.ran();
                progress.runFinished(provider.name(), ++finishedRuns, totalRuns);
            }
            Map<Integer, Statistic> statistics = new LinkedHashMap<>();
            for (int index = 0; index < checkpoints.size(); index++) {
                statistics.put(checkpoints.get(index), Statistic.of(values[index]));
            }
            Map<Double, Statistic> costStatistics = new LinkedHashMap<>();
            for (int index = 0; index < costCheckpoints.size(); index++) {
                costStatistics.put(costCheckpoints.get(index), Statistic.of(costValues[index]));
            }
            double overhead = trials == 0 ? 0 : nanos / 1e6 / trials;
            results.put(provider.name(), new StrategySummary(statistics, costStatistics, Statistic.of(last),
                    Statistic.of(spent), Statistic.of(counted), overhead));
            progress.strategyFinished(summary(benchmark, plan, results));
        }
        return summary(benchmark, plan, results);
    }

    private static SuiteSummary summary(Benchmark<?> benchmark, BenchPlan plan, Map<String, StrategySummary> results) {
        return new SuiteSummary(benchmark.suite(), benchmark.dataset(), benchmark.reported(), plan.budget(),
                plan.runs(), plan.seed(), benchmark.costUnit(), benchmark.trialCost(), plan.costBudget(), results);
    }

    private static <G extends Genome> Trajectory runOnce(Benchmark<G> benchmark, StrategyProvider provider,
                                                         BenchPlan plan, long seed) {
        StrategyContext<G> context = new StrategyContext<>(benchmark.space(), benchmark.objectives(), seed,
                plan.settingsOf(provider.name()));
        SearchStrategy<G> created = provider.create(context);
        TimedStrategy<G> strategy = new TimedStrategy<>(created);
        Scoreboard scoreboard = benchmark.scoreboards().get();
        List<Double> values = new ArrayList<>();
        List<Double> costs = new ArrayList<>();
        SearchListener listener = new SearchListener() {
            private double spent;

            @Override
            public void trialFinished(TrialRecord trial, TrialRecord incumbent) {
                scoreboard.record(trial);
                values.add(scoreboard.value());
                spent += trial.cost();
                costs.add(spent);
            }
        };
        Budget budget = Budget.trials(plan.budget());
        if (plan.limitsCost()) {
            budget = budget.withCost(plan.costBudget());
        }
        try (InProcessExecutor executor = InProcessExecutor.sequential();
             InMemoryTrialStore store = new InMemoryTrialStore()) {
            // a run's trials are told as they finish, as they always were; its executor runs them one at a time
            SearchPlan.of(benchmark.objectives(), budget).withStore(store).withListener(listener)
                    .withTellInTrialOrder(false)
                    .search(benchmark.space(), strategy, benchmark.estimator(), executor)
                    .run();
        }
        int ran = values.size();
        int within = ran;
        while (within > 0 && costs.get(within - 1) > plan.costBudget()) {
            within--;
        }
        return new Trajectory(values.subList(0, within), costs.subList(0, within), strategy.nanos(), ran);
    }

    /**
     * One run: the reported value and the cost spent so far after each trial counted, the time spent in
     * the strategy, and the number of trials it ran (counted or not).
     */
    private record Trajectory(List<Double> values, List<Double> costs, long strategyNanos, int ran) {

        /** The value after {@code trials} trials; the last one when the strategy stopped early. */
        double after(int trials) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            return values.get(Math.min(trials, values.size()) - 1);
        }

        double last() {
            return values.isEmpty() ? Double.NaN : values.get(values.size() - 1);
        }

        /** The value once {@code cost} is spent: after the last trial that fits; the last one when the run spent less. */
        double atCost(double cost) {
            double value = Double.NaN;
            for (int index = 0; index < costs.size() && costs.get(index) <= cost; index++) {
                value = values.get(index);
            }
            return value;
        }

        double cost() {
            return costs.isEmpty() ? 0 : costs.get(costs.size() - 1);
        }
    }
}
