package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.tasks.classification.ClassificationMetrics;
import io.nas4j.tasks.classification.ClassificationTask;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An architecture found on one data set trained from scratch on another and tested there: "search on a proxy
 * data set, deploy on the target". The architecture is read in the space of the search that found it (the
 * source's space, sized for the source's input), so its body is the one that was found: the same operations,
 * channels, strides and, for cells, the same skeleton. Only the ends adapt to the target: the stem takes the
 * target's input channels, and the classifier, after global pooling, has the target's classes; the body runs
 * on the target's spatial size. {@link Adaptation} says what changed. The training is the final training's: the
 * target's training and validation data together, the target spec's optimiser, batch size, learning rate and
 * schedule, {@code epochs} epochs, seeded by the spec's seed and the architecture; then one test.
 */
public final class Transfer {

    private Transfer() {
    }

    /**
     * How the found network was adapted to the target data.
     *
     * @param sourceDataset   where the architecture was found
     * @param sourceInput     the source's input shape
     * @param sourceClasses   the source's classes
     * @param targetDataset   where it is trained now
     * @param targetInput     the target's input shape
     * @param targetClasses   the target's classes
     * @param sourceParameters the network's parameters on the source
     * @param changes         each change in words; empty when input shape and classes are the same
     */
    public record Adaptation(String sourceDataset, Shape sourceInput, int sourceClasses, String targetDataset,
                             Shape targetInput, int targetClasses, long sourceParameters, List<String> changes) {
        public Adaptation {
            changes = List.copyOf(changes);
        }
    }

    /**
     * What the transfer produced.
     *
     * @param architecture  the architecture, in the source space's text form
     * @param adaptation    how its ends were adapted
     * @param network       the trained network's size
     * @param test          its metrics on the target's test part
     * @param epochs        epochs trained
     * @param seconds       training time
     * @param model         the folder the model was saved in, with its input standardisation
     * @param normalization the target's input standardisation
     */
    public record Result(String architecture, Adaptation adaptation, NetworkAnalysis network, ClassificationMetrics test,
                         int epochs, double seconds, Path model, io.nas4j.tasks.data.Normalization normalization) {
    }

    /**
     * Trains {@code architecture}, found by the search {@code source} describes, on the data {@code target}
     * describes, for {@code epochs} epochs, and saves it to {@code output/model}: {@link #prepare} then
     * {@link Prepared#train}.
     */
    public static Result retrain(TrainingSearch search, TrainingSearchSpec source, String architecture,
                                 TrainingSearchSpec target, int epochs, Path output) {
        return prepare(search, source, architecture, target).train(epochs, output);
    }

    /**
     * Reads {@code architecture} in the space of the search {@code source} describes and builds its network for
     * the data {@code target} describes, checking everything before anything trains. Both specs are resolved by
     * {@code search} (so the source's data set is read to size its space).
     *
     * @throws UserInputException naming {@code architecture} when the source space cannot read it, or
     *                            {@code dataset} when the target's inputs cannot carry the found network
     */
    public static Prepared prepare(TrainingSearch search, TrainingSearchSpec source, String architecture,
                                   TrainingSearchSpec target) {
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(architecture, "architecture");
        TrainingSearch.Job<?> found = search.job(source);
        TrainingSearch.Job<?> there = search.job(target);
        return prepare(found.space(), found.task(), architecture, there);
    }

    /** An architecture built for the target's data, ready to train: its network and how its ends were adapted. */
    public static final class Prepared {

        private final String architecture;
        private final long seed;
        private final NetworkSpec network;
        private final Adaptation adaptation;
        private final TrainingSearch.Job<?> there;

        private Prepared(String architecture, long seed, NetworkSpec network, Adaptation adaptation,
                         TrainingSearch.Job<?> there) {
            this.architecture = architecture;
            this.seed = seed;
            this.network = network;
            this.adaptation = adaptation;
            this.there = there;
        }

        /** The architecture in the source space's text form. */
        public String architecture() {
            return architecture;
        }

        /** How the found network's ends were adapted to the target. */
        public Adaptation adaptation() {
            return adaptation;
        }

        /** The network to be trained. */
        public NetworkAnalysis network() {
            return NetworkAnalysis.of(network);
        }

