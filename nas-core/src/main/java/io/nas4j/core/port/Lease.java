package io.nas4j.core.port;

import java.util.Objects;

/**
 * The right to write one attempt's result: granted by a claim, renewed by the store while the trial runs,
 * and void as soon as anyone claims the trial again (the token then grows), so a worker that was given up
 * for dead cannot overwrite the result of the one that replaced it.
 *
 * @param trialId the trial
 * @param attempt the search's attempt of the trial
 * @param token   the fencing token: grows with every claim of the trial
 * @param owner   who holds the lease, as the store names it (process and the claim's label)
 */
public record Lease(long trialId, int attempt, long token, String owner) {

    public Lease {
        Objects.requireNonNull(owner, "owner");
    }
}
