package io.nas4j.benchmarks.suite;

import io.nas4j.benchmarks.tabular.Nb201Dataset;
import io.nas4j.benchmarks.tabular.Nb201Entry;
import io.nas4j.benchmarks.tabular.Nb201Estimator;
import io.nas4j.benchmarks.tabular.Nb201Parameters;
import io.nas4j.benchmarks.tabular.Nb201Table;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.trial.TrialResult;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code nb201-mo}: NAS-Bench-201 with two objectives, accuracy (maximise) against the network's parameters
 * (minimise) as the core's IR counts them ({@link Nb201Parameters}). Searches see what the {@code nb201}
 * suite's do (the 12-epoch validation accuracy, or the 200-epoch test accuracy when they ask for 200 epochs)
 * plus {@value #PARAMS}. Reported: the hypervolume of the run's non-dominated set, measured in 200-epoch test
 * accuracy and parameters, as a fraction of the true front's ({@link HeldOutParetoScoreboard}).
 */
public final class Nb201MultiObjectiveSuite implements Suite {

    public static final String NAME = "nb201-mo";
    /** The metric of the second objective: the network's trainable parameters. */
    public static final String PARAMS = "params";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "NAS-Bench-201 accuracy vs parameters (IR counts): report the test-accuracy front's hypervolume over "
                + "the true front's";
    }

    @Override
    public List<String> datasets() {
        return Nb201Dataset.ids();
    }

    @Override
    public Benchmark<?> open(Path dataDirectory, String dataset) {
        Nb201Dataset chosen = Nb201Dataset.of(dataset == null ? datasets().get(0) : dataset);
        Nb201Table table = Nb201Table.load(dataDirectory);
        Nb201Parameters parameters = Nb201Parameters.of(chosen);
        Nb201Estimator accuracy = new Nb201Estimator(table, chosen);
        PerformanceEstimator<CellGenome> estimator = trial -> {
            TrialResult looked = accuracy.estimate(trial);
            Map<String, Double> metrics = new HashMap<>(looked.metrics());
            metrics.put(PARAMS, (double) parameters.of(trial.genome()));
            return TrialResult.complete(metrics, looked.cost());
        };
        List<Objective> objectives = List.of(Objective.maximize(Nb201Estimator.ACCURACY), Objective.minimize(PARAMS));
        CellSpace space = new CellSpace();
        List<double[]> everyPoint = table.entries().stream()
                .map((Nb201Entry entry) -> new double[] {entry.on(chosen).test200(),
                        parameters.of(space.parse(entry.cell()))})
                .toList();
        ParetoScoreboard.Reference reference = ParetoScoreboard.reference(
                List.of(Objective.maximize(Nb201Estimator.TEST_200), Objective.minimize(PARAMS)), everyPoint);
        return new Benchmark<>(NAME, chosen.id(), space, estimator, objectives,
                "hypervolume of the found front / true front (" + chosen.id()
                        + " 200-epoch test accuracy vs params; front chosen by the searched accuracy)",
                () -> new HeldOutParetoScoreboard(objectives, reference), "epochs", Nb201Estimator.LOW_EPOCHS);
    }
}
