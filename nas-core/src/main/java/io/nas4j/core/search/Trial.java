package io.nas4j.core.search;

import io.nas4j.core.genome.Genome;

import java.util.Objects;

/**
 * One evaluation to run: a numbered proposal and its attempt (attempts above 1 are re-runs after an
 * infrastructure failure or a resume).
 */
public record Trial<G extends Genome>(long id, G genome, Fidelity fidelity, int attempt) {
    public Trial {
        Objects.requireNonNull(genome, "genome");
        Objects.requireNonNull(fidelity, "fidelity");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
    }
}
