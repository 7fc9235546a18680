package io.nas4j.benchmarks.tabular;

import io.nas4j.core.UserInputException;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.port.PerformanceEstimator;
import io.nas4j.core.space.SearchSpace;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@value #NAME} backend: instead of training, estimators look each architecture up in a benchmark
 * table (NAS-Bench-201 for the {@code nb201} space, NAS-Bench-Macro for {@code macro}). It makes a search
 * take seconds and gives the accuracies published with the benchmarks. Stateless; each
 * {@link #estimator} call loads its table.
 */
public final class TabularBackend {

    public static final String NAME = "tabular";

    private static final String NB201 = "nb201";
    private static final String MACRO = "macro";
    private static final List<String> MACRO_DATASETS = List.of("cifar10");

    public String name() {
        return NAME;
    }

    public String description() {
        return "looks architectures up in benchmark tables instead of training (spaces " + String.join(", ", spaces())
                + ")";
    }

    /** The spaces this backend has tables for. */
    public List<String> spaces() {
        return List.of(MACRO, NB201);
    }

    /**
     * The data sets the table of {@code space} covers, the default first.
     *
     * @throws UserInputException when there is no table for the space
     */
    public List<String> datasets(String space) {
        return switch (space) {
            case NB201 -> Nb201Dataset.ids();
            case MACRO -> MACRO_DATASETS;
            default -> throw noTable(space);
        };
    }

    /**
     * An estimator that looks genomes of {@code space} up in its table, read from {@code dataDirectory}.
     *
     * @param dataset one of {@link #datasets}, or null for the first
     * @throws UserInputException when there is no table for the space, the data set is not covered or
     *                            the table's file is missing or malformed
     */
    public <G extends Genome> PerformanceEstimator<G> estimator(SearchSpace<G> space, Path dataDirectory,
                                                                String dataset) {
        List<String> datasets = datasets(space.name());
        String chosen = dataset == null ? datasets.get(0) : dataset;
        if (!datasets.contains(chosen)) {
            throw UserInputException.of("dataset", "dataset {} has no table for space {}; allowed: {}", chosen, space.name(),
                    String.join(", ", datasets));
        }
        if (space.name().equals(NB201) && space.genomeType() == CellGenome.class) {
            return cast(new Nb201Estimator(Nb201Table.load(dataDirectory), Nb201Dataset.of(chosen)));
        }
        if (space.name().equals(MACRO) && space.genomeType() == MacroGenome.class) {
            return cast(new MacroEstimator(MacroTable.load(dataDirectory)));
        }
        throw noTable(space.name());
    }

    // Only called after checking that the space's genome type is the estimator's, so G is that type.
    @SuppressWarnings("unchecked")
    private static <G extends Genome> PerformanceEstimator<G> cast(PerformanceEstimator<?> estimator) {
        return (PerformanceEstimator<G>) estimator;
    }

    private UserInputException noTable(String space) {
        return UserInputException.of("space", "backend {} has no table for space {}; allowed: {}", NAME, space,
                String.join(", ", spaces()));
    }
}
