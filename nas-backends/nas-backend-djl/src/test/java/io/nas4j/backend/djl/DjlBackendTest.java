package io.nas4j.backend.djl;

import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Augmentation;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingBackend.Evaluation;
import io.nas4j.core.port.TrainingBackend.EpochMonitor;
import io.nas4j.core.port.TrainingBackend.Latency;
import io.nas4j.core.port.TrainingBackend.TrainingDivergedException;
import io.nas4j.core.port.TrainingBackend.TrainingReport;
import io.nas4j.core.port.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Training, evaluation, prediction, latency and persistence on a small real task (bars, {@link Bars}). */
class DjlBackendTest {

    private static final DjlBackend BACKEND = new DjlBackend();
    private static final ArrayDataset TRAIN = Bars.generate("bars/train", 300, 1, 0.3);
    private static final ArrayDataset VALIDATION = Bars.generate("bars/validation", 150, 2, 0.3);
    private static final ArrayDataset TEST = Bars.generate("bars/test", 150, 3, 0.3);

    private static TrainingPlan adam(int epochs, long seed) {
        return new TrainingPlan(epochs, 32, TrainingPlan.Optimizer.ADAM, 1e-2, 0.9, 1e-4,
                TrainingPlan.Schedule.COSINE, 1.0, seed);
    }

