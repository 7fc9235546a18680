package io.nas4j.strategies.oneshot;

import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.SupernetPlan;
import io.nas4j.core.supernet.ChoicePoint;
import io.nas4j.core.supernet.SupernetSpec;
import io.nas4j.core.space.Decision;
import io.nas4j.strategies.reinforce.Controller;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * ENAS, efficient neural architecture search by parameter sharing (Pham et al., 2018), against the
 * {@link SupernetBackend} port: an autoregressive LSTM controller ({@link Controller#lstm}) samples paths of a
 * supernet (a cell or a chain), and the shared weights and the controller train in turn, every epoch:
 * <ol>
 *   <li>the weights take one epoch of steps on training batches, each step on the path the controller samples
 *       for it ({@link SupernetBackend.Supernet#trainWeightsPath});</li>
 *   <li>the controller takes {@link Settings#controllerSteps} REINFORCE steps, each rewarded with the
 *       validation accuracy of a path it samples, measured with the shared weights on a fresh random
 *       validation minibatch of {@link Settings#rewardExamples} examples (batch norm recalibrated on
 *       {@link Settings#rewardCalibrationBatches} training batches first, as single-path one-shot does).</li>
 * </ol>
 * Then {@link Settings#candidates} paths are sampled from the trained controller and each distinct valid one is
 * scored on the whole validation set with the weights it inherits; the best is the result, which the caller
 * trains from scratch. A path whose network is not valid (a cell whose output is cut off) earns reward 0 and
 * is never a candidate. Batch orders, paths and minibatches are drawn from {@link Settings#seed}.
 */
public final class Enas {

    private Enas() {
    }

    /**
     * @param epochs             supernet epochs, each a weight epoch then the controller's steps
     * @param batchSize          examples per weight step, calibration batch and reward minibatch part
     * @param controllerSteps    controller updates per epoch
     * @param learningRate       the controller's Adam rate
     * @param entropyWeight      the controller's entropy bonus
     * @param candidates         paths sampled from the trained controller and scored on all validation data
     * @param calibrationBatches training batches that recalibrate batch norm before a candidate's evaluation
     * @param rewardCalibrationBatches the same before a controller reward's, fewer since there are many
     * @param rewardExamples     validation examples per controller reward
     * @param timeLimitSeconds   stop after the epoch that passes this wall time; 0 for none
     * @param seed               every random choice
     */
    public record Settings(int epochs, int batchSize, int controllerSteps, double learningRate, double entropyWeight,
                           int candidates, int calibrationBatches, int rewardCalibrationBatches, int rewardExamples,
                           long timeLimitSeconds, long seed) {
        public Settings {
            positive(epochs, "epochs");
            positive(batchSize, "batchSize");
            positive(controllerSteps, "controllerSteps");
            positive(candidates, "candidates");
            positive(calibrationBatches, "calibrationBatches");
            positive(rewardCalibrationBatches, "rewardCalibrationBatches");
            positive(rewardExamples, "rewardExamples");
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("controllerLearningRate must be positive, got " + learningRate);
            }
            if (!(entropyWeight >= 0)) {
                throw new IllegalArgumentException("controller entropy weight must be at least 0, got " + entropyWeight);
            }
        }

        private static void positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
        }
    }

    /** One epoch: the weights' mean training loss, the controller's mean reward and its baseline after it. */
    public record Epoch(int epoch, double weightLoss, double meanReward, double baseline, double seconds) {
    }

    /** A scored final candidate: its path, description and inherited-weight validation accuracy. */
    public record Candidate(int[] path, String description, double accuracy) {
        public Candidate {
            path = path.clone();
        }
    }

    /** The chosen path, every scored candidate, the epochs, the time it took and the supernet's weight count. */
    public record Result(int[] path, List<Candidate> candidates, List<Epoch> epochs, double seconds, long weightCount) {
        public Result {
            path = path.clone();
            candidates = List.copyOf(candidates);
            epochs = List.copyOf(epochs);
        }
    }

    /** Listens to the epochs. */
    @FunctionalInterface
    public interface Listener {
        void epochFinished(Epoch epoch);
    }

    /** Builds the supernet of {@code spec} on {@code backend} and runs ENAS on it. */
    public static Result search(SupernetBackend backend, SupernetSpec spec, Dataset train, Dataset validation,
                                Settings settings, Listener listener) {
        Objects.requireNonNull(backend, "backend");
        int steps = Batches.count(train.size(), settings.batchSize());
        try (SupernetBackend.Supernet supernet = backend.build(spec,
                SupernetPlan.singlePath(settings.epochs() * steps, settings.seed()))) {
            return search(supernet, train, validation, settings, listener);
        }
    }

    /** Runs ENAS on a built supernet, whose weights it trains. */
    public static Result search(SupernetBackend.Supernet supernet, Dataset train, Dataset validation, Settings settings,
                                Listener listener) {
        SupernetSpec spec = supernet.spec();
        SplittableRandom random = new SplittableRandom(settings.seed());
        SplittableRandom batches = random.split();
        SplittableRandom paths = random.split();
        SplittableRandom minibatches = random.split();
        Controller controller = Controller.lstm(decisions(spec), 100, 2, settings.learningRate(), 0.9,
                settings.entropyWeight(), random.split());
        int steps = Batches.count(train.size(), settings.batchSize());
        List<Epoch> epochs = new ArrayList<>();
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            int[] order = Batches.shuffled(train.size(), batches);
            double loss = 0;
            for (int step = 0; step < steps; step++) {
                loss += supernet.trainWeightsPath(train, Batches.batch(order, step, steps), controller.sample(paths));
            }
            double rewards = 0;
            for (int step = 0; step < settings.controllerSteps(); step++) {
                int[] path = controller.sample(paths);
                double reward = valid(spec, path) ? supernet.evaluatePath(path,
                        minibatch(validation, settings.rewardExamples(), minibatches), train,
                        settings.rewardCalibrationBatches(), settings.batchSize()).accuracy() : 0;
                controller.learn(path, reward);
                rewards += reward;
            }
            Epoch finished = new Epoch(epoch, loss / steps, rewards / settings.controllerSteps(), controller.baseline(),
                    (System.nanoTime() - epochStart) / 1e9);
            epochs.add(finished);
            if (listener != null) {
                listener.epochFinished(finished);
            }
            if (settings.timeLimitSeconds() > 0 && (System.nanoTime() - start) / 1e9 >= settings.timeLimitSeconds()) {
                break;
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int draw = 0; draw < settings.candidates(); draw++) {
            int[] path = controller.sample(paths);
            if (!valid(spec, path) || !seen.add(Arrays.toString(path))) {
                continue;
            }
            double accuracy = supernet.evaluatePath(path, validation, train, settings.calibrationBatches(),
                    settings.batchSize()).accuracy();
            candidates.add(new Candidate(path, spec.describe(path), accuracy));
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("the controller sampled no valid path in " + settings.candidates()
                    + " draws; raise candidates");
        }
        Candidate best = candidates.stream().max(Comparator.comparingDouble(Candidate::accuracy)).orElseThrow();
        return new Result(best.path(), candidates, epochs, (System.nanoTime() - start) / 1e9, supernet.weightCount());
    }

    /** The supernet's choice points as the controller's decisions. */
    static List<Decision> decisions(SupernetSpec spec) {
        List<Decision> decisions = new ArrayList<>();
        for (ChoicePoint point : spec.points()) {
            decisions.add(new Decision(point.name(), point.options()));
        }
        return decisions;
    }

    private static boolean valid(SupernetSpec spec, int[] path) {
        return NetworkAnalysis.of(spec.discrete(path)).valid();
    }

    /** {@code size} validation examples drawn without replacement (all of them when there are fewer). */
    private static Dataset minibatch(Dataset validation, int size, SplittableRandom random) {
        if (size >= validation.size()) {
            return validation;
        }
        int[] indices = Batches.shuffled(validation.size(), random);
        int[] chosen = Arrays.copyOf(indices, size);
        Arrays.sort(chosen);
        return validation.subset(chosen, validation.name() + "/reward");
    }
}
