package io.nas4j.core.genome;

import java.util.List;
import java.util.Objects;

/**
 * A genome of the NAS-Bench-201 cell space: the operation on each of the six edges of the 4-node cell.
 *
 * <p>Edges are in the order of the standard cell string {@code |e0~0|+|e1~0|e2~1|+|e3~0|e4~1|e5~2|}:
 * node 1 from node 0; node 2 from nodes 0 and 1; node 3 from nodes 0, 1 and 2.
 *
 * @param ops six operation names
 */
public record CellGenome(List<String> ops) implements Genome {

    public static final int EDGES = 6;

    public CellGenome {
        Objects.requireNonNull(ops, "ops");
        if (ops.size() != EDGES) {
            throw new IllegalArgumentException("a cell has " + EDGES + " edges, got " + ops.size());
        }
        ops = List.copyOf(ops);
    }

    /** The source node of edge {@code e} (0-based, in cell-string order). */
    public static int from(int edge) {
        return switch (edge) {
            case 0, 1, 3 -> 0;
            case 2, 4 -> 1;
            case 5 -> 2;
            default -> throw new IndexOutOfBoundsException("edge " + edge);
        };
    }

    /** The target node of edge {@code e} (0-based, in cell-string order). */
    public static int to(int edge) {
        return switch (edge) {
            case 0 -> 1;
            case 1, 2 -> 2;
            case 3, 4, 5 -> 3;
            default -> throw new IndexOutOfBoundsException("edge " + edge);
        };
    }
}
