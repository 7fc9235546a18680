package io.nas4j.strategies.reinforce;

import io.nas4j.core.space.Decision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The autoregressive controller of RL-based NAS (Zoph and Le 2017; the sampler of ENAS, Pham et al. 2018): a
 * stacked LSTM that emits one decision at a time. Each step reads the embedding of the previous decision's
 * choice (a learned start vector at the first step), and the top layer's hidden state goes through the head
 * of the decision's type, whose logits are bounded as in ENAS, {@code c * tanh(u / T)} (c = 2.5, T = 5), so the
 * policy cannot collapse to certainty within a few updates. Decisions come in the space's order, so a chain's
 * depth comes first, and a decision the network would not use ({@code used}) is neither emitted nor fed on.
 *
 * <p>A decision's <em>type</em> is its option list: decisions that choose among the same options (every
 * layer's op, every cell edge) share one head and one embedding table, as ENAS shares them across layers.
 *
 * <p>Parameters, all in one flat vector drawn uniformly from [-0.1, 0.1] with the strategy's random source:
 * the start vector (E), per type an embedding table (options x E) and a head (options x H, options), per
 * layer the LSTM's weights (4H x (input + H), input E for the first layer and H above) and biases (4H), gates
 * in the order input, forget, cell, output. The gradient ({@link #gradient}) is exact backpropagation
 * through time of the REINFORCE objective; a test checks it against finite differences.
 */
final class LstmPolicy implements Policy {

    static final double TANH_CONSTANT = 2.5;
    static final double TEMPERATURE = 5.0;
    private static final double INIT_RANGE = 0.1;

    private final int hidden;
    private final int layers;
    private final int embedding;
    private final int[] typeOf;
    private final int[] arity;
    private final double[] parameters;
    // offsets into parameters
    private final int start;
    private final int[] embeddingAt;
    private final int[] headWeightAt;
    private final int[] headBiasAt;
    private final int[] lstmWeightAt;
    private final int[] lstmBiasAt;

    /**
     * @param decisions the space's decisions, in order
     * @param hidden    hidden units per layer (and the embedding size)
     * @param layers    stacked LSTM layers
     */
    LstmPolicy(List<Decision> decisions, int hidden, int layers, RandomGenerator random) {
        if (hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("an LSTM controller needs at least 1 hidden unit and 1 layer, got "
                    + hidden + " and " + layers);
        }
        this.hidden = hidden;
        this.layers = layers;
        this.embedding = hidden;
        Map<List<String>, Integer> types = new LinkedHashMap<>();
        typeOf = new int[decisions.size()];
        for (int d = 0; d < typeOf.length; d++) {
            typeOf[d] = types.computeIfAbsent(decisions.get(d).options(), options -> types.size());
        }
        arity = new int[types.size()];
        types.forEach((options, type) -> arity[type] = options.size());
        int length = 0;
        start = length;
        length += embedding;
        embeddingAt = new int[arity.length];
        headWeightAt = new int[arity.length];
        headBiasAt = new int[arity.length];
        for (int type = 0; type < arity.length; type++) {
            embeddingAt[type] = length;
            length += arity[type] * embedding;
            headWeightAt[type] = length;
            length += arity[type] * hidden;
            headBiasAt[type] = length;
            length += arity[type];
        }
        lstmWeightAt = new int[layers];
        lstmBiasAt = new int[layers];
        for (int layer = 0; layer < layers; layer++) {
            lstmWeightAt[layer] = length;
            length += 4 * hidden * (input(layer) + hidden);
            lstmBiasAt[layer] = length;
            length += 4 * hidden;
        }
        parameters = new double[length];
        for (int i = 0; i < length; i++) {
            parameters[i] = (2 * random.nextDouble() - 1) * INIT_RANGE;
        }
    }

    @Override
    public double[] parameters() {
        return parameters;
    }

    @Override
    public int[] sample(RandomGenerator random, Function<int[], boolean[]> used) {
        int[] choices = new int[typeOf.length];
        State state = new State();
        double[] input = Arrays.copyOfRange(parameters, start, start + embedding);
        for (int d = 0; d < typeOf.length; d++) {
            if (!used.apply(choices)[d]) {
                continue;
            }
            Step step = forward(state, input, typeOf[d]);
            choices[d] = draw(step.probabilities, random);
            input = embeddingOf(typeOf[d], choices[d]);
        }
        return choices;
    }

    @Override
    public double[] gradient(int[] choices, boolean[] used, double advantage, double entropyWeight) {
        List<Step> steps = new ArrayList<>();
        List<Integer> decided = new ArrayList<>();
        State state = new State();
        double[] input = Arrays.copyOfRange(parameters, start, start + embedding);
        for (int d = 0; d < typeOf.length; d++) {
            if (!used[d]) {
                continue;
            }
            steps.add(forward(state, input, typeOf[d]));
            decided.add(d);
            input = embeddingOf(typeOf[d], choices[d]);
        }
        double[] gradient = new double[parameters.length];
        double[][] nextHidden = new double[layers][hidden];   // dJ/dh of each layer, from the step after
        double[][] nextCell = new double[layers][hidden];     // dJ/dc of each layer, from the step after
        for (int s = steps.size() - 1; s >= 0; s--) {
            Step step = steps.get(s);
            int decision = decided.get(s);
            int type = typeOf[decision];
            double[] fromAbove = headGradient(step, choices[decision], advantage, entropyWeight, type, gradient);
            for (int layer = layers - 1; layer >= 0; layer--) {
                double[] dh = nextHidden[layer];
                for (int j = 0; j < hidden; j++) {
                    dh[j] += fromAbove[j];
                }
                fromAbove = cellGradient(step.cells[layer], layer, dh, nextCell[layer], nextHidden[layer], gradient);
            }
            // fromAbove is now dJ/d(input of the first layer): the previous choice's embedding or the start vector
            int at = s == 0 ? start : embeddingAt[typeOf[decided.get(s - 1)]] + choices[decided.get(s - 1)] * embedding;
            for (int j = 0; j < embedding; j++) {
                gradient[at + j] += fromAbove[j];
            }
        }
        return gradient;
    }

    /** The objective's gradient at one step's head; adds the head's part and returns dJ/dh of the top layer. */
    private double[] headGradient(Step step, int chosen, double advantage, double entropyWeight, int type,
                                  double[] gradient) {
        double[] p = step.probabilities;
        double entropy = 0;
        for (double value : p) {
            entropy -= value > 0 ? value * Math.log(value) : 0;
        }
        double[] top = step.cells[layers - 1].h;
        double[] dTop = new double[hidden];
        int weights = headWeightAt[type];
        for (int k = 0; k < p.length; k++) {
            double dLogit = advantage * ((k == chosen ? 1 : 0) - p[k])
                    + (p[k] > 0 ? -entropyWeight * p[k] * (Math.log(p[k]) + entropy) : 0);
            double squashed = Math.tanh(step.raw[k] / TEMPERATURE);
            double dRaw = dLogit * TANH_CONSTANT * (1 - squashed * squashed) / TEMPERATURE;
            gradient[headBiasAt[type] + k] += dRaw;
            int row = weights + k * hidden;
            for (int j = 0; j < hidden; j++) {
                gradient[row + j] += dRaw * top[j];
                dTop[j] += dRaw * parameters[row + j];
            }
        }
        return dTop;
    }

    /**
     * Backpropagates one LSTM cell: {@code dh} is dJ/dh at this step (from above and from the next step),
     * {@code dcNext} dJ/dc from the next step. Adds the weights' part, leaves dJ/dh and dJ/dc of the previous
     * step in {@code hiddenOut} and {@code dcNext}, and returns dJ/d(input).
     */
    private double[] cellGradient(Cell cell, int layer, double[] dh, double[] dcNext, double[] hiddenOut,
                                  double[] gradient) {
        int in = input(layer);
        int width = in + hidden;
        double[] dz = new double[4 * hidden];
        double[] dcPrevious = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            double tanhC = Math.tanh(cell.c[j]);
            double dc = dcNext[j] + dh[j] * cell.o[j] * (1 - tanhC * tanhC);
            double dO = dh[j] * tanhC;
            double dI = dc * cell.g[j];
            double dF = dc * cell.cPrevious[j];
            double dG = dc * cell.i[j];
            dcPrevious[j] = dc * cell.f[j];
            dz[j] = dI * cell.i[j] * (1 - cell.i[j]);
            dz[hidden + j] = dF * cell.f[j] * (1 - cell.f[j]);
            dz[2 * hidden + j] = dG * (1 - cell.g[j] * cell.g[j]);
            dz[3 * hidden + j] = dO * cell.o[j] * (1 - cell.o[j]);
        }
        double[] dx = new double[width];
        int weights = lstmWeightAt[layer];
        for (int r = 0; r < 4 * hidden; r++) {
            double grad = dz[r];
            if (grad == 0) {
                continue;
            }
            gradient[lstmBiasAt[layer] + r] += grad;
            int row = weights + r * width;
            for (int k = 0; k < width; k++) {
                gradient[row + k] += grad * cell.x[k];
                dx[k] += grad * parameters[row + k];
            }
        }
        System.arraycopy(dx, in, hiddenOut, 0, hidden);
        System.arraycopy(dcPrevious, 0, dcNext, 0, hidden);
        return Arrays.copyOf(dx, in);
    }

    /** One step: every layer's cell on {@code input}, then the head of {@code type}. Advances {@code state}. */
    private Step forward(State state, double[] input, int type) {
        Cell[] cells = new Cell[layers];
        double[] x = input;
        for (int layer = 0; layer < layers; layer++) {
            cells[layer] = cell(layer, x, state.h[layer], state.c[layer]);
            state.h[layer] = cells[layer].h;
            state.c[layer] = cells[layer].c;
            x = cells[layer].h;
        }
        int options = arity[type];
        double[] raw = new double[options];
        double[] logits = new double[options];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < options; k++) {
            double sum = parameters[headBiasAt[type] + k];
            int row = headWeightAt[type] + k * hidden;
            for (int j = 0; j < hidden; j++) {
                sum += parameters[row + j] * x[j];
            }
            raw[k] = sum;
            logits[k] = TANH_CONSTANT * Math.tanh(sum / TEMPERATURE);
            max = Math.max(max, logits[k]);
        }
        double[] probabilities = new double[options];
        double total = 0;
        for (int k = 0; k < options; k++) {
            probabilities[k] = Math.exp(logits[k] - max);
            total += probabilities[k];
        }
        for (int k = 0; k < options; k++) {
            probabilities[k] /= total;
        }
        return new Step(cells, raw, probabilities);
    }

    private Cell cell(int layer, double[] input, double[] hPrevious, double[] cPrevious) {
        int in = input(layer);
        int width = in + hidden;
        double[] x = new double[width];
        System.arraycopy(input, 0, x, 0, in);
        System.arraycopy(hPrevious, 0, x, in, hidden);
        double[] z = new double[4 * hidden];
        int weights = lstmWeightAt[layer];
        for (int r = 0; r < 4 * hidden; r++) {
            double sum = parameters[lstmBiasAt[layer] + r];
            int row = weights + r * width;
            for (int k = 0; k < width; k++) {
                sum += parameters[row + k] * x[k];
            }
            z[r] = sum;
        }
        Cell cell = new Cell(x, cPrevious, hidden);
        for (int j = 0; j < hidden; j++) {
            cell.i[j] = sigmoid(z[j]);
            cell.f[j] = sigmoid(z[hidden + j]);
            cell.g[j] = Math.tanh(z[2 * hidden + j]);
            cell.o[j] = sigmoid(z[3 * hidden + j]);
            cell.c[j] = cell.f[j] * cPrevious[j] + cell.i[j] * cell.g[j];
            cell.h[j] = cell.o[j] * Math.tanh(cell.c[j]);
        }
        return cell;
    }

    private double[] embeddingOf(int type, int choice) {
        int at = embeddingAt[type] + choice * embedding;
        return Arrays.copyOfRange(parameters, at, at + embedding);
    }

    private int input(int layer) {
        return layer == 0 ? embedding : hidden;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static int draw(double[] probabilities, RandomGenerator random) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int k = 0; k < probabilities.length; k++) {
            cumulative += probabilities[k];
            if (u < cumulative) {
                return k;
            }
        }
        return probabilities.length - 1;
    }

    /** The recurrent state of every layer between steps; zero at the start. */
    private final class State {
        final double[][] h = new double[layers][hidden];
        final double[][] c = new double[layers][hidden];
    }

    /** What one cell computed at one step, kept for backpropagation. */
    private static final class Cell {
        final double[] x;
        final double[] cPrevious;
        final double[] i;
        final double[] f;
        final double[] g;
        final double[] o;
        final double[] c;
        final double[] h;

        Cell(double[] x, double[] cPrevious, int hidden) {
            this.x = x;
            this.cPrevious = cPrevious;
            i = new double[hidden];
            f = new double[hidden];
            g = new double[hidden];
            o = new double[hidden];
            c = new double[hidden];
            h = new double[hidden];
        }
    }

    /** One step's cells, the head's raw outputs and its probabilities. */
    private record Step(Cell[] cells, double[] raw, double[] probabilities) {
    }

    /** The probabilities of each used decision's options along {@code choices}, in the space's order; for tests. */
    double[][] probabilitiesAlong(int[] choices, boolean[] used) {
        double[][] out = new double[typeOf.length][];
        State state = new State();
        double[] input = Arrays.copyOfRange(parameters, start, start + embedding);
        for (int d = 0; d < typeOf.length; d++) {
            if (!used[d]) {
                continue;
            }
            out[d] = forward(state, input, typeOf[d]).probabilities;
            input = embeddingOf(typeOf[d], choices[d]);
        }
        return out;
    }
}
