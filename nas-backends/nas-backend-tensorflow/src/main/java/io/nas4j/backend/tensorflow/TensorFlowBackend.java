package io.nas4j.backend.tensorflow;

import io.nas4j.backend.support.Batches;
import io.nas4j.backend.support.EpochLoop;
import io.nas4j.backend.support.ExampleOrder;
import io.nas4j.backend.support.LatencyMeter;
import io.nas4j.backend.support.LearningRateSchedule;
import io.nas4j.backend.support.SpecJson;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.ComputeDevice;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The training backend on TensorFlow Java in graph mode, on the CPU. Chosen by the name {@value #NAME};
 * found through {@link TensorFlowModule} (Guice) or {@link java.util.ServiceLoader} on {@link TrainingBackend}.
 *
 * <p>{@link #compile} builds one TensorFlow graph per network ({@link ForwardPass}: every IR op in 2D and
 * 3D) with its own session, initialises the parameters from a fixed seed and checks that its trainable
 * parameters and buffers are the ones the core's analysis counts. The semantics of training are the DJL
 * backend's, so that both pass the same conformance kit and a search means the same on either: a model's
 * first {@link #train} re-initialises the parameters from the plan's seed, later calls continue; epochs
 * passed to the {@link EpochMonitor} count from 1; a {@code null} validation set gives NaN accuracies;
 * batches follow a seeded shuffle per epoch (the same order as the DJL backend's for a seed), and a last
 * batch of one example joins the one before it; the learning rate is constant or follows a cosine from
 * the plan's rate towards zero over all steps; the first step whose loss is not finite ends training with
 * {@link TrainingDivergedException}. Dropout masks come from stateless random ops seeded per step, so a
 * seed fixes the whole curve. Detectors ({@link io.nas4j.core.network.Loss#DETECTION}) train against the
 * dataset's dense targets with the loss {@link io.nas4j.core.network.DetectionLoss} specifies (see
 * {@link DetectionLossGraph}); their evaluation reports that loss with a NaN accuracy and no confusion matrix.
 *
 * <p>Threads and resources: sessions run {@code nas4j.tensorflow.threads} intra-op threads, else
 * {@code OMP_NUM_THREADS}, else every core, and one inter-op thread ({@link TensorFlowRuntime}). Every
 * tensor lives in a try-with-resources block; a model owns its graph and session until closed. Unlike
 * DJL, TensorFlow has no process-wide gradient recorder, so training takes no JVM-wide lock.
 *
 * <p>{@link #save} writes a SavedModel ({@code saved_model.pb}, {@code variables/}) of the inference graph
 * with the signature {@code serving_default}: input {@value TensorFlowModel#INPUT}, a float tensor
 * {@code [batch, C, H, W]} (channels first, as the IR), output {@value TensorFlowModel#OUTPUT}; beside it
 * the network description {@code network.json}. {@link #load} rebuilds the graph from the description and
 * restores the variables from the SavedModel's checkpoint.
 */
public final class TensorFlowBackend implements TrainingBackend {

    /** The configuration name of this backend. */
    public static final String NAME = "tensorflow";

    /** The SavedModel signature the backend writes. */
    public static final String SIGNATURE = "serving_default";

    private static final int INFERENCE_BATCH = 256;
    private static final long COMPILE_SEED = 0;
    private static final String SPEC_FILE = "network.json";

    private final boolean gpus;

    /** Creates the backend; TensorFlow loads on first use, and sessions use a GPU where the build sees one. */
    public TensorFlowBackend() {
        this(true);
    }

    private TensorFlowBackend(boolean gpus) {
        this.gpus = gpus;
    }

    /** The GPUs a session sees (none with the CPU build of TensorFlow's native library). */
    @Override
    public int gpus() {
        return TensorFlowRuntime.gpus();
    }

    /** This backend with its sessions' GPUs hidden for {@code cpu}; as it is for {@code gpu} and {@code auto}. */
    @Override
    public TrainingBackend on(ComputeDevice device) {
        TrainingBackend.super.on(device);
        boolean wanted = device != ComputeDevice.CPU;
        return wanted == gpus ? this : new TensorFlowBackend(wanted);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TrainingBackend.Model compile(NetworkSpec spec) {
        Objects.requireNonNull(spec, "spec");
        TensorFlowModel model = TensorFlowModel.build(spec, true, gpus);
        try {
            model.parameters().initialize(model.session(), new SplittableRandom(COMPILE_SEED));
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public TrainingReport train(TrainingBackend.Model model, Dataset train, Dataset validation, TrainingPlan plan,
                                EpochMonitor monitor) {
        TensorFlowModel network = open(model);
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(plan, "plan");
        TrainingLoss loss = TrainingLoss.of(network.spec(), network.analysis().outputShape(), train);
        if (validation != null) {
            TrainingLoss.of(network.spec(), network.analysis().outputShape(), validation);
        }
        ExampleOrder order = ExampleOrder.of(train.size(), plan);
        SplittableRandom augmentationRandom = order.augmentationRandom();
        int stepsPerEpoch = order.batchesPerEpoch();
        // One element so that a monitor's re-plan (EpochLoop.Replan) can replace it between steps.
        LearningRateSchedule[] schedule = {LearningRateSchedule.of(plan, plan.epochs() * stepsPerEpoch)};
        long start = System.nanoTime();
        if (network.fresh()) {
            network.parameters().initialize(network.session(), new SplittableRandom(plan.seed()).split());
        }
        TensorFlowModel.Step step = network.step(plan.optimizer(), loss);
        TensorFlowModel.Objective objective = network.objective(loss);
        TensorFlowModel.TrainingPass pass = network.trainingPass();
        Session session = network.session();
        session.runner().addTarget(step.reset()).run().close();
        network.trained();
        return EpochLoop.run(order, plan.epochs(), monitor, (indices, stepsTaken) -> {
            float[] inputs = Batches.inputs(train, indices, augmentationRandom);
            try (TFloat32 x = batchTensor(network.spec(), inputs, indices.length);
                 TFloat32 y = TFloat32.tensorOf(Shape.of(loss.targetShape(indices.length)),
                         DataBuffers.of(loss.targets(train, indices), true, false));
                 TInt32 seed = TInt32.vectorOf(Long.hashCode(plan.seed() * 0x9E3779B97F4A7C15L + stepsTaken));
                 TFloat32 rate = TFloat32.scalarOf(schedule[0].rate(stepsTaken));
                 TFloat32 momentum = TFloat32.scalarOf((float) plan.momentum());
                 TFloat32 decay = TFloat32.scalarOf((float) plan.weightDecay());
                 TFloat32 beta1Power = TFloat32.scalarOf((float) Math.pow(TrainingOptimizer.BETA1, stepsTaken));
                 TFloat32 beta2Power = TFloat32.scalarOf((float) Math.pow(TrainingOptimizer.BETA2, stepsTaken));
                 Result result = session.runner()
                         .feed(network.input(), x)
                         .feed(objective.targets(), y)
                         .feed(pass.seed(), seed)
                         .feed(step.feeds().learningRate(), rate)
                         .feed(step.feeds().momentum(), momentum)
                         .feed(step.feeds().weightDecay(), decay)
                         .feed(step.feeds().beta1Power(), beta1Power)
                         .feed(step.feeds().beta2Power(), beta2Power)
                         .addTarget(step.run())
                         .fetch(objective.value())
                         .run()) {
                return ((TFloat32) result.get(0)).getFloat();
            }
        }, () -> validation == null ? Double.NaN : evaluate(network, loss, validation).accuracy(), start,
                (epochs, stepsTaken) -> schedule[0] = schedule[0].replanned(stepsTaken, epochs * stepsPerEpoch));
    }

    @Override
    public Evaluation evaluate(TrainingBackend.Model model, Dataset data) {
        TensorFlowModel network = open(model);
        Objects.requireNonNull(data, "data");
        return evaluate(network, TrainingLoss.of(network.spec(), network.analysis().outputShape(), data), data);
    }

    private static Evaluation evaluate(TensorFlowModel network, TrainingLoss loss, Dataset data) {
        int size = requireExamples(data);
        if (!loss.scoresClasses()) {
            return lossOnly(network, loss, data, size);
        }
        return classified(loss, data, outputs(network, data));
    }

    /**
     * Mean loss, accuracy and confusion matrix of a classifier whose output rows for every example of
     * {@code data}, in order, are {@code rows}.
     */
    static Evaluation classified(TrainingLoss loss, Dataset data, float[][] rows) {
        int size = rows.length;
        int classes = data.classes();
        int[][] confusion = new int[classes][classes];
        double lossSum = 0;
        int correct = 0;
        for (int row = 0; row < size; row++) {
            int label = data.label(row);
            lossSum += loss.loss(rows[row], label);
            int predicted = loss.predictedClass(rows[row], classes);
            confusion[label][predicted]++;
            if (predicted == label) {
                correct++;
            }
        }
        return new Evaluation(lossSum / size, (double) correct / size, confusion);
    }

    /**
     * The mean loss of a network whose outputs are not class scores, from the graph, batch by batch as the DJL
     * backend computes it (each batch's loss weighted by its examples); accuracy NaN, no confusion matrix.
     */
    private static Evaluation lossOnly(TensorFlowModel network, TrainingLoss loss, Dataset data, int size) {
        TensorFlowModel.InferenceLoss inference = network.inferenceLoss(loss);
        Session session = network.session();
        double lossSum = 0;
        for (int from = 0; from < size; from += INFERENCE_BATCH) {
            int[] indices = Batches.range(from, Math.min(size, from + INFERENCE_BATCH));
            try (TFloat32 x = batchTensor(network.spec(), Batches.inputs(data, indices), indices.length);
                 TFloat32 y = TFloat32.tensorOf(Shape.of(loss.targetShape(indices.length)),
                         DataBuffers.of(loss.targets(data, indices), true, false));
                 Result result = session.runner()
                         .feed(network.input(), x)
                         .feed(inference.targets(), y)
                         .fetch(inference.value())
                         .run()) {
                lossSum += (double) ((TFloat32) result.get(0)).getFloat() * indices.length;
            }
        }
        return new Evaluation(lossSum / size, Double.NaN, new int[0][0]);
    }

    @Override
    public float[][] predict(TrainingBackend.Model model, Dataset data) {
        TensorFlowModel network = open(model);
        Objects.requireNonNull(data, "data");
        TrainingLoss.requireInputs(network.spec(), data);
        return outputs(network, data);
    }

    /** The inference outputs of every example, in batches. */
    private static float[][] outputs(TensorFlowModel network, Dataset data) {
        int size = data.size();
        int width = Math.toIntExact(network.analysis().outputShape().elements());
        float[][] rows = new float[size][];
        Session session = network.session();
        for (int from = 0; from < size; from += INFERENCE_BATCH) {
            int[] indices = Batches.range(from, Math.min(size, from + INFERENCE_BATCH));
            float[] flat = new float[indices.length * width];
            try (TFloat32 x = batchTensor(network.spec(), Batches.inputs(data, indices), indices.length);
                 Result result = session.runner().feed(network.input(), x).fetch(network.output()).run()) {
                ((TFloat32) result.get(0)).copyTo(DataBuffers.of(flat, false, false));
            }
            float[][] batchRows = Batches.rows(flat, indices.length);
            System.arraycopy(batchRows, 0, rows, from, batchRows.length);
        }
        return rows;
    }

    @Override
    public Latency measureLatency(TrainingBackend.Model model, int warmup, int runs) {
        TensorFlowModel network = open(model);
        Session session = network.session();
        float[] zeros = new float[Math.toIntExact(network.spec().input().elements())];
        try (TFloat32 x = batchTensor(network.spec(), zeros, 1)) {
            return LatencyMeter.measure(warmup, runs, () -> {
                long start = System.nanoTime();
                Result result = session.runner().feed(network.input(), x).fetch(network.output()).run();
                long elapsed = System.nanoTime() - start;
                result.close();
                return elapsed;
            });
        }
    }

    /**
     * Writes a SavedModel of the inference graph (signature {@value #SIGNATURE}) and {@value #SPEC_FILE}
     * to {@code directory}; see the class note.
     */
    @Override
    public void save(TrainingBackend.Model model, Path directory) throws IOException {
        TensorFlowModel network = open(model);
        Map<String, float[]> values = network.parameters().read(network.session());
        Files.createDirectories(directory);
        // A fresh graph with the inference pass only: no training ops or optimiser slots in the export.
        try (TensorFlowModel exported = TensorFlowModel.build(network.spec(), false)) {
            Session session = exported.session();
            exported.parameters().write(session, values);
            Signature signature = Signature.builder(SIGNATURE)
                    .methodName("tensorflow/serving/predict")
                    .input(TensorFlowModel.INPUT, exported.input())
                    .output(TensorFlowModel.OUTPUT, exported.output())
                    .build();
            SavedModelBundle.exporter(directory.toString())
                    .withSession(session)
                    .withFunction(SessionFunction.create(signature, session))
                    .export();
        } catch (TensorFlowException e) {
            throw new IOException("cannot write a SavedModel to " + directory + ": " + e.getMessage(), e);
        }
        SpecJson.write(network.spec(), directory.resolve(SPEC_FILE));
    }

    @Override
    public TrainingBackend.Model load(Path directory) throws IOException {
        NetworkSpec spec = SpecJson.read(directory.resolve(SPEC_FILE));
        Path checkpoint = directory.resolve("variables").resolve("variables");
        if (!Files.isRegularFile(directory.resolve("variables").resolve("variables.index"))) {
            throw new IOException(directory + " holds no SavedModel variables (variables/variables.index)");
        }
        TensorFlowModel model = TensorFlowModel.build(spec, false, gpus);
        try {
            model.session().restore(checkpoint.toString());
            return model;
        } catch (TensorFlowException e) {
            model.close();
            throw new IOException("the variables in " + directory + " do not fit the saved network: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static TensorFlowModel open(TrainingBackend.Model model) {
        Objects.requireNonNull(model, "model");
        if (!(model instanceof TensorFlowModel network)) {
            throw new IllegalArgumentException("not a model of the tensorflow backend: " + model.getClass().getName());
        }
        network.session();
        return network;
    }

    /** {@code count} examples as a channels-first tensor {@code [count, C, ...]}. */
    private static TFloat32 batchTensor(NetworkSpec spec, float[] values, int count) {
        return TFloat32.tensorOf(Shape.of(Batches.dims(spec.input(), count)), DataBuffers.of(values, true, false));
    }

    private static int requireExamples(Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("dataset " + data.name() + " is empty");
        }
        return data.size();
    }
}
