package io.nas4j.benchmarks.suite;

import io.nas4j.core.objective.Hypervolume;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.objective.Pareto;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reports the hypervolume of a run's non-dominated set divided by the hypervolume of the true Pareto
 * front: 1.0 means the run found the whole front. Objectives are scaled to [0, 1] by the table's own
 * range (worst 0, best 1) so that no objective dominates the volume by its units; the reference point is
 * the worst value of every objective over the table.
 */
public final class ParetoScoreboard implements Scoreboard {

    private final Reference reference;
    private final List<double[]> front = new ArrayList<>();
    private double value = Double.NaN;

    private ParetoScoreboard(Reference reference) {
        this.reference = reference;
    }

    /**
     * The scaling and the true front's volume, computed once from every architecture of a table and
     * shared by the scoreboards of all runs.
     *
     * @param objectives the objectives, as strategies see them
     * @param everyPoint the metrics of every architecture of the table, each in objective order
     */
    public static Reference reference(List<Objective> objectives, List<double[]> everyPoint) {
        return new Reference(objectives, everyPoint);
    }

    @Override
    public void record(TrialRecord trial) {
        Objects.requireNonNull(trial, "trial");
        if (trial.state() != TrialState.COMPLETE) {
            return;
        }
        List<Objective> objectives = reference.objectives;
        double[] metrics = new double[objectives.size()];
        for (int i = 0; i < metrics.length; i++) {
            metrics[i] = objectives.get(i).value(trial.metrics());
            if (Double.isNaN(metrics[i])) {
                return;
            }
        }
        double[] point = reference.scale(metrics);
        for (double[] member : front) {
            if (Pareto.dominates(member, point) || Arrays.equals(member, point)) {
                return;
            }
        }
        front.removeIf(member -> Pareto.dominates(point, member));
        front.add(point);
        value = Hypervolume.of(front, new double[objectives.size()]) / reference.trueVolume;
    }

    @Override
    public double value() {
        return value;
    }

    /** See {@link #reference}. */
    public static final class Reference {
        private final List<Objective> objectives;
        private final double[] worst;
        private final double[] best;
        private final double trueVolume;

        private Reference(List<Objective> objectives, List<double[]> everyPoint) {
            this.objectives = List.copyOf(objectives);
            int dimensions = objectives.size();
            this.worst = new double[dimensions];
            this.best = new double[dimensions];
            Arrays.fill(worst, Double.POSITIVE_INFINITY);
            Arrays.fill(best, Double.NEGATIVE_INFINITY);
            for (double[] point : everyPoint) {
                for (int i = 0; i < dimensions; i++) {
                    double score = objectives.get(i).direction().orient(point[i]);
                    worst[i] = Math.min(worst[i], score);
                    best[i] = Math.max(best[i], score);
                }
            }
            List<double[]> scaled = everyPoint.stream().map(this::scale).toList();
            List<double[]> trueFront = Pareto.front(scaled).stream().map(scaled::get).toList();
            this.trueVolume = Hypervolume.of(trueFront, new double[dimensions]);
            if (!(trueVolume > 0)) {
                throw new IllegalArgumentException("the true Pareto front has no volume");
            }
        }

        /** A fresh scoreboard for one run. */
        public ParetoScoreboard newScoreboard() {
            return new ParetoScoreboard(this);
        }

        /** The true front's hypervolume in scaled units. */
        public double trueVolume() {
            return trueVolume;
        }

        private double[] scale(double[] metrics) {
            double[] scaled = new double[metrics.length];
            for (int i = 0; i < metrics.length; i++) {
                double score = objectives.get(i).direction().orient(metrics[i]);
                scaled[i] = best[i] == worst[i] ? 1 : (score - worst[i]) / (best[i] - worst[i]);
            }
            return scaled;
        }
    }
}
