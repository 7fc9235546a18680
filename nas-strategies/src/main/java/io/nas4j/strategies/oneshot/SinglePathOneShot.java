package io.nas4j.strategies.oneshot;

import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.supernet.SupernetSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Single-path one-shot supernet training (Guo et al., 2020) against the {@link SupernetBackend} port: each
 * weight step trains one path drawn uniformly at random (one option per choice point), so every subnet
 * learns to work with the weights it shares. The trained supernet then scores subnets with the weights
 * they inherit ({@link InheritedWeightEvolution}) and can be specialised to several resource limits without
 * retraining ({@link Specialisation}). Paths and batch orders are drawn from {@code seed}.
 */
public final class SinglePathOneShot {

    private SinglePathOneShot() {
    }

    /** Mean training loss of each epoch. */
    public record Report(List<Double> epochLosses, double seconds) {
        public Report {
            epochLosses = List.copyOf(epochLosses);
        }
    }

    /** Trains {@code supernet}'s weights for {@code epochs} epochs of uniformly sampled single paths. */
    public static Report train(SupernetBackend.Supernet supernet, Dataset train, int epochs, int batchSize, long seed,
                               Darts.Listener listener) {
        return train(supernet, train, epochs, batchSize, seed, 0, listener);
    }

    /**
     * Trains {@code supernet}'s weights for {@code epochs} epochs of uniformly sampled single paths, stopping
     * after the epoch that passes {@code timeLimitSeconds} of wall time (0 for no limit).
     */
    public static Report train(SupernetBackend.Supernet supernet, Dataset train, int epochs, int batchSize, long seed,
                               long timeLimitSeconds, Darts.Listener listener) {
        Objects.requireNonNull(supernet, "supernet");
        return train(supernet, train, epochs, batchSize, seed, timeLimitSeconds, supernet.spec()::samplePath, listener);
    }

    /**
     * Draws the path each weight step trains. Uniform sampling is {@link SupernetSpec#samplePath}; a few-shot
     * sub-supernet (Zhao et al., 2021) fixes the option of one choice point and draws the others uniformly.
     */
    @FunctionalInterface
    public interface PathSampler {
        int[] sample(SplittableRandom random);
    }

    /**
     * Trains {@code supernet}'s weights for {@code epochs} epochs, each step on the path {@code sampler} draws,
     * stopping after the epoch that passes {@code timeLimitSeconds} of wall time (0 for no limit).
     */
    public static Report train(SupernetBackend.Supernet supernet, Dataset train, int epochs, int batchSize, long seed,
                               long timeLimitSeconds, PathSampler sampler, Darts.Listener listener) {
        Objects.requireNonNull(supernet, "supernet");
        Objects.requireNonNull(sampler, "sampler");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        int steps = Batches.count(train.size(), batchSize);
        SplittableRandom random = new SplittableRandom(seed);
        SplittableRandom paths = random.split();
        List<Double> losses = new ArrayList<>();
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long epochStart = System.nanoTime();
            int[] order = Batches.shuffled(train.size(), random);
            double sum = 0;
            for (int step = 0; step < steps; step++) {
                sum += supernet.trainWeightsPath(train, Batches.batch(order, step, steps), sampler.sample(paths));
            }
            losses.add(sum / steps);
            if (listener != null) {
                listener.epochFinished(new Darts.Epoch(epoch, sum / steps, Double.NaN, Double.NaN, "",
                        (System.nanoTime() - epochStart) / 1e9));
            }
            if (timeLimitSeconds > 0 && (System.nanoTime() - start) / 1e9 >= timeLimitSeconds) {
                break;
            }
        }
        return new Report(losses, (System.nanoTime() - start) / 1e9);
    }

    /** Weight steps of one epoch over {@code size} examples: what a {@link io.nas4j.core.port.SupernetPlan}'s schedule spans. */
    public static int stepsPerEpoch(int size, int batchSize) {
        return Batches.count(size, batchSize);
    }
}
