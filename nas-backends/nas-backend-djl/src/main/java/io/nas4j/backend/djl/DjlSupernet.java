package io.nas4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.nas4j.backend.support.Batches;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.SupernetPlan;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.supernet.SupernetSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A supernet of the DJL backend: its {@link SupernetBlock}, the model that owns its native memory, and the
 * two optimisers (weights, alphas). Every step runs in its own NDManager and under {@link DjlBackend#TRAINING}.
 * Gradients are zeroed after every step, so a weight step never leaves a gradient an alpha step would apply,
 * and the other way round.
 */
final class DjlSupernet implements SupernetBackend.Supernet {

    private static final int INFERENCE_BATCH = 256;
    /**
     * DJL's batch norm keeps {@code running = momentum * running + (1 - momentum) * batch} with momentum 0.9
     * by default, the value {@link OpBlocks} builds with; recalibration reads one batch's statistics back
     * from a running value reset to zero.
     */
    private static final float BATCH_NORM_MOMENTUM = 0.9f;

    private final SupernetBlock block;
    private final ai.djl.Model model;
    private final TrainingOptimizer weightOptimizer;
    private final TrainingOptimizer alphaOptimizer;
    private final NetworkSpec firstSubnet;
    private final io.nas4j.core.network.Shape outputShape;
    private final SplittableRandom augmentationRandom;
    private final List<Parameter> trainableWeights;
    private final List<Parameter> alphas;
    private final long weightCount;
    private final ParameterStore store;
    private boolean closed;

    DjlSupernet(SupernetBlock block, ai.djl.Model model, SupernetPlan plan) {
        this.block = block;
        this.model = model;
        SupernetSpec spec = block.spec();
        this.firstSubnet = spec.discrete(new int[spec.points().size()]);
        this.outputShape = NetworkAnalysis.of(firstSubnet).outputShape();
        TrainingPlan weights = new TrainingPlan(1, 1, plan.weightOptimizer(), plan.weightLearningRate(),
                plan.weightMomentum(), plan.weightDecay(), plan.weightSchedule(), 1.0, plan.seed());
        TrainingPlan architecture = new TrainingPlan(1, 1, TrainingPlan.Optimizer.ADAM, plan.alphaLearningRate(), 0.9,
                plan.alphaWeightDecay(), TrainingPlan.Schedule.CONSTANT, 1.0, plan.seed());
        this.weightOptimizer = TrainingOptimizer.of(weights, plan.weightSteps(), model.getNDManager());
        this.alphaOptimizer = TrainingOptimizer.of(architecture, 1, model.getNDManager());
        this.augmentationRandom = new SplittableRandom(plan.seed());
        this.trainableWeights = block.weights().stream().filter(Parameter::requiresGradient).toList();
        this.alphas = List.copyOf(block.alphas());
        this.weightCount = trainableWeights.stream().mapToLong(parameter -> parameter.getArray().size()).sum();
        this.store = new ParameterStore(model.getNDManager(), false);
    }

    @Override
    public SupernetSpec spec() {
        return block.spec();
    }

    @Override
    public long weightCount() {
        return weightCount;
    }

    @Override
    public double trainWeightsMixed(Dataset data, int[] indices) {
        return step(data, indices, null, trainableWeights, weightOptimizer, true);
    }

    @Override
    public double trainWeightsPath(Dataset data, int[] indices, int[] path) {
        spec().requirePath(path);
        List<Parameter> onPath = block.pathParameters(path).stream().filter(Parameter::requiresGradient).toList();
        return step(data, indices, path, onPath, weightOptimizer, true);
    }

    @Override
    public double trainAlphas(Dataset data, int[] indices) {
        return step(data, indices, null, alphas, alphaOptimizer, false);
    }

    private double step(Dataset data, int[] indices, int[] path, List<Parameter> updated, TrainingOptimizer optimizer,
                        boolean augment) {
        requireOpen();
        Objects.requireNonNull(data, "data");
        if (indices.length < 2) {
            throw new IllegalArgumentException("a training batch needs at least 2 examples (batch norm), got "
                    + indices.length);
        }
        synchronized (DjlBackend.TRAINING) {
            block.usePath(path);
            TrainingLoss loss = loss(data);
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDArray inputs = inputs(batch, data, indices, augment ? augmentationRandom : null);
                NDArray targets = loss.targets(batch, data, indices);
                float scalar;
                try (GradientCollector collector = DjlEngine.pytorch().newGradientCollector()) {
                    NDArray prediction = block.forward(store, new NDList(inputs), true).singletonOrThrow();
                    NDArray value = loss.function().evaluate(new NDList(targets), new NDList(prediction));
                    scalar = value.getFloat();
                    if (!Float.isFinite(scalar)) {
                        throw new TrainingBackend.TrainingDivergedException("supernet loss became "
                                + (Float.isNaN(scalar) ? "NaN" : "infinite"));
                    }
                    collector.backward(value);
                }
                for (Parameter parameter : updated) {
                    NDArray weight = parameter.getArray();
                    try (NDArray gradient = weight.getGradient()) {
                        optimizer.update(parameter.getId(), weight, gradient);
                    }
                }
                return scalar;
            } finally {
                zeroGradients();
            }
        }
    }

    private void zeroGradients() {
        for (List<Parameter> group : List.of(trainableWeights, alphas)) {
            for (Parameter parameter : group) {
                NDArray weight = parameter.getArray();
                if (weight.hasGradient()) {
                    try (NDArray gradient = weight.getGradient()) {
                        gradient.subi(gradient);
                    }
                }
            }
        }
    }

    @Override
    public double[][] alphas() {
        requireOpen();
        double[][] values = new double[alphas.size()][];
        for (int point = 0; point < values.length; point++) {
            float[] raw = alphas.get(point).getArray().toFloatArray();
            values[point] = new double[raw.length];
            for (int option = 0; option < raw.length; option++) {
                values[point][option] = raw[option];
            }
        }
        return values;
    }

    @Override
    public TrainingBackend.Evaluation evaluateMixed(Dataset data) {
        requireOpen();
        synchronized (DjlBackend.TRAINING) {
            block.usePath(null);
            return evaluate(data);
        }
    }

    @Override
    public TrainingBackend.Evaluation evaluatePath(int[] path, Dataset data, Dataset calibration, int calibrationBatches,
                                                   int batchSize) {
        requireOpen();
        spec().requirePath(path);
        synchronized (DjlBackend.TRAINING) {
            block.usePath(path);
            recalibrate(path, calibration, calibrationBatches, batchSize);
            return evaluate(data);
        }
    }

    /**
     * Resets the batch-norm statistics on the path and sets them to the mean over the calibration batches
     * of each batch's statistics (PyTorch's cumulative average), read back from a running value reset to
     * zero before every batch.
     */
    private void recalibrate(int[] path, Dataset calibration, int batches, int batchSize) {
        Objects.requireNonNull(calibration, "calibration");
        if (batches < 1 || batchSize < 2) {
            throw new IllegalArgumentException("recalibration needs at least 1 batch of at least 2 examples, got "
                    + batches + " of " + batchSize);
        }
        List<NDArray> statistics = new ArrayList<>();
        for (Block candidate : block.pathBlocks(path)) {
            if (candidate instanceof BatchNorm) {
                for (Parameter parameter : candidate.getParameters().values()) {
                    if (parameter.getType() == Parameter.Type.RUNNING_MEAN
                            || parameter.getType() == Parameter.Type.RUNNING_VAR) {
                        statistics.add(parameter.getArray());
                    }
                }
            }
        }
        if (statistics.isEmpty()) {
            return;
        }
        try (NDManager sums = model.getNDManager().newSubManager()) {
            List<NDArray> totals = new ArrayList<>();
            for (NDArray statistic : statistics) {
                NDArray zeros = statistic.zerosLike();
                zeros.attach(sums);
                totals.add(zeros);
            }
            int used = 0;
            for (int from = 0; used < batches && from + 2 <= calibration.size(); from += batchSize) {
                int[] indices = Batches.range(from, Math.min(calibration.size(), from + batchSize));
                for (NDArray statistic : statistics) {
                    statistic.subi(statistic);
                }
                try (NDManager batch = model.getNDManager().newSubManager()) {
                    block.forward(store, new NDList(inputs(batch, calibration, indices, null)), true);
                }
                for (int index = 0; index < statistics.size(); index++) {
                    NDArray batchValue = statistics.get(index).div(1 - BATCH_NORM_MOMENTUM);
                    totals.get(index).addi(batchValue);
                    batchValue.close();
                }
                used++;
            }
            if (used == 0) {
                throw new IllegalArgumentException("calibration set " + calibration.name() + " has fewer than 2 examples");
            }
            for (int index = 0; index < statistics.size(); index++) {
                NDArray mean = totals.get(index).div(used);
                statistics.get(index).subi(statistics.get(index)).addi(mean);
                mean.close();
            }
        }
    }

    private TrainingBackend.Evaluation evaluate(Dataset data) {
        Objects.requireNonNull(data, "data");
        TrainingLoss loss = loss(data);
        if (!loss.scoresClasses()) {
            throw new IllegalArgumentException("supernets evaluate classification networks; this one's loss is "
                    + spec().loss());
        }
        int size = data.size();
        if (size == 0) {
            throw new IllegalArgumentException("dataset " + data.name() + " is empty");
        }
        int classes = data.classes();
        int[][] confusion = new int[classes][classes];
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < size; from += INFERENCE_BATCH) {
            int[] indices = Batches.range(from, Math.min(size, from + INFERENCE_BATCH));
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDArray output = block.forward(store, new NDList(inputs(batch, data, indices, null)), false)
                        .singletonOrThrow();
                int[] labels = new int[indices.length];
                for (int row = 0; row < labels.length; row++) {
                    labels[row] = data.label(indices[row]);
                }
                NDArray value = loss.function().evaluate(new NDList(loss.targets(batch, labels)), new NDList(output));
                lossSum += (double) value.getFloat() * indices.length;
                float[][] rows = Batches.rows(output.toFloatArray(), indices.length);
                for (int row = 0; row < indices.length; row++) {
                    int predicted = loss.predictedClass(rows[row], classes);
                    confusion[labels[row]][predicted]++;
                    if (predicted == labels[row]) {
                        correct++;
                    }
                }
            }
        }
        return new TrainingBackend.Evaluation(lossSum / size, (double) correct / size, confusion);
    }

    @Override
    public TrainingBackend.Model extract(int[] path) {
        requireOpen();
        NetworkSpec discrete = spec().discrete(path);
        DjlModel extracted = (DjlModel) new DjlBackend().compile(discrete);
        try {
            synchronized (DjlBackend.TRAINING) {
                List<Block> sources = block.pathBlocks(path);
                List<Block> targets = new ArrayList<>(extracted.block().getChildren().values());
                if (sources.size() != targets.size()) {
                    throw new IllegalStateException("the subnet has " + targets.size() + " nodes but the supernet path "
                            + sources.size());
                }
                for (int index = 0; index < sources.size(); index++) {
                    List<Parameter> from = sources.get(index).getParameters().values();
                    List<Parameter> to = targets.get(index).getParameters().values();
                    if (from.size() != to.size()) {
                        throw new IllegalStateException("node " + discrete.nodes().get(index).id() + " has "
                                + to.size() + " parameters in the subnet but " + from.size() + " in the supernet");
                    }
                    for (int parameter = 0; parameter < from.size(); parameter++) {
                        NDArray source = from.get(parameter).getArray();
                        NDArray target = to.get(parameter).getArray();
                        if (!source.getShape().equals(target.getShape())) {
                            throw new IllegalStateException("node " + discrete.nodes().get(index).id() + ": parameter "
                                    + to.get(parameter).getName() + " has shape " + target.getShape()
                                    + " in the subnet but " + source.getShape() + " in the supernet");
                        }
                        target.set(java.nio.FloatBuffer.wrap(source.toFloatArray()));
                    }
                }
            }
            extracted.trained();
            return extracted;
        } catch (RuntimeException e) {
            extracted.close();
            throw e;
        }
    }

    /** The loss over {@code data}; throws {@link IllegalArgumentException} when the data does not fit the network. */
    private TrainingLoss loss(Dataset data) {
        return TrainingLoss.of(firstSubnet, outputShape, data);
    }

    /** The network's outputs on {@code data} in inference mode, mixed when {@code path} is null; for tests. */
    float[][] outputs(Dataset data, int[] path) {
        requireOpen();
        synchronized (DjlBackend.TRAINING) {
            block.usePath(path);
            float[][] rows = new float[data.size()][];
            for (int from = 0; from < data.size(); from += INFERENCE_BATCH) {
                int[] indices = Batches.range(from, Math.min(data.size(), from + INFERENCE_BATCH));
                try (NDManager batch = model.getNDManager().newSubManager()) {
                    float[] flat = block.forward(store, new NDList(inputs(batch, data, indices, null)), false)
                            .singletonOrThrow().toFloatArray();
                    float[][] batchRows = Batches.rows(flat, indices.length);
                    System.arraycopy(batchRows, 0, rows, from, batchRows.length);
                }
            }
            return rows;
        }
    }

    /** The values of every trainable weight (alphas excluded) by parameter id; for tests. */
    java.util.Map<String, float[]> weightValues() {
        java.util.Map<String, float[]> values = new java.util.LinkedHashMap<>();
        for (Parameter parameter : trainableWeights) {
            values.put(parameter.getId(), parameter.getArray().toFloatArray());
        }
        return values;
    }

    /** The ids of the trainable weights of {@code path}'s subnet; for tests. */
    java.util.Set<String> pathWeightIds(int[] path) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Parameter parameter : block.pathParameters(path)) {
            if (parameter.requiresGradient()) {
                ids.add(parameter.getId());
            }
        }
        return ids;
    }

    private static NDArray inputs(NDManager manager, Dataset data, int[] indices, SplittableRandom augmentation) {
        return manager.create(Batches.inputs(data, indices, augmentation),
                OpBlocks.batched(data.inputShape(), indices.length));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the supernet is closed");
        }
    }

    @Override
    public void save(java.nio.file.Path file) throws java.io.IOException {
        synchronized (DjlBackend.TRAINING) {
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                    java.nio.file.Files.newOutputStream(file)))) {
                block.saveParameters(out);
            }
        }
    }

    @Override
    public void load(java.nio.file.Path file) throws java.io.IOException {
        synchronized (DjlBackend.TRAINING) {
            try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                    java.nio.file.Files.newInputStream(file)))) {
                block.loadParameters(model.getNDManager(), in);
                // loading replaces the arrays, and the new ones record no gradient until told to
                for (Parameter parameter : block.getParameters().values()) {
                    if (parameter.requiresGradient() && !parameter.getArray().hasGradient()) {
                        parameter.getArray().setRequiresGradient(true);
                    }
                }
            } catch (ai.djl.MalformedModelException | RuntimeException e) {
                throw new java.io.IOException(file + " does not hold the weights of this supernet as DJL saves them: "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            weightOptimizer.close();
            alphaOptimizer.close();
            model.close();
        }
    }
}
