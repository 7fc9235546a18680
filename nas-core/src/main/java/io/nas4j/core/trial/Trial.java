package io.nas4j.core.trial;

import io.nas4j.core.genome.Genome;

import java.util.Objects;
import java.util.Optional;

/**
 * One evaluation to run: a numbered proposal and its attempt (attempts above 1 are re-runs after an
 * infrastructure failure or a resume).
 *
 * @param incumbent the best result at this fidelity when the search started the trial, if any; estimators
 *                  that stop hopeless trials early compare with it, others ignore it
 */
public record Trial<G extends Genome>(long id, G genome, Fidelity fidelity, int attempt, Optional<Incumbent> incumbent) {
    public Trial {
        Objects.requireNonNull(genome, "genome");
        Objects.requireNonNull(fidelity, "fidelity");
        Objects.requireNonNull(incumbent, "incumbent");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
    }

    /** A trial without an incumbent (the first of a search, or one run outside a search). */
    public Trial(long id, G genome, Fidelity fidelity, int attempt) {
        this(id, genome, fidelity, attempt, Optional.empty());
    }

    /** This trial with {@code value} as its incumbent. */
    public Trial<G> withIncumbent(Incumbent value) {
        return new Trial<>(id, genome, fidelity, attempt, Optional.of(value));
    }
}
