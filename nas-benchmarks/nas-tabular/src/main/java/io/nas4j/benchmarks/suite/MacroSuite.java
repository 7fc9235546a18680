package io.nas4j.benchmarks.suite;

import io.nas4j.core.UserInputException;
import io.nas4j.benchmarks.tabular.MacroEstimator;
import io.nas4j.benchmarks.tabular.MacroTable;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.space.MacroSpace;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code macro}: the NAS-Bench-Macro space (6,561 networks) on CIFAR-10, searched on and reporting the
 * incumbent's mean test accuracy over the table's training seeds.
 */
public final class MacroSuite implements Suite {

    public static final String NAME = "macro";
    static final List<String> DATASETS = List.of("cifar10");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "NAS-Bench-Macro (6,561 networks, CIFAR-10): search on and report mean test accuracy";
    }

    @Override
    public List<String> datasets() {
        return DATASETS;
    }

    @Override
    public Benchmark<?> open(Path dataDirectory, String dataset) {
        requireCovered(dataset);
        Objective accuracy = Objective.maximize(MacroEstimator.ACCURACY);
        return new Benchmark<>(NAME, DATASETS.get(0), new MacroSpace(),
                new MacroEstimator(MacroTable.load(dataDirectory)), List.of(accuracy),
                "cifar10 mean test accuracy (%) of the incumbent",
                () -> new IncumbentScoreboard(accuracy, MacroEstimator.ACCURACY));
    }

    /** Throws naming the allowed data sets unless {@code dataset} is null (the default) or covered. */
    static void requireCovered(String dataset) {
        if (dataset != null && !DATASETS.contains(dataset)) {
            throw UserInputException.of("dataset", "dataset {} is not part of NAS-Bench-Macro; allowed: {}", dataset,
                    String.join(", ", DATASETS));
        }
    }
}