    @Test
    void aSmallCnnLearnsTheBarsTask() {
        try (TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn())) {
            TrainingReport report = BACKEND.train(model, TRAIN, VALIDATION, adam(6, 7), EpochMonitor.none());
            Evaluation test = BACKEND.evaluate(model, TEST);

            assertThat(report.trainLoss()).hasSize(6);
            assertThat(report.validationAccuracy()).hasSize(6);
            assertThat(report.trainLoss().get(5)).isLessThan(report.trainLoss().get(0));
            assertThat(report.validationAccuracy().get(5)).isGreaterThan(0.9);
            assertThat(test.accuracy()).isGreaterThan(0.9);
            assertThat(report.msPerStep()).isPositive();
            assertThat(report.seconds()).isPositive();
        }
    }

    @Test
    void theSameSeedGivesTheSameLossCurve() {
        List<Double> first = curve(11);
        List<Double> second = curve(11);
        List<Double> otherSeed = curve(12);

        for (int epoch = 0; epoch < first.size(); epoch++) {
            assertThat(second.get(epoch)).isCloseTo(first.get(epoch), within(1e-5));
        }
        assertThat(otherSeed.get(0)).isNotCloseTo(first.get(0), within(1e-5));
    }

    private static List<Double> curve(long seed) {
        NetworkSpec spec = withDropout(Networks.smallCnn());
        try (TrainingBackend.Model model = BACKEND.compile(spec)) {
            return BACKEND.train(model, TRAIN, VALIDATION, adam(3, seed), EpochMonitor.none()).trainLoss();
        }
    }

    /** The small CNN with dropout before the head, so that the seed also has to fix the dropout masks. */
    private static NetworkSpec withDropout(NetworkSpec spec) {
        NetworkSpec.Builder builder = NetworkSpec.builder(spec.input());
        for (var node : spec.nodes()) {
            if (node.id().equals("head_logits")) {
                String dropped = builder.add("dropout", new Op.Dropout(0.2), node.inputs());
                builder.add(node.id(), node.op(), dropped);
            } else {
                builder.add(node.id(), node.op(), node.inputs());
            }
        }
        return builder.build(spec.output(), spec.loss());
    }

    @Test
    void trainingBatchesGetTheDatasetsAugmentationAndEvaluationDoesNot() {
        Dataset erased = withAugmentation(TRAIN, (batch, count, shape, random) ->
                Arrays.fill(batch, 0, Math.toIntExact(count * shape.elements()), 0f));
        try (TrainingBackend.Model blind = BACKEND.compile(Networks.smallCnn());
             TrainingBackend.Model seeing = BACKEND.compile(Networks.smallCnn())) {
            TrainingReport erasedReport = BACKEND.train(blind, erased, VALIDATION, adam(4, 7), EpochMonitor.none());
            BACKEND.train(seeing, TRAIN, VALIDATION, adam(4, 7), EpochMonitor.none());

            // inputs erased before every step leave only the class frequencies to learn
            assertThat(erasedReport.validationAccuracy().get(3)).isLessThan(0.6);
            assertThat(BACKEND.evaluate(seeing, TEST).accuracy()).isGreaterThan(0.9);
            assertThat(BACKEND.evaluate(seeing, erased).accuracy())
                    .as("evaluation reads the examples as they are")
                    .isEqualTo(BACKEND.evaluate(seeing, TRAIN).accuracy());
        }
    }

    @Test
    void aRandomAugmentationDrawsFromThePlansSeed() {
        Dataset noisy = withAugmentation(TRAIN, (batch, count, shape, random) -> {
            for (int i = 0; i < count * shape.elements(); i++) {
                batch[i] += (float) (0.3 * random.nextGaussian());
            }
        });
        List<Double> first = lossCurve(noisy, 21);
        List<Double> second = lossCurve(noisy, 21);
        List<Double> clean = lossCurve(TRAIN, 21);

        assertThat(second).usingElementComparator((a, b) -> Math.abs(a - b) < 1e-5 ? 0 : 1).isEqualTo(first);
        assertThat(first.get(1)).isNotCloseTo(clean.get(1), within(1e-4));
    }

    private static List<Double> lossCurve(Dataset train, long seed) {
        try (TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn())) {
            return BACKEND.train(model, train, VALIDATION, adam(2, seed), EpochMonitor.none()).trainLoss();
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

    @Test
    void aSecondTrainingContinuesFromTheFirst() {
        try (TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn())) {
            TrainingReport first = BACKEND.train(model, TRAIN, VALIDATION, adam(2, 5), EpochMonitor.none());
            TrainingReport second = BACKEND.train(model, TRAIN, VALIDATION, adam(1, 5), EpochMonitor.none());

            assertThat(second.trainLoss().get(0)).isLessThan(first.trainLoss().get(0));
        }
    }

    @Test
    void aSavedModelLoadsWithIdenticalPredictions(@TempDir Path directory) throws IOException {
        float[][] before;
        try (TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn())) {
            BACKEND.train(model, TRAIN, VALIDATION, adam(1, 3), EpochMonitor.none());
            before = BACKEND.predict(model, TEST);
            BACKEND.save(model, directory);
        }
        try (TrainingBackend.Model loaded = BACKEND.load(directory)) {
            assertThat(loaded.spec()).isEqualTo(Networks.smallCnn());
            assertThat(loaded.parameterCount()).isEqualTo(io.nas4j.core.network.NetworkAnalysis.of(loaded.spec()).parameters());
            float[][] after = BACKEND.predict(loaded, TEST);
            assertThat(after).hasDimensions(TEST.size(), Bars.CLASSES);
            for (int row = 0; row < before.length; row++) {
                assertThat(after[row]).containsExactly(before[row]);
            }
        }
        assertThat(directory.resolve("network.json")).exists();
        assertThat(Files.readString(directory.resolve("network.json"))).contains("\"op\" : \"batch_norm\"");
    }

    @Test
    void predictGivesOneRowOfLogitsPerExample() {
        try (TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn())) {
            float[][] logits = BACKEND.predict(model, TEST);

            assertThat(logits).hasDimensions(TEST.size(), Bars.CLASSES);
        }
    }

    @Test
    void evaluationCountsEveryExampleInTheConfusionMatrix() {
        try (TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn())) {
            BACKEND.train(model, TRAIN, VALIDATION, adam(1, 3), EpochMonitor.none());
            Evaluation evaluation = BACKEND.evaluate(model, TEST);

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
    void latencyHasAPositiveMedianAndAP90AboveIt() {
        try (TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn())) {
            Latency latency = BACKEND.measureLatency(model, 5, 30);

            assertThat(latency.medianMs()).isPositive();
            assertThat(latency.p90Ms()).isGreaterThanOrEqualTo(latency.medianMs());
        }
    }

    @Test
    void aHugeLearningRateDivergesWithTheEpochAndStep() {
        TrainingPlan plan = new TrainingPlan(5, 32, TrainingPlan.Optimizer.SGD, 1e6, 0.9, 0,
                TrainingPlan.Schedule.CONSTANT, 1.0, 1);
        try (TrainingBackend.Model model = BACKEND.compile(Networks.unnormalised())) {
            assertThatThrownBy(() -> BACKEND.train(model, TRAIN, VALIDATION, plan, EpochMonitor.none()))
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageMatching("training loss became (NaN|infinite) at epoch \\d+, step \\d+");
        }
    }

    @Test
    void theMonitorStopsTrainingEarly() {
        List<Integer> epochs = new ArrayList<>();
        try (TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn())) {
            TrainingReport report = BACKEND.train(model, TRAIN, VALIDATION, adam(5, 1), (epoch, loss, accuracy) -> {
                epochs.add(epoch);
                return epoch < 2;
            });

            assertThat(epochs).containsExactly(1, 2);
            assertThat(report.trainLoss()).hasSize(2);
        }
    }

    @Test
    void aDataFractionTrainsOnASeededSubset() {
        TrainingPlan plan = adam(2, 4).withDataFraction(0.2);
        List<Double> first;
        try (TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn())) {
            first = BACKEND.train(model, TRAIN, VALIDATION, plan, EpochMonitor.none()).trainLoss();
        }
        try (TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn())) {
            assertThat(BACKEND.train(model, TRAIN, VALIDATION, plan, EpochMonitor.none()).trainLoss())
                    .usingComparatorForType((a, b) -> Math.abs(a - b) < 1e-5 ? 0 : Double.compare(a, b), Double.class)
                    .usingRecursiveComparison()
                    .isEqualTo(first);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Loss.class, names = {"BINARY_CROSS_ENTROPY", "MEAN_SQUARED_ERROR"})
    void vectorLossesTrainOnOneHotTargets(Loss loss) {
        NetworkSpec spec = Networks.smallCnn(Bars.SHAPE, 8, Bars.CLASSES, loss);
        try (TrainingBackend.Model model = BACKEND.compile(spec)) {
            TrainingReport report = BACKEND.train(model, TRAIN, VALIDATION, adam(4, 2), EpochMonitor.none());

            assertThat(report.trainLoss().get(3)).isLessThan(report.trainLoss().get(0));
            assertThat(report.validationAccuracy().get(3)).isGreaterThan(0.6);
        }
    }

    @Test
    void theDetectionLossNeedsADetectionOutputAndDenseTargets() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(3, 8, 8));
        String head = builder.add("head", new Op.DetectionHead(2, 3), NetworkSpec.INPUT);
        NetworkSpec raw = builder.build(head, Loss.DETECTION);
        ArrayDataset images = ArrayDataset.of(raw.input(), 2, 4, index -> 0.5);
        try (TrainingBackend.Model model = BACKEND.compile(raw)) {
            assertThat(BACKEND.predict(model, images)).hasDimensions(4, 3 * 7 * 64);
            assertThatThrownBy(() -> BACKEND.train(model, images, images, adam(1, 1), EpochMonitor.none()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("loss DETECTION needs the network to end in a detection_output node, but head is detection_head");
        }
        NetworkSpec detector = DetectionDatasets.detector(DetectionDatasets.SHAPE, io.nas4j.core.network.DetectionLoss.defaults());
        try (TrainingBackend.Model model = BACKEND.compile(detector)) {
            assertThatThrownBy(() -> BACKEND.train(model, ArrayDataset.of(detector.input(), 1, 4, index -> 0), null,
                    adam(1, 1), EpochMonitor.none()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("loss DETECTION trains on dense targets, but fixed carries class labels only");
        }
    }

    @Test
    void aNetworkWhoseFeaturesAreAllZeroStillTrains() {
        // A searched cell of only "none" edges: the head sees zeros, every weight gradient is zero and
        // the bias gradients sum to zero, which DJL's Trainer.step() would reject on its first call.
        NetworkSpec.Builder builder = NetworkSpec.builder(Bars.SHAPE);
        String none = builder.add("none", new Op.Zero(1), NetworkSpec.INPUT);
        String pooled = builder.add("pool", new Op.GlobalPool(Op.PoolKind.AVG), none);
        String logits = builder.add("logits", new Op.Linear(Bars.CLASSES, true), pooled);
        NetworkSpec spec = builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY);
        try (TrainingBackend.Model model = BACKEND.compile(spec)) {
            TrainingReport report = BACKEND.train(model, TRAIN, VALIDATION, adam(1, 1), EpochMonitor.none());

            assertThat(report.trainLoss().get(0)).isCloseTo(Math.log(Bars.CLASSES), within(0.05));
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
        var train = TRAIN.subset(java.util.stream.IntStream.range(0, 65).toArray(), "bars/65");
        try (TrainingBackend.Model model = BACKEND.compile(spec)) {
            TrainingReport report = BACKEND.train(model, train, VALIDATION, adam(2, 1), EpochMonitor.none());

            assertThat(report.trainLoss()).allSatisfy(loss -> assertThat(loss).isFinite());
        }
    }

    @Test
    void aDatasetOfAnotherShapeIsRejected() {
        ArrayDataset wrong = ArrayDataset.of(Shape.of(1, 4, 4), Bars.CLASSES, 3, index -> 0);
        try (TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn())) {
            assertThatThrownBy(() -> BACKEND.train(model, wrong, wrong, adam(1, 1), EpochMonitor.none()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[1, 8, 8]");
        }
    }

    @Test
    void aClosedModelCannotBeUsed() {
        TrainingBackend.Model model = BACKEND.compile(Networks.smallCnn());
        model.close();
        model.close();

        assertThatThrownBy(() -> BACKEND.predict(model, TEST)).isInstanceOf(IllegalStateException.class);
    }
}