        /**
         * Trains the network from scratch on the target's training and validation data for {@code epochs} epochs
         * with the target spec's optimiser, batch size, learning rate and schedule, seeded by the spec's seed and
         * the architecture; tests it once and saves it to {@code output/model}.
         */
        public Result train(int epochs, Path output) {
            Objects.requireNonNull(output, "output");
            if (epochs < 1) {
                throw UserInputException.of("epochs", "{epochs} must be at least 1, got {}", epochs);
            }
            ClassificationTask task = there.task();
            TrainingPlan plan = TrainingSearch.plan(there.spec(), epochs).withDataFraction(1.0);
            plan = plan.withSeed(plan.seed() * 0x9E3779B97F4A7C15L + seed);
            Path model = output.resolve("model");
            FinalTraining.Trained trained = FinalTraining.trainAndTest(there.backend(), network, task,
                    FinalTraining.trainingAndValidation(task), plan,
                    io.nas4j.core.port.TrainingBackend.EpochMonitor.none(), model);
            return new Result(architecture, adaptation, NetworkAnalysis.of(network), trained.test(),
                    trained.epochsTrained(), trained.seconds(), model, task.normalization());
        }
    }

    private static <G extends Genome> Prepared prepare(SearchSpace<G> space, ClassificationTask sourceTask,
                                                       String architecture, TrainingSearch.Job<?> there) {
        G genome;
        try {
            genome = space.parse(architecture);
        } catch (IllegalArgumentException e) {
            throw UserInputException.of("architecture", "{architecture} {} is not an architecture of the {} space: {}",
                    architecture, space.name(), e.getMessage());
        }
        ClassificationTask task = there.task();
        Shape from = sourceTask.head().input();
        Shape to = task.head().input();
        if (from.spatialDims() != to.spatialDims()) {
            throw UserInputException.of("dataset", "{dataset} {} has {}D inputs {}; the architecture was found on {}D inputs"
                    + " {} of {} and cannot take them", task.name(), to.spatialDims(), to, from.spatialDims(), from,
                    sourceTask.name());
        }
        NetworkSpec network;
        try {
            network = space.decode(genome, task.head());
        } catch (IllegalArgumentException e) {
            throw UserInputException.of("dataset", "{dataset} {}: the architecture does not fit its inputs {}: {}",
                    task.name(), to, e.getMessage());
        }
        NetworkAnalysis analysis = NetworkAnalysis.of(network);
        if (!analysis.valid()) {
            throw UserInputException.of("dataset", "{dataset} {}: the architecture does not fit its inputs {}: {}",
                    task.name(), to, analysis.invalidReason().orElse("an invalid network"));
        }
        long sourceParameters = NetworkAnalysis.of(space.decode(genome, sourceTask.head())).parameters();
        Adaptation adaptation = new Adaptation(sourceTask.name(), from, sourceTask.head().classes(), task.name(), to,
                task.head().classes(), sourceParameters, changes(from, sourceTask.head().classes(), to,
                task.head().classes(), sourceParameters, analysis.parameters()));
        return new Prepared(space.format(genome), space.key(genome).hashCode(), network, adaptation, there);
    }

    private static List<String> changes(Shape from, int fromClasses, Shape to, int toClasses, long fromParameters,
                                        long toParameters) {
        List<String> changes = new ArrayList<>();
        if (from.channels() != to.channels()) {
            changes.add("the stem takes " + to.channels() + " input channels instead of " + from.channels());
        }
        if (!spatial(from).equals(spatial(to))) {
            changes.add("the body runs on " + spatial(to) + " instead of " + spatial(from)
                    + "; global pooling before the classifier keeps the head the same size");
        }
        if (fromClasses != toClasses) {
            changes.add("the classifier has " + toClasses + " outputs instead of " + fromClasses);
        }
        if (fromParameters != toParameters) {
            changes.add(toParameters + " parameters instead of " + fromParameters);
        }
        return changes;
    }

    private static String spatial(Shape shape) {
        StringBuilder text = new StringBuilder();
        for (int axis = 0; axis < shape.spatialDims(); axis++) {
            text.append(axis == 0 ? "" : "x").append(shape.spatial(axis));
        }
        return text.toString();
    }
}
