package io.nas4j.backend.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import io.nas4j.backend.support.Batches;
import io.nas4j.backend.support.EpochLoop;
import io.nas4j.backend.support.ExampleOrder;
import io.nas4j.backend.support.LatencyMeter;
import io.nas4j.backend.support.SpecJson;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.ComputeDevice;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The training backend on DJL with the PyTorch engine, on the CPU. Chosen by the name {@value #NAME};
 * found through {@link DjlModule} (Guice) or {@link java.util.ServiceLoader} on {@link TrainingBackend}.
 *
 * <p>{@link #compile} turns the IR into one {@link NetworkBlock} (one DJL block per node), initialises it
 * from a fixed seed and checks that its trainable parameters and buffers are the ones the core's
 * {@link NetworkAnalysis} counts. A model's first {@link #train} re-initialises the parameters from the
 * plan's seed, so two trainings of one spec with one plan give the same loss curve; later calls continue
 * training. Epochs passed to the {@link EpochMonitor} count from 1; a {@code null} validation set gives
 * NaN accuracies. Batches follow a seeded shuffle per epoch; a last batch of one example joins the one
 * before it (batch norm cannot train on one example). A network with the detection loss trains on the
 * dataset's dense targets; evaluating it gives the mean loss, NaN accuracy and an empty confusion matrix
 * (detection metrics are computed from {@link #predict}'s rows by the task).
 *
 * <p>Threads and resources: the PyTorch engine loads on first use with one intra-op and one inter-op
 * thread unless the caller set {@code ai.djl.pytorch.num_threads} before (see {@code DjlEngine}).
 * Compiling and training hold one JVM-wide lock: PyTorch allows one gradient recorder per process and
 * both draw from its global random generator. Inference takes no lock.
 * Every batch runs in its own NDManager, so native memory stays flat across batches and trials; models
 * own native memory until closed.
 */
public final class DjlBackend implements TrainingBackend {

    /** The configuration name of this backend. */
    public static final String NAME = "djl";

    /**
     * PyTorch lets one gradient collector record at a time in a JVM; compiling, training, scoring
     * proxies ({@link DjlProxyScorer}) and training supernets hold this lock.
     */
    static final Object TRAINING = new Object();

    private static final int INFERENCE_BATCH = 256;
    private static final int COMPILE_SEED = 0;
    private static final String SPEC_FILE = "network.json";
    private static final String PARAMETERS = "network";
    private static final String MODEL_NAME = "nas4j-network";

    private final Device device;

    /** Creates the backend on the CPU; the PyTorch engine loads on first use. */
    public DjlBackend() {
        this(Device.cpu());
    }

    private DjlBackend(Device device) {
        this.device = device;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The GPUs PyTorch sees in this process (none with the CPU build of the native library). */
    @Override
    public int gpus() {
        return DjlEngine.pytorch().getGpuCount();
    }

    /** This backend on the first GPU PyTorch sees ({@code auto} with one, or {@code gpu}), else on the CPU. */
    @Override
    public TrainingBackend on(ComputeDevice choice) {
        TrainingBackend.super.on(choice);
        boolean gpu = choice != ComputeDevice.CPU && gpus() > 0;
        Device wanted = gpu ? Device.gpu() : Device.cpu();
        return wanted.equals(device) ? this : new DjlBackend(wanted);
    }

    /** The device this backend's networks live and train on. */
    Device device() {
        return device;
    }

    @Override
    public TrainingBackend.Model compile(NetworkSpec spec) {
        Objects.requireNonNull(spec, "spec");
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        NetworkBlock block = new NetworkBlock(spec, analysis);
        ai.djl.Model model = newModel(block);
        try {
            synchronized (TRAINING) {
                DjlEngine.pytorch().setRandomSeed(COMPILE_SEED);
                block.initialize(model.getNDManager(), DataType.FLOAT32, OpBlocks.batched(spec.input(), 1));
            }
            return new DjlModel(spec, analysis, model, block, true);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private ai.djl.Model newModel(NetworkBlock block) {
        DjlEngine.pytorch();
        ai.djl.Model model = ai.djl.Model.newInstance(MODEL_NAME, device, DjlEngine.ENGINE_NAME);
        model.setBlock(block);
        return model;
    }

    @Override
    public TrainingReport train(TrainingBackend.Model model, Dataset train, Dataset validation, TrainingPlan plan,
                                EpochMonitor monitor) {
        DjlModel network = open(model);
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(plan, "plan");
        TrainingLoss loss = TrainingLoss.of(network.spec(), network.analysis().outputShape(), train);
        if (validation != null) {
            TrainingLoss.of(network.spec(), network.analysis().outputShape(), validation);
        }
        ExampleOrder order = ExampleOrder.of(train.size(), plan);
        SplittableRandom augmentationRandom = order.augmentationRandom();
        int batchSize = order.batchSize();
        int steps = order.batchesPerEpoch();
        long start = System.nanoTime();
        synchronized (TRAINING) {
            DjlEngine.pytorch().setRandomSeed(Long.hashCode(plan.seed()));
            if (network.fresh()) {
                // Drop the compile-time values; Trainer.initialize draws new ones after the seed.
                network.block().getParameters().values().forEach(Parameter::close);
            }
            ai.djl.Model djl = network.model();
            try (TrainingOptimizer optimizer = TrainingOptimizer.of(plan, plan.epochs() * steps, djl.getNDManager());
                 Trainer trainer = djl.newTrainer(new DefaultTrainingConfig(loss.function())
                         .optOptimizer(optimizer)
                         .optDevices(new Device[] {device}))) {
                trainer.initialize(OpBlocks.batched(network.spec().input(), batchSize));
                network.trained();
                List<Parameter> trainable = network.block().getParameters().values().stream()
                        .filter(Parameter::requiresGradient)
                        .toList();
                return EpochLoop.run(order, plan.epochs(), monitor,
                        (indices, step) -> step(trainer, trainable, optimizer, loss, train, indices, augmentationRandom),
                        () -> validation == null ? Double.NaN : evaluate(network, loss, validation).accuracy(), start,
                        (epochs, stepsTaken) -> optimizer.replan(stepsTaken, epochs * steps));
            }
        }
    }

    /**
     * One optimisation step in its own NDManager; returns the batch loss without updating when it is
     * not finite. Parameters are updated here rather than through {@code Trainer.step()}, whose first call
     * rejects an all-zero gradient, which a searched cell made only of "none" edges legitimately has.
     */
    private static float step(Trainer trainer, List<Parameter> trainable, TrainingOptimizer optimizer,
                              TrainingLoss loss, Dataset data, int[] indices, SplittableRandom augmentationRandom) {
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray inputs = trainingInputs(batch, data, indices, augmentationRandom);
            NDArray targets = loss.targets(batch, data, indices);
            float scalar;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(inputs));
                NDArray value = loss.function().evaluate(new NDList(targets), prediction);
                scalar = value.getFloat();
                if (!Float.isFinite(scalar)) {
                    return scalar;
                }
                collector.backward(value);
            }
            for (Parameter parameter : trainable) {
                NDArray weight = parameter.getArray();
                try (NDArray gradient = weight.getGradient()) {
                    optimizer.update(parameter.getId(), weight, gradient);
                }
            }
            return scalar;
        }
    }

    @Override
    public Evaluation evaluate(TrainingBackend.Model model, Dataset data) {
        DjlModel network = open(model);
        Objects.requireNonNull(data, "data");
        return evaluate(network, TrainingLoss.of(network.spec(), network.analysis().outputShape(), data), data);
    }

    private static Evaluation evaluate(DjlModel network, TrainingLoss loss, Dataset data) {
        int size = requireExamples(data);
        if (!loss.scoresClasses()) {
            return lossOnly(network, loss, data, size);
        }
        int classes = data.classes();
        int[][] confusion = new int[classes][classes];
        double lossSum = 0;
        int correct = 0;
        ParameterStore parameters = new ParameterStore(network.model().getNDManager(), false);
        for (int from = 0; from < size; from += INFERENCE_BATCH) {
            int[] indices = Batches.range(from, Math.min(size, from + INFERENCE_BATCH));
            try (NDManager batch = network.model().getNDManager().newSubManager()) {
                NDArray output = network.block()
                        .forward(parameters, new NDList(inputs(batch, data, indices)), false)
                        .singletonOrThrow();
                int[] labels = labels(data, indices);
                NDArray value = loss.function().evaluate(new NDList(loss.targets(batch, labels)), new NDList(output));
                lossSum += (double) value.getFloat() * indices.length;
                float[][] rows = rows(output, indices.length);
                for (int row = 0; row < rows.length; row++) {
                    int predicted = loss.predictedClass(rows[row], classes);
                    confusion[labels[row]][predicted]++;
                    if (predicted == labels[row]) {
                        correct++;
                    }
                }
            }
        }
        return new Evaluation(lossSum / size, (double) correct / size, confusion);
    }

    /** The mean loss of a network whose outputs are not class scores; accuracy NaN, no confusion matrix. */
    private static Evaluation lossOnly(DjlModel network, TrainingLoss loss, Dataset data, int size) {
        double lossSum = 0;
        ParameterStore parameters = new ParameterStore(network.model().getNDManager(), false);
        for (int from = 0; from < size; from += INFERENCE_BATCH) {
            int[] indices = Batches.range(from, Math.min(size, from + INFERENCE_BATCH));
            try (NDManager batch = network.model().getNDManager().newSubManager()) {
                NDArray output = network.block()
                        .forward(parameters, new NDList(inputs(batch, data, indices)), false)
                        .singletonOrThrow();
                NDArray value = loss.function().evaluate(new NDList(loss.targets(batch, data, indices)), new NDList(output));
                lossSum += (double) value.getFloat() * indices.length;
            }
        }
        return new Evaluation(lossSum / size, Double.NaN, new int[0][0]);
    }

    @Override
    public float[][] predict(TrainingBackend.Model model, Dataset data) {
        DjlModel network = open(model);
        Objects.requireNonNull(data, "data");
        if (!data.inputShape().equals(network.spec().input())) {
            throw new IllegalArgumentException("the network takes inputs of shape " + network.spec().input()
                    + " but " + data.name() + " has " + data.inputShape());
        }
        int size = data.size();
        float[][] logits = new float[size][];
        ParameterStore parameters = new ParameterStore(network.model().getNDManager(), false);
        for (int from = 0; from < size; from += INFERENCE_BATCH) {
            int[] indices = Batches.range(from, Math.min(size, from + INFERENCE_BATCH));
            try (NDManager batch = network.model().getNDManager().newSubManager()) {
                NDArray output = network.block()
                        .forward(parameters, new NDList(inputs(batch, data, indices)), false)
                        .singletonOrThrow();
                float[][] rows = rows(output, indices.length);
                System.arraycopy(rows, 0, logits, from, rows.length);
            }
        }
        return logits;
    }

    @Override
    public Latency measureLatency(TrainingBackend.Model model, int warmup, int runs) {
        DjlModel network = open(model);
        Shape shape = OpBlocks.batched(network.spec().input(), 1);
        ParameterStore parameters = new ParameterStore(network.model().getNDManager(), false);
        return LatencyMeter.measure(warmup, runs, () -> {
            try (NDManager batch = network.model().getNDManager().newSubManager()) {
                NDList input = new NDList(batch.zeros(shape));
                long start = System.nanoTime();
                network.block().forward(parameters, input, false);
                return System.nanoTime() - start;
            }
        });
    }

    /** Writes {@value #SPEC_FILE} (the spec as JSON) and DJL's parameter file {@code network-0000.params}. */
    @Override
    public void save(TrainingBackend.Model model, Path directory) throws IOException {
        DjlModel network = open(model);
        Files.createDirectories(directory);
        SpecJson.write(network.spec(), directory.resolve(SPEC_FILE));
        ai.djl.Model djl = network.model();
        djl.setProperty("Epoch", "0");
        djl.save(directory, PARAMETERS);
    }

    @Override
    public TrainingBackend.Model load(Path directory) throws IOException {
        NetworkSpec spec = SpecJson.read(directory.resolve(SPEC_FILE));
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);
        NetworkBlock block = new NetworkBlock(spec, analysis);
        ai.djl.Model model = newModel(block);
        try {
            model.load(directory, PARAMETERS, Map.of("epoch", "0"));
            return new DjlModel(spec, analysis, model, block, false);
        } catch (MalformedModelException e) {
            model.close();
            throw new IOException("the parameters in " + directory + " do not fit the saved network: "
                    + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static DjlModel open(TrainingBackend.Model model) {
        Objects.requireNonNull(model, "model");
        if (!(model instanceof DjlModel network)) {
            throw new IllegalArgumentException("not a model of the djl backend: " + model.getClass().getName());
        }
        return network;
    }

    /** A training batch's inputs, with the dataset's augmentation applied. */
    private static NDArray trainingInputs(NDManager manager, Dataset data, int[] indices, SplittableRandom random) {
        return manager.create(Batches.inputs(data, indices, random), OpBlocks.batched(data.inputShape(), indices.length));
    }

    private static NDArray inputs(NDManager manager, Dataset data, int[] indices) {
        return manager.create(Batches.inputs(data, indices), OpBlocks.batched(data.inputShape(), indices.length));
    }

    private static int[] labels(Dataset data, int[] indices) {
        int[] labels = new int[indices.length];
        for (int row = 0; row < indices.length; row++) {
            labels[row] = data.label(indices[row]);
        }
        return labels;
    }

    private static float[][] rows(NDArray output, int count) {
        return Batches.rows(output.toFloatArray(), count);
    }

    private static int requireExamples(Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("dataset " + data.name() + " is empty");
        }
        return data.size();
    }
}
