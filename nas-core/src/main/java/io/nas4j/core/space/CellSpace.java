package io.nas4j.core.space;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.TaskHead;

import java.util.ArrayList;
import java.util.List;

/**
 * The NAS-Bench-201 cell space: a 4-node DAG cell whose 6 edges each carry one of five operations
 * ({@code none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3}), 15,625 cells, stacked in the
 * NB201 macro skeleton when decoded.
 *
 * <p>Text form: the standard cell string {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}. Canonical key: the
 * cell string after replacing every edge that lies on no path from the input node to the output node
 * with {@code none}; such edges do not change the network's function.
 */
public final class CellSpace extends CategoricalSpace<CellGenome> {

    /** The NB201 operations, in the benchmark's own order. */
    public static final List<String> OPS = Nb201Skeleton.OPS;

    private final int stemChannels;
    private final int cellsPerStage;

    /** The benchmark's configuration: 16 stem channels, 5 cells per stage. */
    public CellSpace() {
        this(16, 5);
    }

    /**
     * @param stemChannels  channels of the stem and the first stage (doubled at each of two reductions)
     * @param cellsPerStage cells stacked in each of the three stages
     */
    public CellSpace(int stemChannels, int cellsPerStage) {
        super(edgeDecisions());
        if (stemChannels < 1 || cellsPerStage < 1) {
            throw new IllegalArgumentException("stemChannels and cellsPerStage must be positive");
        }
        this.stemChannels = stemChannels;
        this.cellsPerStage = cellsPerStage;
    }

    private static List<Decision> edgeDecisions() {
        List<Decision> decisions = new ArrayList<>();
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            decisions.add(new Decision("edge" + CellGenome.from(edge) + "->" + CellGenome.to(edge), OPS));
        }
        return decisions;
    }

    @Override
    public String name() {
        return "nb201";
    }

    @Override
    public Class<CellGenome> genomeType() {
        return CellGenome.class;
    }

    @Override
    public int[] choices(CellGenome genome) {
        int[] choices = new int[CellGenome.EDGES];
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            int index = OPS.indexOf(genome.ops().get(edge));
            if (index < 0) {
                throw new IllegalArgumentException("unknown cell operation " + genome.ops().get(edge)
                        + "; allowed: " + String.join(", ", OPS));
            }
            choices[edge] = index;
        }
        return choices;
    }

    @Override
    public CellGenome fromChoices(int[] choices) {
        checkChoices(choices);
        List<String> ops = new ArrayList<>(CellGenome.EDGES);
        for (int choice : choices) {
            ops.add(OPS.get(choice));
        }
        return new CellGenome(ops);
    }

    @Override
    public String format(CellGenome genome) {
        choices(genome);
        List<String> ops = genome.ops();
        StringBuilder text = new StringBuilder();
        int edge = 0;
        for (int node = 1; node <= 3; node++) {
            if (node > 1) {
                text.append('+');
            }
            text.append('|');
            for (int source = 0; source < node; source++) {
                text.append(ops.get(edge++)).append('~').append(source).append('|');
            }
        }
        return text.toString();
    }

    @Override
    public CellGenome parse(String text) {
        String[] nodes = text.trim().split("\\+", -1);
        if (nodes.length != 3) {
            throw new IllegalArgumentException("a cell string has 3 nodes separated by '+', got: " + text);
        }
        List<String> ops = new ArrayList<>(CellGenome.EDGES);
        for (int node = 1; node <= 3; node++) {
            String part = nodes[node - 1];
            if (!part.startsWith("|") || !part.endsWith("|")) {
                throw new IllegalArgumentException("cell node " + node + " must be enclosed in '|': " + text);
            }
            String[] edges = part.substring(1, part.length() - 1).split("\\|", -1);
            if (edges.length != node) {
                throw new IllegalArgumentException("cell node " + node + " needs " + node + " edges, got "
                        + edges.length + ": " + text);
            }
            for (int source = 0; source < node; source++) {
                String[] opAndSource = edges[source].split("~", -1);
                if (opAndSource.length != 2 || !opAndSource[1].equals(Integer.toString(source))) {
                    throw new IllegalArgumentException("cell edge '" + edges[source] + "' must read op~" + source
                            + ": " + text);
                }
                if (!OPS.contains(opAndSource[0])) {
                    throw new IllegalArgumentException("unknown cell operation " + opAndSource[0] + "; allowed: "
                            + String.join(", ", OPS));
                }
                ops.add(opAndSource[0]);
            }
        }
        return new CellGenome(ops);
    }

    @Override
    public String key(CellGenome genome) {
        List<String> ops = genome.ops();
        boolean[] reachable = new boolean[4];
        reachable[0] = true;
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            if (!ops.get(edge).equals("none") && reachable[CellGenome.from(edge)]) {
                reachable[CellGenome.to(edge)] = true;
            }
        }
        boolean[] reachesOutput = new boolean[4];
        reachesOutput[3] = true;
        for (int edge = CellGenome.EDGES - 1; edge >= 0; edge--) {
            if (!ops.get(edge).equals("none") && reachesOutput[CellGenome.to(edge)]) {
                reachesOutput[CellGenome.from(edge)] = true;
            }
        }
        List<String> live = new ArrayList<>(ops);
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            if (!reachable[CellGenome.from(edge)] || !reachesOutput[CellGenome.to(edge)]) {
                live.set(edge, "none");
            }
        }
        return format(new CellGenome(live));
    }

    @Override
    public NetworkSpec decode(CellGenome genome, TaskHead head) {
        return Nb201Skeleton.decode(genome, head, stemChannels, cellsPerStage);
    }
}
