package io.nas4j.core.port;

import io.nas4j.core.trial.TrialResult;

import java.util.List;
import java.util.Optional;

/**
 * Trials run for a search by workers elsewhere (a Spark task, a process on another machine): a worker
 * claims a trial, runs it under the {@link Lease} the claim grants, and writes the result under that
 * lease; the search then reads the result back. A shared store offers it beside {@link TrialStore}; find
 * one for a URL with {@link TrialStores#openLeases}.
 *
 * <p>Contract. <b>Fencing:</b> every claim of a trial voids the leases granted before it (its token
 * grows), and a result written under a voided lease is refused: {@link #complete} returns false and the
 * stored trial is left as it was, so a result is recorded once however often the trial ran. A lease lapses
 * unless renewed; the object that granted it renews it until its result is written or the object is
 * closed. <b>Threads:</b> safe for use from many threads of one process (calls may be serialised); open
 * one object per process, not per task.
 *
 * <p><b>A queue.</b> A search whose trials wait for workers it does not start (Optuna's RDB model) offers
 * each attempt with {@link #enqueue}; workers take them with {@link #claimNext}, write each result with
 * {@link #complete} or hand an unfinished trial back with {@link #release}; the search finds workers that
 * died with {@link #revokeLapsed} and reads results with {@link #trial}. The search's attributes
 * ({@link #attribute}) carry what workers need to build the trials' evaluation. <b>Errors:</b> a trial
 * that moved on is not an error but a {@link Claim.Superseded}; a store that cannot be reached or a failed write throws an unchecked exception
 * whose message names the store (without credentials). Nothing returned is null.
 */
public interface TrialLeases extends AutoCloseable {

    /**
     * Claims one attempt of a trial to run it here, voiding any lease another holder had: the caller knows
     * the earlier holder is gone (Spark runs a task again only after its previous attempt failed).
     *
     * @param label names the claimant in the store's records, for example {@code "spark task 7.1"}
     * @return a lease to run the trial, the result an earlier run of the same attempt stored, or why not to
     *         run it (no such trial, or the search moved to another attempt)
     */
    Claim claim(long trialId, int attempt, String label);

    /** Claims the QUEUED trial with the lowest id, if any; concurrent claimants never get the same trial. */
    Optional<Lease> claimNext(String label);

    /** Extends a lease by one lease duration; false when it is no longer the current one. */
    boolean renew(Lease lease);

    /**
     * Writes an attempt's result under its lease, accepted only while the lease is the current one.
     *
     * @return whether the result was recorded (false: the lease was voided, the result is dropped)
     */
    boolean complete(Lease lease, TrialResult result);

    /**
     * Offers one attempt of a trial to workers: it becomes QUEUED, for {@link #claimNext}, and any lease on
     * it is voided (its token grows).
     *
     * @return false, changing nothing, when the trial does not exist, is at another attempt or has finished
     */
    boolean enqueue(long trialId, int attempt);

    /**
     * Hands a leased trial back unfinished (its worker stops cleanly): QUEUED again for the same attempt,
     * for another worker to claim, the lease voided.
     *
     * @return false when the lease is no longer the current one (nothing changes)
     */
    boolean release(Lease lease);

    /**
     * Voids the lapsed leases of RUNNING trials: those not renewed in time, and those held by a process of
     * this host that no longer runs. Their trials stay RUNNING under no lease, for whoever runs the search
     * to run again or fail; a result written later under a voided lease is refused.
     *
     * @return the voided leases, in trial id order
     */
    List<Lease> revokeLapsed();

    /** A search attribute (its configuration, what workers build trials from), if stored. */
    Optional<String> attribute(String name);

    /** Stores a search attribute, replacing any value it had. */
    void putAttribute(String name, String value);

    /** The trial with this id as stored now, if it exists. */
    Optional<TrialRecord> trial(long id);

    /** Stops renewing this object's leases (they lapse) and releases its resources. */
    @Override
    void close();
}
