package io.nas4j.core.search;

import io.nas4j.core.trial.Fidelity;

import io.nas4j.core.genome.Genome;

import java.util.Objects;

/** What a strategy asks to have evaluated: a genome at a fidelity. */
public record Proposal<G extends Genome>(G genome, Fidelity fidelity) {

    public Proposal {
        Objects.requireNonNull(genome, "genome");
        Objects.requireNonNull(fidelity, "fidelity");
    }

    public static <G extends Genome> Proposal<G> full(G genome) {
        return new Proposal<>(genome, Fidelity.FULL);
    }
}
