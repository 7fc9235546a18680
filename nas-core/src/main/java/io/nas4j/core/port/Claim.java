package io.nas4j.core.port;

import java.util.Objects;

/**
 * What claiming a trial by id gives ({@link TrialLeases#claim}): a lease to run it, or the reason not to
 * run it.
 */
public sealed interface Claim {

    /** The caller runs the trial and writes its result under this lease. */
    record Granted(Lease lease) implements Claim {
        public Granted {
            Objects.requireNonNull(lease, "lease");
        }
    }

    /** A result is already stored (an earlier run of the same attempt wrote it): use it, run nothing. */
    record AlreadyFinished(TrialRecord trial) implements Claim {
        public AlreadyFinished {
            Objects.requireNonNull(trial, "trial");
        }
    }

    /** The trial no longer exists or the search has moved to another attempt: run nothing. */
    record Superseded(String reason) implements Claim {
        public Superseded {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
