package io.nas4j.strategies.multifidelity;

/**
 * The shape of every bracket a multi-fidelity strategy opens, by its opening order (0, 1, 2, ...).
 */
@FunctionalInterface
public interface BracketSchedule {

    /** The shape of the {@code index}-th bracket opened. */
    BracketShape shape(int index);

    /** Successive halving: every bracket starts {@code size} configurations at the lowest rung. */
    static BracketSchedule successiveHalving(int size) {
        BracketShape shape = new BracketShape(0, size);
        return index -> shape;
    }

    /**
     * Hyperband (Li et al.): brackets cycle from the most aggressive, which starts {@code size} configurations
     * at the lowest rung, to the most conservative, which starts its configurations at the top rung. With
     * {@code K = rungs.top()}, bracket {@code s = K, K-1, ..., 0} starts at rung {@code K - s} with
     * {@code ceil(size * (K + 1) / (s + 1) * eta^(s - K))} configurations, which is Hyperband's
     * {@code ceil((K + 1) / (s + 1) * eta^s)} scaled so that the first bracket has {@code size}; the brackets
     * then cost about the same, and each hedges differently between many cheap and few full evaluations.
     */
    static BracketSchedule hyperband(Rungs rungs, int size) {
        int top = rungs.top();
        BracketShape[] shapes = new BracketShape[top + 1];
        for (int s = top; s >= 0; s--) {
            double count = size * (top + 1.0) / (s + 1) * Math.pow(rungs.eta(), s - top);
            shapes[top - s] = new BracketShape(top - s, (int) Math.max(1, Math.ceil(count - 1e-9)));
        }
        return index -> shapes[index % shapes.length];
    }
}
