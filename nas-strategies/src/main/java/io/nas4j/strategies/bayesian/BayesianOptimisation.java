package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Bayesian optimisation with a Gaussian-process surrogate over an {@link Encoding} of the genomes.
 *
 * <p>The first {@code initial} proposals are uniform samples. After that, each {@code ask} standardises
 * the scores observed so far, conditions the process on them and proposes the candidate of the
 * {@link CandidatePool} that maximises the acquisition function. The kernel's length scale and the noise
 * level maximise the marginal likelihood over a fixed grid (the median distance between observed encodings
 * times {@link #LENGTH_SCALES}; noise ratios {@link #NOISES}); the grid costs twenty factorisations, so it is
 * searched again only once the data has grown by a tenth since the last search, which changes the
 * hyperparameters little and keeps a proposal at 150 observations near 10 ms.
 *
 * <p>Proposals still running (earlier {@code ask}s not yet told, and earlier picks of the same batch) are
 * handled by the kriging believer: each is added to the training data with the posterior mean as its
 * value. That leaves the mean unchanged but shrinks the variance around it, so a batch spreads out
 * instead of proposing near-copies of one point. Networks already tried are never candidates.
 */
public final class BayesianOptimisation<G extends Genome> implements SearchStrategy<G> {

    /** Length scales tried, as multiples of the median distance between observed encodings. */
    static final double[] LENGTH_SCALES = {0.25, 0.5, 1, 2, 4};

    /** Observation-noise variances tried, relative to the amplitude. */
    static final double[] NOISES = {1e-6, 1e-3, 1e-2, 1e-1};

    /** Draws before a uniform sample that repeats a tried network is accepted (nearly exhausted spaces). */
    private static final int RANDOM_RETRIES = 100;

    private final SearchSpace<G> space;
    private final RandomGenerator random;
    private final Encoding<G> encoding;
    private final Kernel kernel;
    private final Acquisition acquisition;
    private final CandidatePool pool;
    private final int initial;
    private final History<G> history;
    private Hyperparameters fitted;
    private int fittedOn;

    public BayesianOptimisation(SearchSpace<G> space, Objective objective, RandomGenerator random,
                                Encoding<G> encoding, Kernel kernel, Acquisition acquisition, CandidatePool pool,
                                int initial) {
        this.space = Objects.requireNonNull(space, "space");
        this.random = Objects.requireNonNull(random, "random");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.acquisition = Objects.requireNonNull(acquisition, "acquisition");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.initial = initial;
        this.history = new History<>(space, objective);
    }

    @Override
    public List<Proposal<G>> ask(int n) {
        List<Proposal<G>> proposals = new ArrayList<>(n);
        Batch batch = null;
        for (int i = 0; i < n; i++) {
            G next = null;
            if (history.proposals() >= initial && history.completed() >= 2) {
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
    }

    private G untriedSample() {
        G sample = space.sample(random);
        for (int retry = 0; retry < RANDOM_RETRIES && history.tried(space.key(sample)); retry++) {
            sample = space.sample(random);
        }
        return sample;
    }

    /** The model of one {@code ask}: fitted once, then updated by a believer after each pick. */
    private final class Batch {
        private final List<double[]> inputs = new ArrayList<>();
        private final List<Double> targets = new ArrayList<>();
        private final int observed;
        private final GaussianProcess observedModel;
        private final Hyperparameters hyperparameters;
        private final double incumbent;
        private final List<G> candidates;
        private final List<double[]> candidateInputs = new ArrayList<>();
        private GaussianProcess model;

        Batch() {
            List<History.Scored<G>> complete = history.complete();
            double[] scores = new double[complete.size()];
            for (int i = 0; i < complete.size(); i++) {
                inputs.add(encoding.encode(complete.get(i).genome()));
                scores[i] = complete.get(i).score();
            }
            double[] standardised = Standardisation.of(scores).apply(scores);
            double best = Double.NEGATIVE_INFINITY;
            for (double value : standardised) {
                targets.add(value);
                best = Math.max(best, value);
            }
            this.incumbent = best;
            this.observed = inputs.size();
            double[][] x = inputs.toArray(double[][]::new);
            if (fitted == null || observed >= fittedOn + Math.max(1, fittedOn / 10)) {
                double median = GaussianProcess.medianDistance(x);
                double[] lengthScales = new double[LENGTH_SCALES.length];
                for (int i = 0; i < lengthScales.length; i++) {
                    lengthScales[i] = LENGTH_SCALES[i] * median;
                }
                fitted = GaussianProcess.maximumLikelihood(x, standardised, kernel, lengthScales, NOISES);
                fittedOn = observed;
            }
            this.hyperparameters = fitted;
            this.observedModel = GaussianProcess.fit(x, standardised, kernel, hyperparameters);
            for (G running : history.pending()) {
                believe(encoding.encode(running));
            }
            this.candidates = new ArrayList<>(pool.candidates(space, history.best(pool.parents()), history::tried,
                    random));
            for (G candidate : candidates) {
                candidateInputs.add(encoding.encode(candidate));
            }
        }

        /** Adds a running proposal to the data with the observed model's mean as its value. */
        private void believe(double[] input) {
            inputs.add(input);
            targets.add(observedModel.predict(input).mean());
            model = null;
        }

        /** The candidate with the largest acquisition value, or null when there is none left. */
        G pick() {
            if (candidates.isEmpty()) {
                return null;
            }
            if (model == null) {
                double[] y = targets.stream().mapToDouble(Double::doubleValue).toArray();
                model = inputs.size() == observed ? observedModel
                        : GaussianProcess.fit(inputs.toArray(double[][]::new), y, kernel, hyperparameters);
            }
            int best = 0;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < candidates.size(); i++) {
                GaussianProcess.Prediction prediction = model.predict(candidateInputs.get(i));
                double value = acquisition.value(prediction.mean(), prediction.deviation(), incumbent);
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
