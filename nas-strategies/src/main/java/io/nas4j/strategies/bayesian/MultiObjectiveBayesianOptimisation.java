package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Hypervolume;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.objective.Pareto;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Multi-objective Bayesian optimisation: one Gaussian process per objective and the expected hypervolume
 * improvement ({@link ExpectedHypervolumeImprovement}; Emmerich, Giannakoglou and Naujoks 2006) as the
 * acquisition. With one objective it is Bayesian optimisation with expected improvement.
 *
 * <p>The first {@code initial} proposals are uniform samples. After that each {@code ask} scales every
 * objective's observed scores to [0, 1] by their observed range, fits a process to each (hyperparameters by
 * maximum likelihood, as in {@link BayesianOptimisation}, searched again once the data has grown by a tenth),
 * and proposes the candidate of the {@link CandidatePool} whose predicted objectives are expected to add the
 * most hypervolume to the observed non-dominated set, measured from a reference point {@code margin} below
 * the worst observed score of every objective. The pool's parents are the members of that set, largest
 * hypervolume contribution first, so the search refines the front where it adds most.
 *
 * <p>The processes may mix a linear kernel into the stationary one ({@link GaussianProcess#maximumLikelihood}
 * picks the share): cost objectives such as parameter counts are sums over the decisions of a network, which a
 * linear kernel on a one-hot encoding learns exactly from a few dozen networks, so that after a few dozen
 * trials the search knows the cost of every candidate and only the accuracy is uncertain.
 *
 * <p>Proposals still running (earlier {@code ask}s not yet told, and earlier picks of the same batch) are
 * handled by the kriging believer: each joins the data of every process and the non-dominated set with its
 * predicted means, so a batch spreads along the front. Only COMPLETE outcomes with every objective's metric
 * teach the models; the others only mark their network as tried. Networks already tried are never
 * candidates.
 */
public final class MultiObjectiveBayesianOptimisation<G extends Genome> implements SearchStrategy<G> {

    /** Draws before a uniform sample that repeats a tried network is accepted (nearly exhausted spaces). */
    private static final int RANDOM_RETRIES = 100;

    private final SearchSpace<G> space;
    private final List<Objective> objectives;
    private final RandomGenerator random;
    private final Encoding<G> encoding;
    private final Kernel kernel;
    private final double[] linearShares;
    private final CandidatePool pool;
    private final int initial;
    private final double margin;
    private final History<G> history;
    /** Complete observations with every objective measured, in the order told. */
    private final List<G> measured = new ArrayList<>();
    private final List<double[]> scores = new ArrayList<>();
    private final Hyperparameters[] fitted;
    private final int[] fittedOn;

    /**
     * @param objectives   every objective, at least one
     * @param linearShares the shares of a linear kernel the likelihood chooses among, each in [0, 1]; {@code {0}}
     *                     for the stationary kernel alone
     * @param initial      uniform samples before the models are used, at least 1
     * @param margin       how far below the worst observed scores (scaled to [0, 1]) the reference point lies,
     *                     positive
     */
    public MultiObjectiveBayesianOptimisation(SearchSpace<G> space, List<Objective> objectives,
                                              RandomGenerator random, Encoding<G> encoding, Kernel kernel,
                                              double[] linearShares, CandidatePool pool, int initial,
                                              double margin) {
        this.space = Objects.requireNonNull(space, "space");
        this.objectives = List.copyOf(objectives);
        if (this.objectives.isEmpty()) {
            throw new IllegalArgumentException("at least one objective is needed");
        }
        this.random = Objects.requireNonNull(random, "random");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.linearShares = linearShares.clone();
        this.pool = Objects.requireNonNull(pool, "pool");
        if (initial < 1 || !(margin > 0)) {
            throw new IllegalArgumentException("need initial >= 1 and margin > 0, got " + initial + " and " + margin);
        }
        this.initial = initial;
        this.margin = margin;
        this.history = new History<>(space, this.objectives.get(0));
        this.fitted = new Hyperparameters[this.objectives.size()];
        this.fittedOn = new int[this.objectives.size()];
    }

    @Override
    public List<Proposal<G>> ask(int n) {
        List<Proposal<G>> proposals = new ArrayList<>(n);
        Batch batch = null;
        for (int i = 0; i < n; i++) {
            G next = null;
            if (history.proposals() >= initial && measured.size() >= 2) {
                if (batch == null) {
                    batch = new Batch();
                }
                next = batch.pick();
            }
            if (next == null) {
                next = untriedSample();
            }
            history.proposed(next);
            proposals.add(Proposal.full(next));
        }
        return proposals;
    }

    @Override
    public void tell(Observation<G> observation) {
        history.observed(observation);
        if (!observation.complete()) {
            return;
        }
        double[] point = new double[objectives.size()];
        for (int j = 0; j < point.length; j++) {
            point[j] = objectives.get(j).score(observation.metrics());
            if (!Double.isFinite(point[j])) {
                return;
            }
        }
        measured.add(observation.genome());
        scores.add(point);
    }

    /**
     * The non-dominated networks among every complete outcome told so far, in the order told: the Pareto
     * front the search has found.
     */
    public List<G> paretoFront() {
        return Pareto.front(scores).stream().map(measured::get).toList();
    }

    private G untriedSample() {
        G sample = space.sample(random);
        for (int retry = 0; retry < RANDOM_RETRIES && history.tried(space.key(sample)); retry++) {
            sample = space.sample(random);
        }
        return sample;
    }

    /** The models of one {@code ask}: fitted once, then updated by a believer after each pick. */
    private final class Batch {
        private final int dimensions = objectives.size();
        private final List<double[]> inputs = new ArrayList<>();
        /** Per objective, its scaled and standardised targets, believed values appended. */
        private final List<List<Double>> targets = new ArrayList<>();
        private final Standardisation[] standardisations = new Standardisation[dimensions];
        private final GaussianProcess[] observedModels = new GaussianProcess[dimensions];
        private final GaussianProcess[] models = new GaussianProcess[dimensions];
        private final int observed;
        private final double[] lowest = new double[dimensions];
        private final double[] range = new double[dimensions];
        private final double[] reference = new double[dimensions];
        /** Observed and believed points, scaled. */
        private final List<double[]> points = new ArrayList<>();
        private final List<G> candidates;
        private final List<double[]> candidateInputs = new ArrayList<>();
        private ExpectedHypervolumeImprovement acquisition;

        Batch() {
            observed = measured.size();
            for (G genome : measured) {
                inputs.add(encoding.encode(genome));
            }
            double[][] x = inputs.toArray(double[][]::new);
            Arrays.fill(reference, -margin);
            for (int j = 0; j < dimensions; j++) {
                double low = Double.POSITIVE_INFINITY;
                double high = Double.NEGATIVE_INFINITY;
                for (double[] score : scores) {
                    low = Math.min(low, score[j]);
                    high = Math.max(high, score[j]);
                }
                lowest[j] = low;
                range[j] = high > low ? high - low : 1;
            }
            for (double[] score : scores) {
                points.add(scale(score));
            }
            double[] lengthScales = null;
            for (int j = 0; j < dimensions; j++) {
                double[] column = new double[observed];
                for (int i = 0; i < observed; i++) {
                    column[i] = points.get(i)[j];
                }
                standardisations[j] = Standardisation.of(column);
                double[] standardised = standardisations[j].apply(column);
                List<Double> objectiveTargets = new ArrayList<>(observed);
                for (double value : standardised) {
                    objectiveTargets.add(value);
                }
                targets.add(objectiveTargets);
                if (fitted[j] == null || observed >= fittedOn[j] + Math.max(1, fittedOn[j] / 10)) {
                    if (lengthScales == null) {
                        double median = GaussianProcess.medianDistance(x);
                        lengthScales = new double[BayesianOptimisation.LENGTH_SCALES.length];
                        for (int i = 0; i < lengthScales.length; i++) {
                            lengthScales[i] = BayesianOptimisation.LENGTH_SCALES[i] * median;
                        }
                    }
                    fitted[j] = GaussianProcess.maximumLikelihood(x, standardised, kernel, lengthScales,
                            BayesianOptimisation.NOISES, linearShares);
                    fittedOn[j] = observed;
                }
                observedModels[j] = GaussianProcess.fit(x, standardised, kernel, fitted[j]);
                models[j] = observedModels[j];
            }
            for (G running : history.pending()) {
                believe(encoding.encode(running));
            }
            this.candidates = new ArrayList<>(pool.candidates(space, frontByContribution(), history::tried, random));
            for (G candidate : candidates) {
                candidateInputs.add(encoding.encode(candidate));
            }
        }

        private double[] scale(double[] score) {
            double[] scaled = new double[dimensions];
            for (int j = 0; j < dimensions; j++) {
                scaled[j] = (score[j] - lowest[j]) / range[j];
            }
            return scaled;
        }

        /** The observed non-dominated networks, the one whose loss would cost the most hypervolume first. */
        private List<G> frontByContribution() {
            List<double[]> observedPoints = points.subList(0, observed);
            List<Integer> front = Pareto.front(observedPoints);
            List<double[]> frontPoints = front.stream().map(observedPoints::get).toList();
            double[] contributions = new double[front.size()];
            for (int i = 0; i < contributions.length; i++) {
                contributions[i] = Hypervolume.contribution(frontPoints, reference, i);
            }
            Integer[] order = new Integer[front.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> contributions[i]).reversed());
            List<G> parents = new ArrayList<>(order.length);
            for (int i : order) {
                parents.add(measured.get(front.get(i)));
            }
            return parents;
        }

        /** Adds a running proposal to every model's data and to the points, with the observed models' means. */
        private void believe(double[] input) {
            inputs.add(input);
            double[] point = new double[dimensions];
            for (int j = 0; j < dimensions; j++) {
                double mean = observedModels[j].predict(input).mean();
                targets.get(j).add(mean);
                point[j] = standardisations[j].mean() + standardisations[j].scale() * mean;
                models[j] = null;
            }
            points.add(point);
            acquisition = null;
        }

        /** The candidate with the largest expected hypervolume improvement, or null when there is none left. */
        G pick() {
            if (candidates.isEmpty()) {
                return null;
            }
            if (models[0] == null) {
                double[][] x = inputs.toArray(double[][]::new);
                for (int j = 0; j < dimensions; j++) {
                    double[] y = targets.get(j).stream().mapToDouble(Double::doubleValue).toArray();
                    models[j] = GaussianProcess.fit(x, y, kernel, fitted[j]);
                }
            }
            if (acquisition == null) {
                acquisition = ExpectedHypervolumeImprovement.over(points, reference);
            }
            int best = 0;
            double bestValue = Double.NEGATIVE_INFINITY;
            double[] means = new double[dimensions];
            double[] deviations = new double[dimensions];
            for (int i = 0; i < candidates.size(); i++) {
                for (int j = 0; j < dimensions; j++) {
                    GaussianProcess.Prediction prediction = models[j].predict(candidateInputs.get(i));
                    means[j] = standardisations[j].mean() + standardisations[j].scale() * prediction.mean();
                    deviations[j] = standardisations[j].scale() * prediction.deviation();
                }
                double value = acquisition.value(means, deviations);
                if (value > bestValue) {
                    best = i;
                    bestValue = value;
                }
            }
            G chosen = candidates.remove(best);
            believe(candidateInputs.remove(best));
            return chosen;
        }
    }
}
