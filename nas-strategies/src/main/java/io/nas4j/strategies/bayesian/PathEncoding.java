package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.space.CellSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * The path encoding of NAS-Bench-201 cells (White et al., BANANAS): one indicator per (route from the input
 * node to the output node, sequence of operations along it) that says whether the cell has that path.
 *
 * <p>The cell has four routes from node 0 to node 3 (directly, through node 1, through node 2, through
 * both), and a path exists when no edge on its route is {@code none}. With the four other operations that
 * is 4 + 16 + 16 + 64 = 100 indicators. Unlike the one-hot encoding it ignores edges that lie on no live
 * path, so cells with the same canonical key share an encoding, and it exposes directly the interactions
 * along a path that a surrogate would otherwise have to learn.
 */
public final class PathEncoding implements Encoding<CellGenome> {

    private static final int INPUT = 0;
    private static final int OUTPUT = 3;

    /** The operations a path can carry: every cell operation but {@code none}, in the space's order. */
    private static final List<String> OPERATIONS = CellSpace.OPS.stream().filter(op -> !op.equals("none")).toList();

    private final List<int[]> routes;
    private final int[] offsets;
    private final int length;

    public PathEncoding() {
        this.routes = new ArrayList<>();
        collectRoutes(INPUT, new ArrayList<>());
        this.offsets = new int[routes.size()];
        int total = 0;
        for (int route = 0; route < routes.size(); route++) {
            offsets[route] = total;
            total += (int) Math.pow(OPERATIONS.size(), routes.get(route).length);
        }
        this.length = total;
    }

    /** Depth-first enumeration of edge sequences from {@code node} to the output, edges in cell-string order. */
    private void collectRoutes(int node, List<Integer> edges) {
        if (node == OUTPUT) {
            routes.add(edges.stream().mapToInt(Integer::intValue).toArray());
            return;
        }
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            if (CellGenome.from(edge) == node) {
                edges.add(edge);
                collectRoutes(CellGenome.to(edge), edges);
                edges.remove(edges.size() - 1);
            }
        }
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public double[] encode(CellGenome genome) {
        int[] operations = new int[CellGenome.EDGES];
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            operations[edge] = OPERATIONS.indexOf(genome.ops().get(edge));
        }
        double[] encoding = new double[length];
        for (int route = 0; route < routes.size(); route++) {
            int index = 0;
            boolean live = true;
            for (int edge : routes.get(route)) {
                if (operations[edge] < 0) {
                    live = false;
                    break;
                }
                index = index * OPERATIONS.size() + operations[edge];
            }
            if (live) {
                encoding[offsets[route] + index] = 1;
            }
        }
        return encoding;
    }
}
