package io.nas4j.strategies.multifidelity;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The multi-fidelity strategies (successive halving, Hyperband, BOHB) as one ask/tell loop over successive
 * halving brackets: a {@link BracketScheduler} decides which configuration runs at which rung, a
 * {@link ConfigurationSampler} supplies new configurations.
 *
 * <p>Every proposal's fidelity is one of the {@link Rungs}' resources. Outcomes are matched to running
 * evaluations by canonical key and fidelity; an outcome at a resource that is not a rung is ignored. A
 * FAILED or PRUNED evaluation finishes its slot without a score, so it is never promoted. New
 * configurations avoid networks already started by this strategy.
 */
public final class BracketSearch<G extends Genome> implements SearchStrategy<G> {

    private final SearchSpace<G> space;
    private final Objective objective;
    private final Rungs rungs;
    private final BracketScheduler<G> scheduler;
    private final ConfigurationSampler<G> sampler;
    private final Set<String> started = new HashSet<>();

    BracketSearch(SearchSpace<G> space, Objective objective, Rungs rungs, BracketSchedule schedule,
                  ConfigurationSampler<G> sampler) {
        this.space = Objects.requireNonNull(space, "space");
        this.objective = Objects.requireNonNull(objective, "objective");
        this.rungs = Objects.requireNonNull(rungs, "rungs");
        this.scheduler = new BracketScheduler<>(rungs, schedule, space::key);
        this.sampler = Objects.requireNonNull(sampler, "sampler");
    }

    @Override
    public List<Proposal<G>> ask(int n) {
        List<Proposal<G>> proposals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Bracket.Start<G> start = scheduler.next(() -> {
                G genome = sampler.next(started::contains);
                started.add(space.key(genome));
                return genome;
            });
            proposals.add(new Proposal<>(start.genome(), Fidelity.of(rungs.resource(start.rung()))));
        }
        return proposals;
    }

    @Override
    public void tell(Observation<G> observation) {
        int rung = rungs.rungOf(observation.fidelity().resource());
        if (rung < 0) {
            return;
        }
        double score = observation.complete() ? objective.score(observation.metrics()) : Double.NaN;
        if (!Double.isFinite(score)) {
            score = Double.NaN;
        }
        scheduler.record(space.key(observation.genome()), rung, score);
        sampler.observe(observation.genome(), rung, score);
    }
}
