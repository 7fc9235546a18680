package io.nas4j.core.search;

import io.nas4j.core.genome.Genome;

import java.util.List;

/**
 * Proposes architectures and learns from their outcomes (ask/tell).
 *
 * <p>Contract: a strategy never trains, stores or waits. Its only randomness is the seeded generator it
 * was created with, so the sequence of {@code ask}/{@code tell} calls fully determines its proposals;
 * {@link Search} resumes a search by replaying that sequence from the store. Calls come from one thread.
 * {@code ask(n)} may be called again before earlier proposals are told (parallel workers); outcomes
 * arrive in completion order and may be FAILED or PRUNED.
 *
 * @param <G> the genome type of the space searched
 */
public interface SearchStrategy<G extends Genome> {

    /** Up to {@code n} proposals, at least one unless {@link #exhausted()}. */
    List<Proposal<G>> ask(int n);

    /** Records the outcome of an earlier proposal. */
    void tell(Observation<G> observation);

    /** True when the strategy has nothing more to propose (a finished grid, for example). */
    default boolean exhausted() {
        return false;
    }

    /** One proposal. */
    default Proposal<G> ask() {
        List<Proposal<G>> proposals = ask(1);
        if (proposals.isEmpty()) {
            throw new IllegalStateException("the strategy is exhausted");
        }
        return proposals.get(0);
    }
}
