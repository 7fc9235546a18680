package io.nas4j.runner.training;

import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * A final training that diverged is trained again from scratch at half the learning rate, up to
 * {@value #RETRIES} times, before the run gives up. The search has already paid for its trials by then;
 * a loss that turns NaN in the last training (CI saw it once, at step 31 of a detection final training
 * whose seed trains cleanly on the development machine) should cost a second training, not the result.
 * Each retry is logged as a warning, naming the rate it tries.
 */
public final class DivergenceRetry {

    /** Trainings after the first, each at half the previous rate. */
    static final int RETRIES = 2;

    private static final Logger LOG = LoggerFactory.getLogger(DivergenceRetry.class);

    private DivergenceRetry() {
    }

    /**
     * {@code training} applied to {@code plan}, or to {@code plan} at half, then a quarter of its learning
     * rate when the training before diverged.
     *
     * @throws TrainingBackend.TrainingDivergedException when the last try diverged too; its message names
     *                                                   every rate tried
     */
    public static <T> T train(TrainingPlan plan, Function<TrainingPlan, T> training) {
        TrainingPlan current = plan;
        for (int attempt = 0; ; attempt++) {
            try {
                return training.apply(current);
            } catch (TrainingBackend.TrainingDivergedException e) {
                if (attempt == RETRIES) {
                    throw new TrainingBackend.TrainingDivergedException(e.getMessage() + " (learning rates tried: "
                            + plan.learningRate() + " down to " + current.learningRate() + ")");
                }
                TrainingPlan next = current.withLearningRate(current.learningRate() / 2);
                LOG.warn("the final training diverged ({}) at learning rate {}; training again from scratch at {}",
                        e.getMessage(), current.learningRate(), next.learningRate());
                current = next;
            }
        }
    }
}
