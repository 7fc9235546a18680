package io.nas4j.core.port;

import java.util.Locale;

/**
 * The zero-cost proxies a {@link ProxyScorer} computes: scores of an untrained network, from one forward
 * (and at most one backward) pass, that rank architectures by how well they would train.
 *
 * <ul>
 *   <li>{@link #SYNFLOW}: synaptic flow (Tanaka et al., 2020; used as a NAS proxy by Abdelfattah et al.,
 *       2021). Every parameter is replaced by its absolute value, batch norm is removed, an input of ones
 *       (one example) goes through the network in double precision where the engine allows, and the score
 *       is {@code sum |theta * dR/dtheta|} over the weights of convolutions and linear layers, where
 *       {@code R} is the sum of the outputs. A network whose every input-to-output path crosses a zero op
 *       scores 0.</li>
 *   <li>{@link #GRAD_NORM}: the sum over convolution and linear weights of the L2 norm of the gradient of
 *       the network's own loss (cross entropy for classification) on one mini-batch, batch norm in
 *       training mode (Abdelfattah et al., 2021).</li>
 *   <li>{@link #NASWOT}: "neural architecture search without training" (Mellor et al., 2021): over a
 *       mini-batch, each example's binary code of which ReLU units are active; the kernel
 *       {@code K[i][j] = units - hamming(c_i, c_j)}; the score is {@code log|det K|}. Negative infinity when
 *       two examples share a code (the kernel is singular).</li>
 * </ul>
 * Larger is better for all three.
 */
public enum ZeroCostProxy {
    SYNFLOW,
    GRAD_NORM,
    NASWOT;

    /** The metric name a trial reports the score under: {@code synflow}, {@code grad_norm}, {@code naswot}. */
    public String metric() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The proxy whose metric name is {@code text}, for configurations and command lines. */
    public static ZeroCostProxy named(String text) {
        for (ZeroCostProxy proxy : values()) {
            if (proxy.metric().equals(text)) {
                return proxy;
            }
        }
        throw new IllegalArgumentException("unknown zero-cost proxy " + text + "; allowed: synflow, grad_norm, naswot");
    }
}
