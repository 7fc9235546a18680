package io.nas4j.benchmarks.tabular;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;

import java.util.Map;
import java.util.Objects;

/**
 * Looks a cell up in NAS-Bench-201 on one data set, following the two-fidelity protocol: a search sees
 * the 12-epoch validation accuracy (cheap, noisy) unless it asks for 200 epochs or more, when it sees the
 * 200-epoch test accuracy at 200 cost units.
 *
 * <ul>
 *   <li>{@link Fidelity#FULL} or a resource below 200: {@value #ACCURACY} = 12-epoch validation accuracy,
 *       cost {@value #LOW_EPOCHS}.</li>
 *   <li>a resource of 200 or more: {@value #ACCURACY} = 200-epoch test accuracy, cost {@value #HIGH_EPOCHS}.</li>
 * </ul>
 *
 * <p>The cost is the epochs behind the number returned, whatever resource was asked for: a request for 50
 * reads the 12-epoch table and costs 12. A configuration promoted from 12 to 200 epochs is charged the full
 * 200 again, 212 in all, not the 188 of continuing: the table's 200-epoch results come from trainings of
 * their own, from scratch under a 200-epoch learning-rate schedule, so there is no 12-epoch checkpoint they
 * continue from.
 *
 * <p>Every result also carries {@value #TEST_200}, the 200-epoch test accuracy the suite reports.
 * Thread-safe; never fails for a valid cell.
 */
public final class Nb201Estimator implements PerformanceEstimator<CellGenome> {

    /** The metric a search optimises. */
    public static final String ACCURACY = "accuracy";
    /** The metric a benchmark reports: 200-epoch test accuracy. */
    public static final String TEST_200 = "test200";
    public static final int LOW_EPOCHS = 12;
    public static final int HIGH_EPOCHS = 200;

    private final Nb201Table table;
    private final Nb201Dataset dataset;

    public Nb201Estimator(Nb201Table table, Nb201Dataset dataset) {
        this.table = Objects.requireNonNull(table, "table");
        this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    public Nb201Dataset dataset() {
        return dataset;
    }

    @Override
    public TrialResult estimate(Trial<CellGenome> trial) {
        Nb201Accuracy accuracy = table.get(trial.genome()).on(dataset);
        Fidelity fidelity = trial.fidelity();
        boolean high = !fidelity.isFull() && fidelity.resource() >= HIGH_EPOCHS;
        return TrialResult.complete(Map.of(
                ACCURACY, high ? accuracy.test200() : accuracy.validation12(),
                TEST_200, accuracy.test200()), high ? HIGH_EPOCHS : LOW_EPOCHS);
    }
}
