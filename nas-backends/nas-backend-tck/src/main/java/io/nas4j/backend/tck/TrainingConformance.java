package io.nas4j.backend.tck;

import io.nas4j.core.estimate.TrainingEstimator;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Augmentation;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingBackend.EpochMonitor;
import io.nas4j.core.port.TrainingBackend.Evaluation;
import io.nas4j.core.port.TrainingBackend.TrainingDivergedException;
import io.nas4j.core.port.TrainingBackend.TrainingReport;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.CellSpace;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.classification.Digits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Training, evaluation and prediction as {@link TrainingBackend} and {@link TrainingPlan} define them, on
 * small real tasks: the embedded UCI digits and bars ({@link Bars}). Every training here is a few epochs
 * of a network with a few thousand parameters, so the class runs in seconds.
 *
 * <p>Extend it once per backend with {@link #backend()}.
 */
public abstract class TrainingConformance {

    /** Validation and test accuracy the small CNN (16 and 32 channels) beats on digits after {@value #DIGITS_EPOCHS} epochs. */
    public static final double DIGITS_ACCURACY = 0.9;
    public static final int DIGITS_EPOCHS = 5;

    private static final ArrayDataset TRAIN = Bars.generate("bars/train", 300, 1, 0.3);
    private static final ArrayDataset VALIDATION = Bars.generate("bars/validation", 150, 2, 0.3);
    private static final ArrayDataset TEST = Bars.generate("bars/test", 150, 3, 0.3);

    /** The backend under test; may return the same instance every time. */
    protected abstract TrainingBackend backend();

    /** How far two loss curves of the same seed may differ; engines that reduce in parallel may need more. */
    protected double sameSeedTolerance() {
        return 1e-5;
    }

    protected static TrainingPlan adam(int epochs, long seed) {
        return new TrainingPlan(epochs, 32, TrainingPlan.Optimizer.ADAM, 1e-2, 0.9, 1e-4,
                TrainingPlan.Schedule.COSINE, 1.0, seed);
    }

    @Test
    void aSmallCnnLearnsDigitsInAFewEpochs() {
        ClassificationTask digits = ClassificationTask.digits(0);
        NetworkSpec spec = Networks.smallCnn(Digits.SHAPE, 16, Digits.CLASSES, Loss.SOFTMAX_CROSS_ENTROPY);
        try (TrainingBackend.Model model = backend().compile(spec)) {
            TrainingReport report = backend().train(model, digits.train(), digits.validation(),
                    adam(DIGITS_EPOCHS, 7), EpochMonitor.none());
            Evaluation test = backend().evaluate(model, digits.test());

            System.out.printf("%s: small CNN on digits, %d epochs: validation accuracy %s, test %.4f, %.2f ms per step%n",
                    backend().name(), DIGITS_EPOCHS, report.validationAccuracy(), test.accuracy(), report.msPerStep());
            assertThat(report.validationAccuracy()).hasSize(DIGITS_EPOCHS);
            assertThat(report.validationAccuracy().get(DIGITS_EPOCHS - 1)).isGreaterThan(DIGITS_ACCURACY);
            assertThat(test.accuracy()).isGreaterThan(DIGITS_ACCURACY);
        }
    }

    @Test
    void aSmallCnnLearnsTheBarsTask() {
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            TrainingReport report = backend().train(model, TRAIN, VALIDATION, adam(6, 7), EpochMonitor.none());
            Evaluation test = backend().evaluate(model, TEST);

            assertThat(report.trainLoss()).hasSize(6);
            assertThat(report.validationAccuracy()).hasSize(6);
            assertThat(report.trainLoss().get(5)).isLessThan(report.trainLoss().get(0));
            assertThat(report.validationAccuracy().get(5)).isGreaterThan(0.9);
            assertThat(test.accuracy()).isGreaterThan(0.9);
            assertThat(report.msPerStep()).isPositive();
            assertThat(report.seconds()).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(TrainingPlan.Optimizer.class)
    void theSameSeedGivesTheSameLossCurve(TrainingPlan.Optimizer optimizer) {
        List<Double> first = curve(optimizer, 11);
        List<Double> second = curve(optimizer, 11);
        List<Double> otherSeed = curve(optimizer, 12);

        for (int epoch = 0; epoch < first.size(); epoch++) {
            assertThat(second.get(epoch)).as("epoch %d", epoch + 1).isCloseTo(first.get(epoch), within(sameSeedTolerance()));
        }
        assertThat(otherSeed.get(0)).isNotCloseTo(first.get(0), within(sameSeedTolerance()));
    }

    private List<Double> curve(TrainingPlan.Optimizer optimizer, long seed) {
        NetworkSpec spec = Networks.withDropout(Networks.smallCnn(), 0.2);
        TrainingPlan plan = new TrainingPlan(3, 32, optimizer, optimizer == TrainingPlan.Optimizer.ADAM ? 1e-2 : 0.05,
                0.9, 1e-4, TrainingPlan.Schedule.COSINE, 1.0, seed);
        try (TrainingBackend.Model model = backend().compile(spec)) {
            return backend().train(model, TRAIN, VALIDATION, plan, EpochMonitor.none()).trainLoss();
        }
    }

    @Test
    void sgdWithMomentumLearnsTheBarsTask() {
        TrainingPlan plan = new TrainingPlan(6, 32, TrainingPlan.Optimizer.SGD, 0.05, 0.9, 5e-4,
                TrainingPlan.Schedule.CONSTANT, 1.0, 3);
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            TrainingReport report = backend().train(model, TRAIN, VALIDATION, plan, EpochMonitor.none());

            assertThat(report.trainLoss().get(5)).isLessThan(report.trainLoss().get(0));
            assertThat(report.validationAccuracy().get(5)).isGreaterThan(0.85);
        }
    }

    @Test
    void aSecondTrainingContinuesFromTheFirst() {
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            TrainingReport first = backend().train(model, TRAIN, VALIDATION, adam(2, 5), EpochMonitor.none());
            TrainingReport second = backend().train(model, TRAIN, VALIDATION, adam(1, 5), EpochMonitor.none());

            assertThat(second.trainLoss().get(0)).isLessThan(first.trainLoss().get(0));
        }
    }

    @Test
    void predictGivesOneRowOfLogitsPerExample() {
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            float[][] logits = backend().predict(model, TEST);

            assertThat(logits).hasDimensions(TEST.size(), Bars.CLASSES);
        }
    }

    @Test
    void evaluationCountsEveryExampleInTheConfusionMatrix() {
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            backend().train(model, TRAIN, VALIDATION, adam(1, 3), EpochMonitor.none());
            Evaluation evaluation = backend().evaluate(model, TEST);

            int total = 0;
            int diagonal = 0;
            for (int actual = 0; actual < Bars.CLASSES; actual++) {
                total += Arrays.stream(evaluation.confusion()[actual]).sum();
                diagonal += evaluation.confusion()[actual][actual];
            }
            assertThat(total).isEqualTo(TEST.size());
            assertThat(evaluation.accuracy()).isCloseTo((double) diagonal / TEST.size(), within(1e-12));
            assertThat(evaluation.loss()).isPositive().isFinite();
        }
    }

    @Test
    void evaluationAgreesWithPredictions() {
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            backend().train(model, TRAIN, VALIDATION, adam(1, 3), EpochMonitor.none());
            float[][] logits = backend().predict(model, TEST);
            Evaluation evaluation = backend().evaluate(model, TEST);

            int correct = 0;
            double loss = 0;
            for (int row = 0; row < logits.length; row++) {
                int best = 0;
                double max = Double.NEGATIVE_INFINITY;
                for (int column = 0; column < logits[row].length; column++) {
                    max = Math.max(max, logits[row][column]);
                    if (logits[row][column] > logits[row][best]) {
                        best = column;
                    }
                }
                double sum = 0;
                for (float logit : logits[row]) {
                    sum += Math.exp(logit - max);
                }
                loss += max + Math.log(sum) - logits[row][TEST.label(row)];
                correct += best == TEST.label(row) ? 1 : 0;
            }
            assertThat(evaluation.accuracy()).isCloseTo((double) correct / TEST.size(), within(1e-12));
            assertThat(evaluation.loss()).isCloseTo(loss / TEST.size(), within(1e-3));
        }
    }

    @Test
    void aHugeLearningRateDivergesWithTheEpochAndStep() {
        TrainingPlan plan = new TrainingPlan(5, 32, TrainingPlan.Optimizer.SGD, 1e6, 0.9, 0,
                TrainingPlan.Schedule.CONSTANT, 1.0, 1);
        try (TrainingBackend.Model model = backend().compile(Networks.unnormalised())) {
            assertThatThrownBy(() -> backend().train(model, TRAIN, VALIDATION, plan, EpochMonitor.none()))
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageMatching("training loss became (NaN|infinite) at epoch \\d+, step \\d+");
        }
    }

    @Test
    void aNaNLossFailsTheTrialWithThatReason() {
        // One NaN pixel makes the first batch's loss NaN; the estimator records the trial as failed.
        float[] inputs = TRAIN.inputs().clone();
        inputs[5] = Float.NaN;
        Dataset poisoned = new ArrayDataset("bars/nan", Bars.SHAPE, Bars.CLASSES, inputs, TRAIN.labels());
        CellSpace space = new CellSpace(4, 1);
        CellGenome genome = space.parse("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|avg_pool_3x3~1|nor_conv_3x3~2|");
        TrainingEstimator<CellGenome> estimator = new TrainingEstimator<>(space,
                new ClassificationHead(Bars.SHAPE, Bars.CLASSES), backend(), poisoned, VALIDATION, adam(1, 1),
                1_000_000, false);

        TrialResult result = estimator.estimate(new Trial<>(1, genome, Fidelity.FULL, 1));

        assertThat(result.state()).isEqualTo(TrialState.FAILED);
        assertThat(result.reason()).startsWith("training diverged: training loss became NaN at epoch 1, step ");
    }

    @Test
    void theMonitorStopsTrainingEarly() {
        List<Integer> epochs = new ArrayList<>();
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            TrainingReport report = backend().train(model, TRAIN, VALIDATION, adam(5, 1), (epoch, loss, accuracy) -> {
                epochs.add(epoch);
                return epoch < 2;
            });

            assertThat(epochs).containsExactly(1, 2);
            assertThat(report.trainLoss()).hasSize(2);
        }
    }

    @Test
    void aMonitorCanReplanTheRunAndTheLearningRateStretchesOverTheStepsLeft() {
        EpochMonitor longer = new EpochMonitor() {
            @Override
            public boolean epochFinished(int epoch, double trainLoss, double validationAccuracy) {
                return true;
            }

            @Override
            public int epochsInAll(int epoch, int epochs) {
                return epoch == 1 ? 4 : epochs;
            }
        };
        List<Double> planned = curve(adam(2, 9), EpochMonitor.none());
        List<Double> replanned = curve(adam(2, 9), longer);

        assertThat(replanned).as("4 epochs where 2 were planned").hasSize(4);
        assertThat(replanned.get(0)).as("the first epoch, trained before the re-plan")
                .isCloseTo(planned.get(0), within(sameSeedTolerance()));
        assertThat(replanned.get(1)).as("the second, at the higher rates of a longer cosine")
                .isNotCloseTo(planned.get(1), within(sameSeedTolerance()));
    }

    private List<Double> curve(TrainingPlan plan, EpochMonitor monitor) {
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            return backend().train(model, TRAIN, VALIDATION, plan, monitor).trainLoss();
        }
    }

    @Test
    void withoutValidationDataTheAccuraciesAreNaN() {
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            TrainingReport report = backend().train(model, TRAIN, null, adam(2, 1), EpochMonitor.none());

            assertThat(report.validationAccuracy()).hasSize(2).allSatisfy(accuracy -> assertThat(accuracy).isNaN());
        }
    }

    @Test
    void aDataFractionTrainsOnASeededSubset() {
        TrainingPlan plan = adam(2, 4).withDataFraction(0.2);
        List<Double> first;
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            first = backend().train(model, TRAIN, VALIDATION, plan, EpochMonitor.none()).trainLoss();
        }
        List<Double> full;
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            full = backend().train(model, TRAIN, VALIDATION, plan.withDataFraction(1.0), EpochMonitor.none()).trainLoss();
        }
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            List<Double> again = backend().train(model, TRAIN, VALIDATION, plan, EpochMonitor.none()).trainLoss();
            for (int epoch = 0; epoch < first.size(); epoch++) {
                assertThat(again.get(epoch)).isCloseTo(first.get(epoch), within(sameSeedTolerance()));
            }
        }
        assertThat(full.get(0)).isNotCloseTo(first.get(0), within(sameSeedTolerance()));
    }

    @ParameterizedTest
    @EnumSource(value = Loss.class, names = {"BINARY_CROSS_ENTROPY", "MEAN_SQUARED_ERROR"})
    void vectorLossesTrainOnOneHotTargets(Loss loss) {
        NetworkSpec spec = Networks.smallCnn(Bars.SHAPE, 8, Bars.CLASSES, loss);
        try (TrainingBackend.Model model = backend().compile(spec)) {
            TrainingReport report = backend().train(model, TRAIN, VALIDATION, adam(4, 2), EpochMonitor.none());

            assertThat(report.trainLoss().get(3)).isLessThan(report.trainLoss().get(0));
            assertThat(report.validationAccuracy().get(3)).isGreaterThan(0.6);
        }
    }

    /**
     * Whether the backend implements the DETECTION loss (see {@link io.nas4j.core.network.DetectionLoss});
     * one that does also extends {@link DetectionConformance}, one that does not must refuse it clearly.
     */
    protected boolean supportsDetectionLoss() {
        return false;
    }

    @Test
    void aRawDetectionHeadPredictsButDoesNotTrainWithoutItsOutputNode() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(3, 8, 8));
        String head = builder.add("head", new Op.DetectionHead(2, 3), NetworkSpec.INPUT);
        NetworkSpec spec = builder.build(head, Loss.DETECTION);
        ArrayDataset images = ArrayDataset.of(spec.input(), 2, 4, index -> 0.5);
        try (TrainingBackend.Model model = backend().compile(spec)) {
            assertThat(backend().predict(model, images)).hasDimensions(4, 3 * 7 * 64);
            var refusal = assertThatThrownBy(() -> backend().train(model, images, images, adam(1, 1), EpochMonitor.none()))
                    .isInstanceOf(IllegalArgumentException.class);
            if (!supportsDetectionLoss()) {
                refusal.hasMessage("loss DETECTION is not supported by the " + backend().name() + " backend yet");
            }
        }
    }

    @Test
    void aNetworkWhoseFeaturesAreAllZeroStillTrains() {
        // A searched cell of only "none" edges: the head sees zeros, every weight gradient is zero and
        // the bias gradients sum to zero.
        NetworkSpec.Builder builder = NetworkSpec.builder(Bars.SHAPE);
        String none = builder.add("none", new Op.Zero(1), NetworkSpec.INPUT);
        String pooled = builder.add("pool", new Op.GlobalPool(Op.PoolKind.AVG), none);
        String logits = builder.add("logits", new Op.Linear(Bars.CLASSES, true), pooled);
        NetworkSpec spec = builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY);
        try (TrainingBackend.Model model = backend().compile(spec)) {
            TrainingReport report = backend().train(model, TRAIN, VALIDATION, adam(1, 1), EpochMonitor.none());

            assertThat(report.trainLoss().get(0)).isCloseTo(Math.log(Bars.CLASSES), within(0.05));
        }
    }

    @Test
    void parametersBehindAZeroOpStillTrainTheRest() {
        // A convolution whose only consumer is a "none" edge gets no gradient; the rest trains.
        NetworkSpec.Builder builder = NetworkSpec.builder(Bars.SHAPE);
        String conv = builder.add("conv", Op.Conv.of2d(4, 3, 1), NetworkSpec.INPUT);
        String none = builder.add("none", new Op.Zero(1), conv);
        String other = builder.add("other", Op.Conv.of2d(4, 3, 1), NetworkSpec.INPUT);
        String sum = builder.add("sum", new Op.Add(), none, other);
        String pooled = builder.add("pool", new Op.GlobalPool(Op.PoolKind.MAX), sum);
        String logits = builder.add("logits", new Op.Linear(Bars.CLASSES, true), pooled);
        NetworkSpec spec = builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY);
        try (TrainingBackend.Model model = backend().compile(spec)) {
            TrainingReport report = backend().train(model, TRAIN, VALIDATION, adam(3, 1), EpochMonitor.none());

            assertThat(report.trainLoss()).allSatisfy(loss -> assertThat(loss).isFinite());
            assertThat(report.trainLoss().get(2)).isLessThan(report.trainLoss().get(0));
        }
    }

    @Test
    void aLastBatchOfOneExampleJoinsThePreviousBatch() {
        // Batch norm on a feature vector cannot train on a batch of one: 65 examples in batches of 32
        // train as 32 and 33.
        NetworkSpec.Builder builder = NetworkSpec.builder(Bars.SHAPE);
        String flat = builder.add("flatten", new Op.Flatten(), NetworkSpec.INPUT);
        String hidden = builder.add("hidden", new Op.Linear(8, false), flat);
        String norm = builder.add("bn", new Op.BatchNorm(), hidden);
        String relu = builder.add("relu", Op.Activation.relu(), norm);
        String logits = builder.add("logits", new Op.Linear(Bars.CLASSES, true), relu);
        NetworkSpec spec = builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY);
        Dataset train = TRAIN.subset(IntStream.range(0, 65).toArray(), "bars/65");
        try (TrainingBackend.Model model = backend().compile(spec)) {
            TrainingReport report = backend().train(model, train, VALIDATION, adam(2, 1), EpochMonitor.none());

            assertThat(report.trainLoss()).allSatisfy(loss -> assertThat(loss).isFinite());
        }
    }

    @Test
    void aDatasetOfAnotherShapeIsRejected() {
        ArrayDataset wrong = ArrayDataset.of(Shape.of(1, 4, 4), Bars.CLASSES, 3, index -> 0);
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            assertThatThrownBy(() -> backend().train(model, wrong, wrong, adam(1, 1), EpochMonitor.none()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[1, 8, 8]");
            assertThatThrownBy(() -> backend().predict(model, wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[1, 8, 8]");
        }
    }

    @Test
    void aClosedModelCannotBeUsed() {
        TrainingBackend.Model model = backend().compile(Networks.smallCnn());
        model.close();
        model.close();

        assertThatThrownBy(() -> backend().predict(model, TEST)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void trainingBatchesGetTheDatasetsAugmentationAndEvaluationDoesNot() {
        Dataset erased = withAugmentation(TRAIN, (batch, count, shape, random) ->
                Arrays.fill(batch, 0, Math.toIntExact(count * shape.elements()), 0f));
        try (TrainingBackend.Model blind = backend().compile(Networks.smallCnn());
             TrainingBackend.Model seeing = backend().compile(Networks.smallCnn())) {
            TrainingReport erasedReport = backend().train(blind, erased, VALIDATION, adam(4, 7), EpochMonitor.none());
            backend().train(seeing, TRAIN, VALIDATION, adam(4, 7), EpochMonitor.none());

            // inputs erased before every step leave only the class frequencies to learn
            assertThat(erasedReport.validationAccuracy().get(3)).isLessThan(0.6);
            assertThat(backend().evaluate(seeing, TEST).accuracy()).isGreaterThan(0.9);
            assertThat(backend().evaluate(seeing, erased).accuracy())
                    .as("evaluation reads the examples as they are")
                    .isEqualTo(backend().evaluate(seeing, TRAIN).accuracy());
        }
    }

    @Test
    void aRandomAugmentationDrawsFromThePlansSeed() {
        Dataset noisy = withAugmentation(TRAIN, (batch, count, shape, random) -> {
            for (int i = 0; i < count * shape.elements(); i++) {
                batch[i] += (float) (0.3 * random.nextGaussian());
            }
        });
        List<Double> first = augmentedLossCurve(noisy, 21);
        List<Double> second = augmentedLossCurve(noisy, 21);
        List<Double> clean = augmentedLossCurve(TRAIN, 21);

        for (int epoch = 0; epoch < first.size(); epoch++) {
            assertThat(second.get(epoch)).isCloseTo(first.get(epoch), within(sameSeedTolerance()));
        }
        assertThat(first.get(1)).isNotCloseTo(clean.get(1), within(1e-4));
    }

    private List<Double> augmentedLossCurve(Dataset train, long seed) {
        try (TrainingBackend.Model model = backend().compile(Networks.smallCnn())) {
            return backend().train(model, train, VALIDATION, adam(2, seed), EpochMonitor.none()).trainLoss();
        }
    }

    /** {@code data} with an augmentation, as a task's training split carries one. */
    private static Dataset withAugmentation(Dataset data, Augmentation augmentation) {
        return new Dataset() {
            @Override
            public String name() {
                return data.name() + "+augmented";
            }

            @Override
            public Shape inputShape() {
                return data.inputShape();
            }

            @Override
            public int size() {
                return data.size();
            }

            @Override
            public int classes() {
                return data.classes();
            }

            @Override
            public int label(int index) {
                return data.label(index);
            }

            @Override
            public void copyInputs(int[] indices, float[] destination) {
                data.copyInputs(indices, destination);
            }

            @Override
            public Dataset subset(int[] indices, String name) {
                return withAugmentation(data.subset(indices, name), augmentation);
            }

            @Override
            public Augmentation augmentation() {
                return augmentation;
            }
        };
    }
}
