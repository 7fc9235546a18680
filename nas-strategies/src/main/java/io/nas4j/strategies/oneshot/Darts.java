package io.nas4j.strategies.oneshot;

import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.SupernetPlan;
import io.nas4j.core.supernet.SupernetSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * First-order DARTS (Liu et al., 2019) against the {@link SupernetBackend} port: every choice node mixes
 * its candidates by the softmax of its point's architecture weights; each step first updates the alphas on
 * a validation batch (Adam), then the weights on a training batch (SGD with momentum, cosine), each with its
 * own optimiser; after the last epoch {@link Derivation} keeps the strongest non-zero option per point. The
 * collapse guard is a limit on skip connections at derivation ({@link Settings#maxSkips}); both the guarded
 * and the unguarded derivation are returned, so the guard's effect can be measured. Retraining the derived
 * network is the caller's (any {@link io.nas4j.core.port.TrainingBackend} trains {@code spec.discrete(path)}).
 *
 * <p>All randomness (initial weights and alphas, batch orders, augmentation) flows from {@link Settings#seed}.
 */
public final class Darts {

    private Darts() {
    }

    /**
     * @param epochs            passes over the training data, at least 1
     * @param batchSize         examples per step, at least 2
     * @param alphaLearningRate Adam's rate for the alphas
     * @param warmupEpochs      first epochs that train weights only (alphas fixed), in {@code [0, epochs)}
     * @param maxSkips          the collapse guard: most choice points that may keep a skip connection; negative for no limit
     * @param timeLimitSeconds  stop after the epoch that passes this wall time; 0 for none
     * @param seed              seed of everything random
     * @param maxParameterFree  the second guard: most choice points that may keep a parameter-free op (skip or
     *                          pooling); negative for no limit
     */
    public record Settings(int epochs, int batchSize, double alphaLearningRate, int warmupEpochs, int maxSkips,
                           long timeLimitSeconds, long seed, int maxParameterFree) {

        /** Settings with the skip limit only. */
        public Settings(int epochs, int batchSize, double alphaLearningRate, int warmupEpochs, int maxSkips,
                        long timeLimitSeconds, long seed) {
            this(epochs, batchSize, alphaLearningRate, warmupEpochs, maxSkips, timeLimitSeconds, seed, -1);
        }

        public Settings {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            if (batchSize < 2) {
                throw new IllegalArgumentException("batch size must be at least 2, got " + batchSize);
            }
            if (warmupEpochs < 0 || warmupEpochs >= epochs) {
                throw new IllegalArgumentException("warm-up epochs must be in [0, " + epochs + "), got " + warmupEpochs);
            }
            if (timeLimitSeconds < 0) {
                throw new IllegalArgumentException("time limit must not be negative, got " + timeLimitSeconds);
            }
        }
    }

    /** One epoch: mean losses of the weight and alpha steps (NaN during warm-up), the mixed network's validation accuracy, the argmax path. */
    public record Epoch(int epoch, double weightLoss, double alphaLoss, double validationAccuracy, String argmax,
                        double seconds) {
    }

    /** Called after every epoch. */
    @FunctionalInterface
    public interface Listener {
        void epochFinished(Epoch epoch);

        static Listener none() {
            return epoch -> { };
        }
    }

    /**
     * @param path          the derived path (collapse guard applied)
     * @param unguardedPath the path without the guard
     * @param alphas        the final architecture weights
     * @param epochs        one entry per epoch run
     * @param seconds       wall time of the search
     * @param weightCount   the supernet's weights
     */
    public record Result(int[] path, int[] unguardedPath, double[][] alphas, List<Epoch> epochs, double seconds,
                         long weightCount) {
        public Result {
            path = path.clone();
            unguardedPath = unguardedPath.clone();
            epochs = List.copyOf(epochs);
        }
    }

    /** Runs the bilevel search on {@code spec}; {@code train} fits the weights, {@code validation} the alphas. */
    public static Result search(SupernetBackend backend, SupernetSpec spec, Dataset train, Dataset validation,
                                Settings settings, Listener listener) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(settings, "settings");
        Listener progress = listener == null ? Listener.none() : listener;
        int steps = Batches.count(train.size(), settings.batchSize());
        int validationSteps = Batches.count(validation.size(), settings.batchSize());
        SupernetPlan plan = SupernetPlan.darts(settings.epochs() * steps, settings.alphaLearningRate(), settings.seed());
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<Epoch> epochs = new ArrayList<>();
        try (SupernetBackend.Supernet supernet = backend.build(spec, plan)) {
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                int[] trainOrder = Batches.shuffled(train.size(), random);
                int[] validationOrder = Batches.shuffled(validation.size(), random);
                boolean searching = epoch > settings.warmupEpochs();
                double weightLoss = 0;
                double alphaLoss = 0;
                for (int step = 0; step < steps; step++) {
                    if (searching) {
                        alphaLoss += supernet.trainAlphas(validation,
                                Batches.batch(validationOrder, step % validationSteps, validationSteps));
                    }
                    weightLoss += supernet.trainWeightsMixed(train, Batches.batch(trainOrder, step, steps));
                }
                double accuracy = supernet.evaluateMixed(validation).accuracy();
                int[] argmax = Derivation.derive(spec, supernet.alphas(), -1);
                Epoch report = new Epoch(epoch, weightLoss / steps, searching ? alphaLoss / steps : Double.NaN, accuracy,
                        spec.describe(argmax), (System.nanoTime() - epochStart) / 1e9);
                epochs.add(report);
                progress.epochFinished(report);
                if (settings.timeLimitSeconds() > 0 && (System.nanoTime() - start) / 1e9 >= settings.timeLimitSeconds()) {
                    break;
                }
            }
            double[][] alphas = supernet.alphas();
            return new Result(Derivation.derive(spec, alphas, settings.maxSkips(), settings.maxParameterFree()),
                    Derivation.derive(spec, alphas, -1),
                    alphas, epochs, (System.nanoTime() - start) / 1e9, supernet.weightCount());
        }
    }
}
