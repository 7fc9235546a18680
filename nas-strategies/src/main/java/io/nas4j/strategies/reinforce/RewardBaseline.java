package io.nas4j.strategies.reinforce;

/**
 * The moving-average baseline of REINFORCE, with advantage normalisation.
 *
 * <p>The baseline is an exponential moving average of the rewards, started at the first reward (so the
 * first reward teaches nothing: there is nothing yet to compare it with). The advantage of a reward is its
 * distance from the baseline before it, divided by a bias-corrected moving root mean square of advantages
 * (the current one included), so it is about one in size whatever the metric's scale and the learning rate
 * means the same on every space. Including the current advantage bounds the normalised value, so one
 * outlier cannot blow the policy up.
 */
final class RewardBaseline {

    private final double decay;
    private double baseline = Double.NaN;
    private double squares;
    private int advantages;

    /** @param decay weight of the past in the moving averages, in [0, 1) */
    RewardBaseline(double decay) {
        this.decay = decay;
    }

    /** The normalised advantage of {@code reward}, then folds the reward into the baseline. */
    double advantage(double reward) {
        if (Double.isNaN(baseline)) {
            baseline = reward;
            return 0;
        }
        double advantage = reward - baseline;
        baseline = decay * baseline + (1 - decay) * reward;
        advantages++;
        squares = decay * squares + (1 - decay) * advantage * advantage;
        double scale = Math.sqrt(squares / (1 - Math.pow(decay, advantages)));
        return scale > 0 ? advantage / scale : 0;
    }

    double value() {
        return baseline;
    }
}
