package io.nas4j.core.search;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.space.SearchSpace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every kind of search shares apart from its space, strategy, estimator and executor: the objectives,
 * the budget, the store, the listeners, the retry policy, the trial time limit and the trial order. Training,
 * detection, tabular and benchmark-suite searches each make one plan and {@link #search assemble} their
 * {@link Search} from it, so that a setting means the same everywhere.
 *
 * <p>An immutable value; each {@code with} method returns a changed copy.
 *
 * @param objectives       the first is the primary objective; at least one
 * @param budget           when the search stops asking
 * @param store            where trials are kept; null for a fresh in-memory store
 * @param listeners        told about progress, in this order
 * @param retryPolicy      how often a lost trial (its worker died) runs again
 * @param trialTimeout     a trial running longer fails; null for no limit
 * @param tellInTrialOrder whether outcomes are told in trial order ({@link Search.Builder#tellInTrialOrder}):
 *                         parallel trials then give the same search as sequential ones
 */
public record SearchPlan(List<Objective> objectives, Budget budget, TrialStore store, List<SearchListener> listeners,
                         RetryPolicy retryPolicy, Duration trialTimeout, boolean tellInTrialOrder) {

    public SearchPlan {
        objectives = List.copyOf(objectives);
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException("objectives: a search needs at least one objective");
        }
        Objects.requireNonNull(budget, "budget");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        if (trialTimeout != null && (trialTimeout.isNegative() || trialTimeout.isZero())) {
            throw new IllegalArgumentException("trialTimeout must be positive, got " + trialTimeout);
        }
    }

    /**
     * A plan for {@code objectives} within {@code budget}: an in-memory store, no listener, no retries, no
     * trial time limit, outcomes told in trial order.
     */
    public static SearchPlan of(List<Objective> objectives, Budget budget) {
        return new SearchPlan(objectives, budget, null, List.of(), RetryPolicy.none(), null, true);
    }

    /** A plan for one objective; see {@link #of(List, Budget)}. */
    public static SearchPlan of(Objective objective, Budget budget) {
        return of(List.of(objective), budget);
    }

    /** The primary objective. */
    public Objective objective() {
        return objectives.get(0);
    }

    public SearchPlan withBudget(Budget value) {
        return new SearchPlan(objectives, value, store, listeners, retryPolicy, trialTimeout, tellInTrialOrder);
    }

    public SearchPlan withStore(TrialStore value) {
        return new SearchPlan(objectives, budget, value, listeners, retryPolicy, trialTimeout, tellInTrialOrder);
    }

    /** This plan with {@code value} told after the listeners it has. */
    public SearchPlan withListener(SearchListener value) {
        List<SearchListener> all = new ArrayList<>(listeners);
        all.add(Objects.requireNonNull(value, "listener"));
        return new SearchPlan(objectives, budget, store, all, retryPolicy, trialTimeout, tellInTrialOrder);
    }

    public SearchPlan withRetryPolicy(RetryPolicy value) {
        return new SearchPlan(objectives, budget, store, listeners, value, trialTimeout, tellInTrialOrder);
    }

    /** This plan with a trial time limit; null or zero for none. */
    public SearchPlan withTrialTimeout(Duration value) {
        return new SearchPlan(objectives, budget, store, listeners, retryPolicy,
                value == null || value.isZero() ? null : value, tellInTrialOrder);
    }

    public SearchPlan withTellInTrialOrder(boolean value) {
        return new SearchPlan(objectives, budget, store, listeners, retryPolicy, trialTimeout, value);
    }

    /** The search of this plan over {@code space}, asking {@code strategy} and running trials on {@code executor}. */
    public <G extends Genome> Search<G> search(SearchSpace<G> space, SearchStrategy<G> strategy,
                                               PerformanceEstimator<G> estimator, TrialExecutor executor) {
        Search.Builder<G> builder = Search.builder(space)
                .strategy(strategy)
                .estimator(estimator)
                .objectives(objectives)
                .budget(budget)
                .executor(executor)
                .store(store)
                .retryPolicy(retryPolicy)
                .tellInTrialOrder(tellInTrialOrder);
        listeners.forEach(builder::listener);
        if (trialTimeout != null) {
            builder.trialTimeout(trialTimeout);
        }
        return builder.build();
    }
}
