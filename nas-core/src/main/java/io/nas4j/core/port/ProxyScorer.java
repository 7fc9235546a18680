package io.nas4j.core.port;

import io.nas4j.core.network.NetworkSpec;

/**
 * Computes {@link ZeroCostProxy zero-cost proxies} of untrained networks on an engine: the gradients and
 * activations they need come from the same engine that trains, so a proxy sees the network a
 * {@link TrainingBackend} of the same name would build. Adapters offer it next to their training backend
 * (Guice: a {@code Map<String, ProxyScorer>} keyed by the backend's name).
 *
 * <p>Contract: {@link #score} compiles a fresh network for every call, initialised from {@code seed}, and
 * closes it before returning; nothing is trained and no state survives the call. The mini-batch is
 * {@code min(batchSize, data.size())} examples drawn from {@code data} by {@code seed}, so one seed gives
 * one batch and one initialisation: the same network, proxy, data and seed give the same score (up to the
 * last digits of float32 arithmetic where an engine's kernels do not fix their summation order: TensorFlow's
 * grad-norm moves in its 7th or 8th significant digit from run to run). Scores
 * may be any double, negative infinity included for {@link ZeroCostProxy#NASWOT}; NaN means the engine
 * failed numerically. An invalid network, a data set whose input shape differs from the network's, or an
 * empty data set throw {@link IllegalArgumentException}. Calls may come from several threads; an
 * implementation serialises what its engine cannot run concurrently.
 */
public interface ProxyScorer {

    /** The name of the engine, the same as its training backend's, for example {@code djl}. */
    String name();

    /**
     * The score of {@code proxy} for the untrained {@code spec}.
     *
     * @param data      examples for the mini-batch (unused by {@link ZeroCostProxy#SYNFLOW}, whose input is
     *                  all ones, though its shape must fit)
     * @param batchSize examples in the mini-batch, at least 2
     * @param seed      the seed of the initialisation and of the batch
     */
    double score(NetworkSpec spec, ZeroCostProxy proxy, Dataset data, int batchSize, long seed);
}
