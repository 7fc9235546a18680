package io.nas4j.core.space;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.TaskHead;

import java.util.ArrayList;
import java.util.List;

/**
 * The NAS-Bench-201 cell space: a 4-node DAG cell whose 6 edges each carry one of five operations
 * ({@code none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3}), 15,625 cells, stacked in the
 * NB201 macro skeleton when decoded. Other edge ops ({@link Nb201Skeleton#EDGE_OP_FORMS}: other kernels, max
 * pooling) or a subset make a space of {@code |ops|^6} cells of the same skeleton; its {@link #name()} is
 * {@code nb201} while every op is one of the benchmark's, so its cells can still be looked up, else {@code cell}.
 *
 * <p>Text form: the standard cell string {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}. Canonical key: the
 * cell string after replacing every edge that lies on no path from the input node to the output node
 * with {@code none}; such edges do not change the network's function.
 */
public final class CellSpace extends CategoricalSpace<CellGenome> {

    /** The NB201 operations, in the benchmark's own order. */
    public static final List<String> OPS = Nb201Skeleton.OPS;

    private final List<String> ops;
    private final int stemChannels;
    private final int cellsPerStage;

    /** The benchmark's configuration: 16 stem channels, 5 cells per stage. */
    public CellSpace() {
        this(16, 5);
    }

    /**
     * The benchmark's ops in a skeleton of other sizes.
     *
     * @param stemChannels  channels of the stem and the first stage (doubled at each of two reductions)
     * @param cellsPerStage cells stacked in each of the three stages
     */
    public CellSpace(int stemChannels, int cellsPerStage) {
        this(OPS, stemChannels, cellsPerStage);
    }

    /**
     * @param ops           the edge ops, each an {@linkplain Nb201Skeleton#isEdgeOp edge op} the skeleton builds,
     *                      non-empty and without repeats, in the order of the decisions' options
     * @param stemChannels  channels of the stem and the first stage (doubled at each of two reductions)
     * @param cellsPerStage cells stacked in each of the three stages
     * @throws IllegalArgumentException naming the parameter at fault
     */
    public CellSpace(List<String> ops, int stemChannels, int cellsPerStage) {
        super(edgeDecisions(checkedOps(ops)));
        if (stemChannels < 1) {
            throw new IllegalArgumentException("stemChannels must be positive, got " + stemChannels);
        }
        if (cellsPerStage < 1) {
            throw new IllegalArgumentException("cellsPerStage must be positive, got " + cellsPerStage);
        }
        this.ops = List.copyOf(ops);
        this.stemChannels = stemChannels;
        this.cellsPerStage = cellsPerStage;
    }

    private static List<String> checkedOps(List<String> ops) {
        List<String> checked = OptionLists.distinct("ops", ops);
        for (String op : checked) {
            if (!Nb201Skeleton.isEdgeOp(op)) {
                throw new IllegalArgumentException("ops: unknown cell op '" + op + "'; allowed: "
                        + Nb201Skeleton.EDGE_OP_FORMS);
            }
        }
        return checked;
    }

    private static List<Decision> edgeDecisions(List<String> ops) {
        List<Decision> decisions = new ArrayList<>();
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            decisions.add(new Decision("edge" + CellGenome.from(edge) + "->" + CellGenome.to(edge), ops));
        }
        return decisions;
    }

    /** The edge ops, in the order of the decisions' options. */
    public List<String> ops() {
        return ops;
    }

    /** The channels of the stem and the first stage. */
    public int stemChannels() {
        return stemChannels;
    }

    /** The cells stacked in each stage. */
    public int cellsPerStage() {
        return cellsPerStage;
    }

    /** {@code nb201} while every op is one of the benchmark's ({@link #OPS}), else {@code cell}. */
    @Override
    public String name() {
        return OPS.containsAll(ops) ? "nb201" : "cell";
    }

    @Override
    public Class<CellGenome> genomeType() {
        return CellGenome.class;
    }

    @Override
    public int[] choices(CellGenome genome) {
        int[] choices = new int[CellGenome.EDGES];
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            int index = ops.indexOf(genome.ops().get(edge));
            if (index < 0) {
                throw new IllegalArgumentException("unknown cell operation " + genome.ops().get(edge)
                        + "; allowed: " + String.join(", ", ops));
            }
            choices[edge] = index;
        }
        return choices;
    }

    @Override
    public CellGenome fromChoices(int[] choices) {
        checkChoices(choices);
        List<String> edges = new ArrayList<>(CellGenome.EDGES);
        for (int choice : choices) {
            edges.add(ops.get(choice));
        }
        return new CellGenome(edges);
    }

    @Override
    public String format(CellGenome genome) {
        choices(genome);
        List<String> edges = genome.ops();
        StringBuilder text = new StringBuilder();
        int edge = 0;
        for (int node = 1; node <= 3; node++) {
            if (node > 1) {
                text.append('+');
            }
            text.append('|');
            for (int source = 0; source < node; source++) {
                text.append(edges.get(edge++)).append('~').append(source).append('|');
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
        List<String> edges = new ArrayList<>(CellGenome.EDGES);
        for (int node = 1; node <= 3; node++) {
            String part = nodes[node - 1];
            if (!part.startsWith("|") || !part.endsWith("|")) {
                throw new IllegalArgumentException("cell node " + node + " must be enclosed in '|': " + text);
            }
            String[] incoming = part.substring(1, part.length() - 1).split("\\|", -1);
            if (incoming.length != node) {
                throw new IllegalArgumentException("cell node " + node + " needs " + node + " edges, got "
                        + incoming.length + ": " + text);
            }
            for (int source = 0; source < node; source++) {
                String[] opAndSource = incoming[source].split("~", -1);
                if (opAndSource.length != 2 || !opAndSource[1].equals(Integer.toString(source))) {
                    throw new IllegalArgumentException("cell edge '" + incoming[source] + "' must read op~" + source
                            + ": " + text);
                }
                if (!ops.contains(opAndSource[0])) {
                    throw new IllegalArgumentException("unknown cell operation " + opAndSource[0] + "; allowed: "
                            + String.join(", ", ops));
                }
                edges.add(opAndSource[0]);
            }
        }
        return new CellGenome(edges);
    }

    @Override
    public String key(CellGenome genome) {
        List<String> edges = genome.ops();
        boolean[] reachable = new boolean[4];
        reachable[0] = true;
        for (int edge = 0; edge < CellGenome.EDGES; edge++) {
            if (!edges.get(edge).equals("none") && reachable[CellGenome.from(edge)]) {
                reachable[CellGenome.to(edge)] = true;
            }
        }
        boolean[] reachesOutput = new boolean[4];
        reachesOutput[3] = true;
        for (int edge = CellGenome.EDGES - 1; edge >= 0; edge--) {
            if (!edges.get(edge).equals("none") && reachesOutput[CellGenome.to(edge)]) {
                reachesOutput[CellGenome.from(edge)] = true;
            }
        }
        List<String> live = new ArrayList<>(edges);
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
