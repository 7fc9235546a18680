package io.nas4j.backend.tensorflow;

import io.nas4j.backend.support.Batches;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.SupernetPlan;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.supernet.SupernetSpec;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A supernet of the TensorFlow backend: one graph and session ({@link SupernetGraph}) holding the weights
 * ({@link Parameters}, named per supernet op by the {@link SupernetLayout}), the alphas (a second
 * {@link Parameters}, one vector per choice point), a training and an inference pass; the training steps with
 * two optimisers ({@link SupernetTraining}: the plan's for the weights, Adam for the alphas); and the copy of a
 * path's weights into a model of its own ({@link SubnetExtraction}). This class evaluates and recalibrates.
 *
 * <p>Both passes mix every choice node as {@code sum_k m_k * candidate_k(x)} with fed mixing inputs: in mixed
 * mode {@code m = softmax(alpha)} of the node's point; on a path {@code m} is the one-hot vector of the picked
 * candidate, which gives exactly the subnet's values ({@code 1 * y = y}, {@code 0 * y = 0}). Candidates that
 * output zeros are left out of the sum, as in the DJL backend. A path therefore costs what the mixed network
 * costs (every candidate runs) but needs no graph of its own, so single-path one-shot can draw any of the
 * space's paths per step.
 *
 * <p>Updates are one op per variable, and a step runs only the updates it owns: a path step the path's weights
 * and batch-norm statistics (nothing else is touched, momentum and decay included), a mixed weight step every
 * weight and statistic, an alpha step every alpha and statistic. Every update waits on an assertion that the
 * step's loss is finite, so a step whose loss is NaN or infinite fails before anything is written and is
 * reported as {@link TrainingBackend.TrainingDivergedException}.
 */
final class TensorFlowSupernet implements SupernetBackend.Supernet {

    private static final int INFERENCE_BATCH = 256;

    private static final int SAVED_MAGIC = 0x6E617353;  // "nasS"

    private final SupernetSpec spec;
    private final NetworkSpec firstSubnet;
    private final Shape outputShape;
    private final SupernetGraph network;
    private final SupernetTraining training;
    private boolean closed;

    private TensorFlowSupernet(SupernetSpec spec, SupernetPlan plan, Graph graph) {
        this.spec = spec;
        this.firstSubnet = spec.discrete(new int[spec.points().size()]);
        this.outputShape = NetworkAnalysis.of(firstSubnet).outputShape();
        this.network = new SupernetGraph(spec, plan.seed(), graph);
        SplittableRandom random = new SplittableRandom(plan.seed());
        try {
            SplittableRandom weightRandom = random.split();
            network.initialize(weightRandom, random.split());
        } catch (RuntimeException e) {
            // the graph cannot close while a session on it is open
            network.session().close();
            throw e;
        }
        this.training = new SupernetTraining(network, plan, random.split());
    }

    /** Builds the graph and initialises weights and alphas from the plan's seed. */
    static TensorFlowSupernet build(SupernetSpec spec, SupernetPlan plan) {
        TensorFlowRuntime.load();
        Graph graph = new Graph();
        try {
            return new TensorFlowSupernet(spec, plan, graph);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    @Override
    public SupernetSpec spec() {
        return spec;
    }

    @Override
    public long weightCount() {
        return network.parameters().trainableElements();
    }

    @Override
    public double trainWeightsMixed(Dataset data, int[] indices) {
        return step(data, indices, null, false);
    }

    @Override
    public double trainWeightsPath(Dataset data, int[] indices, int[] path) {
        spec.requirePath(path);
        return step(data, indices, path, false);
    }

    @Override
    public double trainAlphas(Dataset data, int[] indices) {
        return step(data, indices, null, true);
    }

    private double step(Dataset data, int[] indices, int[] path, boolean alphaStep) {
        requireOpen();
        Objects.requireNonNull(data, "data");
        if (indices.length < 2) {
            throw new IllegalArgumentException("a training batch needs at least 2 examples (batch norm), got "
                    + indices.length);
        }
        return training.step(loss(data), data, indices, path, alphaStep);
    }

    @Override
    public double[][] alphas() {
        requireOpen();
        Map<String, float[]> values = network.architecture().read(network.session());
        double[][] alphas = new double[spec.points().size()][];
        for (int point = 0; point < alphas.length; point++) {
            float[] raw = values.get("alpha" + point);
            alphas[point] = new double[raw.length];
            for (int option = 0; option < raw.length; option++) {
                alphas[point][option] = raw[option];
            }
        }
        return alphas;
    }

    @Override
    public TrainingBackend.Evaluation evaluateMixed(Dataset data) {
        requireOpen();
        return evaluate(data, null);
    }

    @Override
    public TrainingBackend.Evaluation evaluatePath(int[] path, Dataset data, Dataset calibration, int calibrationBatches,
                                                   int batchSize) {
        requireOpen();
        spec.requirePath(path);
        recalibrate(path, calibration, calibrationBatches, batchSize);
        return evaluate(data, path);
    }

    /**
     * Sets the batch-norm statistics on the path to the mean over the calibration batches of each batch's
     * statistics (the cumulative average the DJL backend computes; here the batch values are read directly
     * from the training pass, which updates nothing). Nothing else changes.
     */
    private void recalibrate(int[] path, Dataset calibration, int batches, int batchSize) {
        Objects.requireNonNull(calibration, "calibration");
        if (batches < 1 || batchSize < 2) {
            throw new IllegalArgumentException("recalibration needs at least 1 batch of at least 2 examples, got "
                    + batches + " of " + batchSize);
        }
        TrainingLoss.requireInputs(firstSubnet, calibration);
        Set<String> onPath = network.layout().pathOps(path);
        List<Integer> chosen = new ArrayList<>();
        List<ForwardPass.MovingAverage> statistics = network.statistics();
        for (int index = 0; index < statistics.size(); index++) {
            if (onPath.contains(statistics.get(index).average().node())) {
                chosen.add(index);
            }
        }
        if (chosen.isEmpty()) {
            return;
        }
        double[][] totals = new double[statistics.size()][];
        int used = 0;
        for (int from = 0; used < batches && from + 2 <= calibration.size(); from += batchSize) {
            int[] indices = Batches.range(from, Math.min(calibration.size(), from + batchSize));
            List<Tensor> tensors = new ArrayList<>();
            try {
                Session.Runner runner = network.session().runner();
                network.feedPass(runner, tensors, Batches.inputs(calibration, indices), indices.length, path);
                // every statistic is fetched whatever the path (the pass computes every candidate anyway), so
                // one graph signature serves every path
                statistics.forEach(update -> runner.fetch(update.batchValue()));
                try (Result result = runner.run()) {
                    for (int index : chosen) {
                        TFloat32 batchValue = (TFloat32) result.get(index);
                        float[] value = new float[Math.toIntExact(batchValue.size())];
                        batchValue.copyTo(DataBuffers.of(value, false, false));
                        if (totals[index] == null) {
                            totals[index] = new double[value.length];
                        }
                        for (int element = 0; element < value.length; element++) {
                            totals[index][element] += value[element];
                        }
                    }
                }
            } finally {
                tensors.forEach(Tensor::close);
            }
            used++;
        }
        if (used == 0) {
            throw new IllegalArgumentException("calibration set " + calibration.name() + " has fewer than 2 examples");
        }
        Map<String, float[]> values = network.parameters().read(network.session());
        for (int index : chosen) {
            float[] mean = values.get(statistics.get(index).average().name());
            for (int element = 0; element < mean.length; element++) {
                mean[element] = (float) (totals[index][element] / used);
            }
        }
        network.parameters().write(network.session(), values);
    }

    private TrainingBackend.Evaluation evaluate(Dataset data, int[] path) {
        Objects.requireNonNull(data, "data");
        TrainingLoss loss = loss(data);
        if (!loss.scoresClasses()) {
            throw new IllegalArgumentException("supernets evaluate classification networks; this one's loss is "
                    + spec.loss());
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("dataset " + data.name() + " is empty");
        }
        return TensorFlowBackend.classified(loss, data, outputs(data, path));
    }

    @Override
    public TrainingBackend.Model extract(int[] path) {
        requireOpen();
        return SubnetExtraction.extract(network, path);
    }

    /** The loss over {@code data}; throws {@link IllegalArgumentException} when the data does not fit the network. */
    private TrainingLoss loss(Dataset data) {
        return TrainingLoss.of(firstSubnet, outputShape, data);
    }

    /** The network's outputs on {@code data} in inference mode, mixed when {@code path} is null. */
    float[][] outputs(Dataset data, int[] path) {
        requireOpen();
        if (path != null) {
            spec.requirePath(path);
        }
        TrainingLoss.requireInputs(firstSubnet, data);
        int size = data.size();
        int width = Math.toIntExact(outputShape.elements());
        float[][] rows = new float[size][];
        for (int from = 0; from < size; from += INFERENCE_BATCH) {
            int[] indices = Batches.range(from, Math.min(size, from + INFERENCE_BATCH));
            float[] flat = new float[indices.length * width];
            List<Tensor> tensors = new ArrayList<>();
            try {
                Session.Runner runner = network.session().runner();
                network.feedPass(runner, tensors, Batches.inputs(data, indices), indices.length, path);
                try (Result result = runner.fetch(network.inferenceOutput()).run()) {
                    ((TFloat32) result.get(0)).copyTo(DataBuffers.of(flat, false, false));
                }
            } finally {
                tensors.forEach(Tensor::close);
            }
            float[][] batchRows = Batches.rows(flat, indices.length);
            System.arraycopy(batchRows, 0, rows, from, batchRows.length);
        }
        return rows;
    }

    /** The values of every trainable weight (alphas excluded) by variable name; for tests. */
    Map<String, float[]> weightValues() {
        requireOpen();
        Map<String, float[]> all = network.parameters().read(network.session());
        Map<String, float[]> trainable = new LinkedHashMap<>();
        for (Parameters.Entry entry : network.parameters().all()) {
            if (entry.kind().trainable()) {
                trainable.put(entry.name(), all.get(entry.name()));
            }
        }
        return trainable;
    }

    /** The names of the trainable weights of {@code path}'s subnet; for tests. */
    Set<String> pathWeightIds(int[] path) {
        spec.requirePath(path);
        Set<String> onPath = network.layout().pathOps(path);
        Set<String> names = new HashSet<>();
        for (Parameters.Entry entry : network.parameters().all()) {
            if (entry.kind().trainable() && onPath.contains(entry.node())) {
                names.add(entry.name());
            }
        }
        return names;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the supernet is closed");
        }
    }

    /**
     * Writes every variable of the supernet (weights, batch-norm statistics, alphas) as named float arrays:
     * a magic word, then per variable its name, its length and its values.
     */
    @Override
    public void save(java.nio.file.Path file) throws java.io.IOException {
        Map<String, float[]> values = new java.util.LinkedHashMap<>(network.parameters().read(network.session()));
        values.putAll(network.architecture().read(network.session()));
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                java.nio.file.Files.newOutputStream(file)))) {
            out.writeInt(SAVED_MAGIC);
            out.writeInt(values.size());
            for (Map.Entry<String, float[]> entry : values.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                for (float value : entry.getValue()) {
                    out.writeFloat(value);
                }
            }
        }
    }

    @Override
    public void load(java.nio.file.Path file) throws java.io.IOException {
        Map<String, float[]> weights = network.parameters().read(network.session());
        Map<String, float[]> alphas = network.architecture().read(network.session());
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                java.nio.file.Files.newInputStream(file)))) {
            if (in.readInt() != SAVED_MAGIC) {
                throw new java.io.IOException(file + " is not a supernet saved by the TensorFlow backend");
            }
            int count = in.readInt();
            if (count != weights.size() + alphas.size()) {
                throw new java.io.IOException(file + " holds " + count + " variables; this supernet has "
                        + (weights.size() + alphas.size()));
            }
            for (int k = 0; k < count; k++) {
                String name = in.readUTF();
                float[] target = weights.containsKey(name) ? weights.get(name) : alphas.get(name);
                int length = in.readInt();
                if (target == null || target.length != length) {
                    throw new java.io.IOException(file + " holds variable " + name + " of " + length
                            + " values, which this supernet " + (target == null ? "does not have" : "holds with "
                            + target.length));
                }
                for (int j = 0; j < length; j++) {
                    target[j] = in.readFloat();
                }
            }
        }
        network.parameters().write(network.session(), weights);
        network.architecture().write(network.session(), alphas);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            network.close();
        }
    }
}
