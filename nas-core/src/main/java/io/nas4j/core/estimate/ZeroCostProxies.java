package io.nas4j.core.estimate;

import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Op;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.ZeroCostProxy;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The engine-independent parts of a {@link ProxyScorer}, shared by every backend's scorer so that all of
 * them check their arguments alike, draw the same mini-batch for the same seed, remove batch norm for
 * synflow the same way and take the NASWOT log-determinant with the same arithmetic. Only the forward and
 * backward passes differ between engines.
 */
public final class ZeroCostProxies {

    private ZeroCostProxies() {
    }

    /**
     * Throws what {@link ProxyScorer#score} promises for bad arguments: {@link NullPointerException} for a
     * missing one, {@link IllegalArgumentException} for a batch under 2, a data set of fewer than 2 examples
     * or examples of another shape than the network's input.
     */
    public static void requireScorable(NetworkSpec spec, ZeroCostProxy proxy, Dataset data, int batchSize) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(data, "data");
        if (batchSize < 2) {
            throw new IllegalArgumentException("the proxies' batch needs at least 2 examples, got " + batchSize);
        }
        if (data.size() < 2) {
            throw new IllegalArgumentException("data set " + data.name() + " has " + data.size()
                    + " examples; the proxies need at least 2");
        }
        if (!data.inputShape().equals(spec.input())) {
            throw new IllegalArgumentException("the network takes inputs of shape " + spec.input() + " but "
                    + data.name() + " has " + data.inputShape());
        }
    }

    /**
     * {@code min(batchSize, size)} distinct example indices drawn by {@code seed} (a partial Fisher-Yates
     * shuffle): every backend scores the same examples for the same seed.
     */
    public static int[] batch(int size, int batchSize, long seed) {
        int[] all = new int[size];
        for (int index = 0; index < size; index++) {
            all[index] = index;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int count = Math.min(batchSize, size);
        for (int index = 0; index < count; index++) {
            int other = index + random.nextInt(size - index);
            int swap = all[index];
            all[index] = all[other];
            all[other] = swap;
        }
        return Arrays.copyOf(all, count);
    }

    /**
     * The network with every batch-norm node replaced by an identity: synflow's convention (the proxies'
     * reference code removes batch norm; in training mode it would normalise the single all-ones example to
     * zero).
     */
    public static NetworkSpec withoutBatchNorm(NetworkSpec spec) {
        List<Node> nodes = spec.nodes().stream()
                .map(node -> node.op() instanceof Op.BatchNorm ? new Node(node.id(), new Op.Identity(), node.inputs()) : node)
                .toList();
        return new NetworkSpec(spec.input(), nodes, spec.output(), spec.loss());
    }

    /**
     * {@code log |det a|} of the square {@code n x n} matrix {@code a} (row-major, destroyed), by LU
     * decomposition with partial pivoting in double precision; negative infinity when {@code a} is singular.
     * This is the NASWOT score of the activation-code kernel.
     */
    public static double logAbsDeterminant(double[] a, int n) {
        if (a.length != (long) n * n) {
            throw new IllegalArgumentException("a " + n + " x " + n + " matrix needs " + (long) n * n
                    + " values, got " + a.length);
        }
        double log = 0;
        for (int column = 0; column < n; column++) {
            int pivot = column;
            for (int row = column + 1; row < n; row++) {
                if (Math.abs(a[row * n + column]) > Math.abs(a[pivot * n + column])) {
                    pivot = row;
                }
            }
            double top = a[pivot * n + column];
            if (top == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            if (pivot != column) {
                for (int k = 0; k < n; k++) {
                    double swap = a[pivot * n + k];
                    a[pivot * n + k] = a[column * n + k];
                    a[column * n + k] = swap;
                }
            }
            log += Math.log(Math.abs(top));
            for (int row = column + 1; row < n; row++) {
                double factor = a[row * n + column] / top;
                if (factor != 0) {
                    for (int k = column; k < n; k++) {
                        a[row * n + k] -= factor * a[column * n + k];
                    }
                }
            }
        }
        return log;
    }
}
