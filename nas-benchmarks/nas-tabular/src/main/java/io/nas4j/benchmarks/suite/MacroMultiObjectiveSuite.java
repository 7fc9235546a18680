package io.nas4j.benchmarks.suite;

import io.nas4j.benchmarks.tabular.MacroEstimator;
import io.nas4j.benchmarks.tabular.MacroTable;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.space.MacroSpace;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code macro-mo}: NAS-Bench-Macro with two objectives, mean test accuracy (maximise) against parameters
 * (minimise). Reported: the hypervolume of the run's non-dominated set as a fraction of the true front's
 * ({@link ParetoScoreboard}).
 */
public final class MacroMultiObjectiveSuite implements Suite {

    public static final String NAME = "macro-mo";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "NAS-Bench-Macro accuracy vs parameters: report the found front's hypervolume over the true front's";
    }

    @Override
    public List<String> datasets() {
        return MacroSuite.DATASETS;
    }

    @Override
    public Benchmark<?> open(Path dataDirectory, String dataset) {
        MacroSuite.requireCovered(dataset);
        MacroTable table = MacroTable.load(dataDirectory);
        List<Objective> objectives = List.of(Objective.maximize(MacroEstimator.ACCURACY),
                Objective.minimize(MacroEstimator.PARAMS));
        List<double[]> everyPoint = table.entries().stream()
                .map(entry -> new double[] {entry.meanAccuracy(), entry.params()}).toList();
        ParetoScoreboard.Reference reference = ParetoScoreboard.reference(objectives, everyPoint);
        return new Benchmark<>(NAME, MacroSuite.DATASETS.get(0), new MacroSpace(), new MacroEstimator(table), objectives,
                "hypervolume of the found front / true front (accuracy vs params)",
                reference::newScoreboard);
    }
}
