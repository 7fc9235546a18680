package io.nas4j.core.genome;

/**
 * An architecture as an immutable value of decisions.
 *
 * <p>Every search space defines its own genome type (a record). Two genomes are {@code equals} when
 * they hold the same decisions; whether two different genomes describe the same network is decided by
 * the space's canonical key ({@link io.nas4j.core.space.SearchSpace#key}). Genomes carry no behaviour:
 * the space that made them samples, mutates, encodes and decodes them. Their stable text form is
 * {@link io.nas4j.core.space.SearchSpace#format}; as records they also serialise to JSON as they are.
 */
public interface Genome {
}
