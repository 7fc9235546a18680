package io.nas4j.strategies.predictor;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.strategies.bayesian.Acquisition;
import io.nas4j.strategies.bayesian.CandidatePool;
import io.nas4j.strategies.bayesian.Encoding;
import io.nas4j.strategies.bayesian.History;
import io.nas4j.strategies.bayesian.Standardisation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * BANANAS (White, Neiswanger and Savani, 2021): Bayesian optimisation whose surrogate is an ensemble of
 * small neural predictors trained on an {@link Encoding} of the architectures (the paper's path encoding,
 * or one-hot, which did better on NAS-Bench-201), with the acquisition maximised over mutations of the best
 * architectures found.
 *
 * <p>The first {@code initial} proposals are uniform samples. After that, each {@code ask} refits the
 * ensemble on the standardised scores seen so far (warm-started, see {@link PredictorEnsemble}), scores
 * every candidate of the {@link CandidatePool} with the acquisition function, and proposes the {@code n}
 * best distinct candidates. Running proposals are never candidates again. A batch takes the top {@code n}
 * without a believer: Thompson sampling scores each candidate with its own draw, which already spreads a
 * batch, and refitting an ensemble per pick would cost {@code n} times as much.
 */
public final class Bananas<G extends Genome> implements SearchStrategy<G> {

    /** Draws before a uniform sample that repeats a tried network is accepted (nearly exhausted spaces). */
    private static final int RANDOM_RETRIES = 100;

    private final SearchSpace<G> space;
    private final RandomGenerator random;
    private final Encoding<G> encoding;
    private final Supplier<PredictorEnsemble> ensembles;
    private final Acquisition acquisition;
    private final CandidatePool pool;
    private final int initial;
    private final History<G> history;
    private PredictorEnsemble ensemble;
    private int fitted;

    /**
     * @param ensembles makes the (untrained) ensemble when the model is first needed
     */
    public Bananas(SearchSpace<G> space, Objective objective, RandomGenerator random, Encoding<G> encoding,
                   Supplier<PredictorEnsemble> ensembles, Acquisition acquisition, CandidatePool pool, int initial) {
        this.space = Objects.requireNonNull(space, "space");
        this.random = Objects.requireNonNull(random, "random");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.ensembles = Objects.requireNonNull(ensembles, "ensembles");
        this.acquisition = Objects.requireNonNull(acquisition, "acquisition");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.initial = initial;
        this.history = new History<>(space, objective);
    }

    @Override
    public List<Proposal<G>> ask(int n) {
        List<G> chosen = new ArrayList<>(n);
        if (history.proposals() >= initial && history.completed() >= 2) {
            chosen.addAll(modelled(n));
        }
        List<Proposal<G>> proposals = new ArrayList<>(n);
        for (G genome : chosen) {
            history.proposed(genome);
            proposals.add(Proposal.full(genome));
        }
        while (proposals.size() < n) {
            G sample = untriedSample();
            history.proposed(sample);
            proposals.add(Proposal.full(sample));
        }
        return proposals;
    }

    @Override
    public void tell(Observation<G> observation) {
        history.observed(observation);
    }

    /** Up to {@code n} candidates with the best acquisition values, best first. */
    private List<G> modelled(int n) {
        List<History.Scored<G>> complete = history.complete();
        double incumbent = fit(complete);
        List<G> candidates = pool.candidates(space, history.best(pool.parents()), history::tried, random);
        List<Ranked<G>> ranked = new ArrayList<>(candidates.size());
        for (G candidate : candidates) {
            PredictorEnsemble.Estimate estimate = ensemble.predict(encoding.encode(candidate));
            ranked.add(new Ranked<>(candidate, acquisition.value(estimate.mean(), estimate.deviation(), incumbent)));
        }
        // stable: equal values keep the pool's deterministic order
        ranked.sort(Comparator.comparingDouble((Ranked<G> r) -> r.value()).reversed());
        return ranked.subList(0, Math.min(n, ranked.size())).stream().map(Ranked::genome).toList();
    }

    /** Trains the ensemble on any new observations; returns the standardised incumbent. */
    private double fit(List<History.Scored<G>> complete) {
        double[] scores = complete.stream().mapToDouble(History.Scored::score).toArray();
        double[] targets = Standardisation.of(scores).apply(scores);
        if (ensemble == null) {
            ensemble = ensembles.get();
        }
        if (fitted != complete.size()) {
            double[][] inputs = new double[complete.size()][];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = encoding.encode(complete.get(i).genome());
            }
            ensemble.fit(inputs, targets);
            fitted = complete.size();
        }
        double incumbent = Double.NEGATIVE_INFINITY;
        for (double target : targets) {
            incumbent = Math.max(incumbent, target);
        }
        return incumbent;
    }

    private G untriedSample() {
        G sample = space.sample(random);
        for (int retry = 0; retry < RANDOM_RETRIES && history.tried(space.key(sample)); retry++) {
            sample = space.sample(random);
        }
        return sample;
    }

    private record Ranked<G>(G genome, double value) {
    }
}
