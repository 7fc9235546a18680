package io.nas4j.benchmarks.suite;

import io.nas4j.benchmarks.tabular.Nb201Dataset;
import io.nas4j.benchmarks.tabular.Nb201Entry;
import io.nas4j.benchmarks.tabular.Nb201Estimator;
import io.nas4j.benchmarks.tabular.Nb201Table;
import io.nas4j.core.UserInputException;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.strategies.stats.Correlations;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code nb201-transfer}: "search on a proxy data set, deploy on the target" on NAS-Bench-201. Every search
 * runs exactly as {@code nb201} on CIFAR-10 (12-epoch validation accuracy, or 200-epoch test accuracy when a
 * multi-fidelity strategy asks for 200 epochs), and the suite reports the incumbent's 200-epoch test accuracy
 * on the target data set ({@code cifar100} or {@code imagenet16}) instead of CIFAR-10's. With the same seeds
 * the runs are the {@code nb201} CIFAR-10 runs, so the two reports side by side give each incumbent's accuracy
 * on both; {@code --suite nb201 --dataset TARGET} gives what searching the target itself reaches. The report
 * states Kendall's tau between CIFAR-10's and the target's 200-epoch test accuracies over all 15,625 cells.
 */
public final class Nb201TransferSuite implements Suite {

    public static final String NAME = "nb201-transfer";

    /** The target's 200-epoch test accuracy, which the suite reports; {@value Nb201Estimator#TEST_200} stays CIFAR-10's. */
    public static final String TARGET_TEST_200 = "targetTest200";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "NAS-Bench-201 cells searched on CIFAR-10 as nb201, reporting the incumbent's 200-epoch test accuracy"
                + " on cifar100 or imagenet16 (transfer)";
    }

    @Override
    public List<String> datasets() {
        return List.of(Nb201Dataset.CIFAR100.id(), Nb201Dataset.IMAGENET16.id());
    }

    @Override
    public Benchmark<?> open(Path dataDirectory, String dataset) {
        String id = dataset == null ? datasets().get(0) : dataset;
        if (!datasets().contains(id)) {
            throw UserInputException.of("dataset", "{dataset} {} is not a target of {}; allowed: {} (the search runs on"
                    + " cifar10)", id, NAME, String.join(", ", datasets()));
        }
        Nb201Dataset target = Nb201Dataset.of(id);
        Nb201Table table = Nb201Table.load(dataDirectory);
        Objective accuracy = Objective.maximize(Nb201Estimator.ACCURACY);
        String reported = String.format(Locale.ROOT, "%s test accuracy (%%) after 200 epochs of the incumbent found on"
                        + " cifar10 (Kendall tau of the 15,625 cells' 200-epoch test accuracies, cifar10 against %s: %.3f)",
                target.id(), target.id(), kendall(table, Nb201Dataset.CIFAR10, target));
        return new Benchmark<>(NAME, target.id(), new CellSpace(), new TransferEstimator(table, target), List.of(accuracy),
                reported, () -> new IncumbentScoreboard(accuracy, TARGET_TEST_200), "epochs", Nb201Estimator.LOW_EPOCHS);
    }

    /** Kendall's tau-b between two data sets' 200-epoch test accuracies over every cell of {@code table}. */
    public static double kendall(Nb201Table table, Nb201Dataset first, Nb201Dataset second) {
        List<Nb201Entry> entries = table.entries();
        double[] x = new double[entries.size()];
        double[] y = new double[entries.size()];
        for (int index = 0; index < x.length; index++) {
            x[index] = entries.get(index).on(first).test200();
            y[index] = entries.get(index).on(second).test200();
        }
        return Correlations.kendall(x, y);
    }

    /** CIFAR-10's answer, with the target's 200-epoch test accuracy added as {@value #TARGET_TEST_200}. */
    private record TransferEstimator(Nb201Table table, Nb201Dataset target, Nb201Estimator cifar10)
            implements PerformanceEstimator<CellGenome> {

        TransferEstimator(Nb201Table table, Nb201Dataset target) {
            this(table, target, new Nb201Estimator(table, Nb201Dataset.CIFAR10));
        }

        @Override
        public TrialResult estimate(Trial<CellGenome> trial) {
            TrialResult found = cifar10.estimate(trial);
            Map<String, Double> metrics = new HashMap<>(found.metrics());
            metrics.put(TARGET_TEST_200, table.get(trial.genome()).on(target).test200());
            return TrialResult.complete(Map.copyOf(metrics), found.cost());
        }
    }
}
