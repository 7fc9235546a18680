package io.nas4j.core.port;

import java.util.Objects;

/**
 * How a supernet's two kinds of parameters are optimised: the weights (shared by every subnet) with one
 * optimiser, the architecture weights (alphas, one per option of each choice point) with another, as
 * DARTS's bilevel optimisation asks. Weight steps follow {@code weightSchedule} over {@code weightSteps}
 * steps; alpha steps use Adam at a constant rate.
 *
 * @param weightOptimizer     SGD with momentum or Adam for the weights
 * @param weightLearningRate  the weights' initial learning rate, positive
 * @param weightMomentum      SGD momentum in [0, 1)
 * @param weightDecay         L2 decay of the weights, at least 0
 * @param weightSchedule      constant or cosine decay over {@code weightSteps}
 * @param weightSteps         the number of weight steps the schedule spans, at least 1
 * @param alphaLearningRate   Adam's rate for the architecture weights, positive
 * @param alphaWeightDecay    L2 decay of the architecture weights, at least 0
 * @param seed                seed of the initial weights, the initial alphas and augmentation draws
 */
public record SupernetPlan(TrainingPlan.Optimizer weightOptimizer, double weightLearningRate, double weightMomentum,
                           double weightDecay, TrainingPlan.Schedule weightSchedule, int weightSteps,
                           double alphaLearningRate, double alphaWeightDecay, long seed) {

    public SupernetPlan {
        Objects.requireNonNull(weightOptimizer, "weightOptimizer");
        Objects.requireNonNull(weightSchedule, "weightSchedule");
        if (!(weightLearningRate > 0) || Double.isInfinite(weightLearningRate)) {
            throw new IllegalArgumentException("weight learning rate must be positive, got " + weightLearningRate);
        }
        if (!(weightMomentum >= 0 && weightMomentum < 1)) {
            throw new IllegalArgumentException("weight momentum must be in [0, 1), got " + weightMomentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be at least 0, got " + weightDecay);
        }
        if (weightSteps < 1) {
            throw new IllegalArgumentException("weight steps must be at least 1, got " + weightSteps);
        }
        if (!(alphaLearningRate > 0) || Double.isInfinite(alphaLearningRate)) {
            throw new IllegalArgumentException("alpha learning rate must be positive, got " + alphaLearningRate);
        }
        if (!(alphaWeightDecay >= 0) || Double.isInfinite(alphaWeightDecay)) {
            throw new IllegalArgumentException("alpha weight decay must be at least 0, got " + alphaWeightDecay);
        }
    }

    /**
     * First-order DARTS's settings: weights by SGD (rate 0.025, momentum 0.9, decay 3e-4, cosine), alphas by
     * Adam (rate 3e-4, decay 1e-3) unless {@code alphaLearningRate} says otherwise.
     */
    public static SupernetPlan darts(int weightSteps, double alphaLearningRate, long seed) {
        return new SupernetPlan(TrainingPlan.Optimizer.SGD, 0.025, 0.9, 3e-4, TrainingPlan.Schedule.COSINE, weightSteps,
                alphaLearningRate, 1e-3, seed);
    }

    /** Single-path one-shot's settings: weights by SGD (rate 0.05, momentum 0.9, decay 4e-5, cosine); no alphas. */
    public static SupernetPlan singlePath(int weightSteps, long seed) {
        return new SupernetPlan(TrainingPlan.Optimizer.SGD, 0.05, 0.9, 4e-5, TrainingPlan.Schedule.COSINE, weightSteps,
                3e-4, 0, seed);
    }
}
