package io.nas4j.benchmarks.suite;

import io.nas4j.benchmarks.tabular.Nb201Dataset;
import io.nas4j.benchmarks.tabular.Nb201Estimator;
import io.nas4j.benchmarks.tabular.Nb201Table;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.space.CellSpace;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code nb201}: the NAS-Bench-201 cell space searched on the 12-epoch validation accuracy (or the
 * 200-epoch test accuracy when a multi-fidelity strategy asks for 200 epochs), reporting the incumbent's
 * 200-epoch test accuracy: the protocol under which random search reaches about 93.7 on CIFAR-10 after
 * 150 trials. Cost is in epochs trained, as {@link Nb201Estimator} charges them: 12 for a trial a
 * single-fidelity strategy asks for, so 150 trials are 1,800 epochs.
 */
public final class Nb201Suite implements Suite {

    public static final String NAME = "nb201";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "NAS-Bench-201 cells (15,625): search on 12-epoch validation accuracy, report 200-epoch test accuracy";
    }

    @Override
    public List<String> datasets() {
        return Nb201Dataset.ids();
    }

    @Override
    public Benchmark<?> open(Path dataDirectory, String dataset) {
        Nb201Dataset chosen = Nb201Dataset.of(dataset == null ? datasets().get(0) : dataset);
        Objective accuracy = Objective.maximize(Nb201Estimator.ACCURACY);
        return new Benchmark<>(NAME, chosen.id(), new CellSpace(),
                new Nb201Estimator(Nb201Table.load(dataDirectory), chosen), List.of(accuracy),
                chosen.id() + " test accuracy (%) after 200 epochs of the incumbent",
                () -> new IncumbentScoreboard(accuracy, Nb201Estimator.TEST_200), "epochs", Nb201Estimator.LOW_EPOCHS);
    }
}
