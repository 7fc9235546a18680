package io.nas4j.benchmarks.tabular;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.Shape;
import io.nas4j.core.space.CellSpace;

import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The trainable parameters of the network of every NAS-Bench-201 cell on one data set, as the core's IR
 * counts them ({@link NetworkAnalysis} of {@link CellSpace#decode} with the data set's classification head:
 * 10, 100 or 120 classes). The IR builds every edge of the cell, so an edge that cannot reach the output
 * still counts, as it does in the benchmark's own figures.
 *
 * <p>Counting all 15,625 networks takes a few seconds, so each data set's counts are made once per JVM and
 * shared. Immutable and thread-safe.
 */
public final class Nb201Parameters {

    private static final Map<Nb201Dataset, Nb201Parameters> COUNTED = new EnumMap<>(Nb201Dataset.class);

    private final CellSpace space;
    private final long[] parameters;

    private Nb201Parameters(CellSpace space, long[] parameters) {
        this.space = space;
        this.parameters = parameters;
    }

    /** The counts on {@code dataset}, made on first use. */
    public static synchronized Nb201Parameters of(Nb201Dataset dataset) {
        Objects.requireNonNull(dataset, "dataset");
        return COUNTED.computeIfAbsent(dataset, Nb201Parameters::count);
    }

    private static Nb201Parameters count(Nb201Dataset dataset) {
        CellSpace space = new CellSpace();
        long[] parameters = IntStream.range(0, space.size().intValueExact()).parallel()
                .mapToLong(index -> count(space, space.at(BigInteger.valueOf(index)), dataset))
                .toArray();
        return new Nb201Parameters(space, parameters);
    }

    /** Counts the parameters of one cell's network on {@code dataset}. */
    static long count(CellSpace space, CellGenome cell, Nb201Dataset dataset) {
        return NetworkAnalysis.of(space.decode(cell, head(dataset))).parameters();
    }

    /** The head the benchmark trained on {@code dataset}: CIFAR images are 32x32, ImageNet16-120's 16x16. */
    private static ClassificationHead head(Nb201Dataset dataset) {
        return switch (dataset) {
            case CIFAR10 -> new ClassificationHead(Shape.of(3, 32, 32), 10);
            case CIFAR100 -> new ClassificationHead(Shape.of(3, 32, 32), 100);
            case IMAGENET16 -> new ClassificationHead(Shape.of(3, 16, 16), 120);
        };
    }

    /** The parameters of {@code cell}'s network. */
    public long of(CellGenome cell) {
        return parameters[space.indexOf(cell).intValueExact()];
    }
}
