package io.nas4j.runner.training;

import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.space.CellSpace;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.classification.HandDesignedCnns;
import io.nas4j.tasks.data.Augmentations;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a training recipe buys on Fashion-MNIST for a fixed network, epochs fixed (no time limit): the
 * NAS-Bench-201 cell DARTS finds there (3x3 convolutions on all six edges) or a hand-designed baseline,
 * trained on all 60,000 training images with Adam and a cosine schedule, with or without augmentation and
 * weight decay, tested on the 10,000 test images. Prints the per-epoch training loss, the test accuracy and
 * the time. Run on demand, one recipe per run (several may run side by side with one engine thread each):
 * {@code mvn -pl nas-benchmarks/nas-runner -am test -Dtest=FashionRecipeBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dnas4j.benchmark=true -Dnas4j.recipe.augment=edge-crop=2,flip
 * -Dnas4j.recipe.epochs=8 [-Dnas4j.recipe.stem=8] [-Dnas4j.recipe.weightDecay=0] [-Dnas4j.recipe.network=cell|resnet8]
 * [-Dnas4j.recipe.learningRate=0.002] [-Dnas4j.recipe.batchSize=64]}.
 */
@EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
class FashionRecipeBenchmarkTest {

    private static final String CELL = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";

    @Test
    void trainsTheNetworkWithTheRecipeAndTestsIt() {
        Path folder = Path.of(System.getProperty("nas4j.recipe.dataDir", "/usr/share/datasets/fashion-mnist"));
        Assumptions.assumeTrue(Files.isDirectory(folder), "Fashion-MNIST is not installed in " + folder);
        String augment = System.getProperty("nas4j.recipe.augment", "none");
        int epochs = Integer.getInteger("nas4j.recipe.epochs", 8);
        int stem = Integer.getInteger("nas4j.recipe.stem", 8);
        double weightDecay = Double.parseDouble(System.getProperty("nas4j.recipe.weightDecay", "0"));
        double learningRate = Double.parseDouble(System.getProperty("nas4j.recipe.learningRate", "0.002"));
        int batchSize = Integer.getInteger("nas4j.recipe.batchSize", 64);
        String name = System.getProperty("nas4j.recipe.network", "cell");

        ClassificationTask task = ClassificationData.load("fashion-mnist", folder.toString(), 0)
                .withAugmentation(Augmentations.parse(augment));
        CellSpace space = new CellSpace(stem, 1);
        NetworkSpec network = name.equals("cell")
                ? space.decode(space.parse(CELL), task.head())
                : HandDesignedCnns.network(name, task.head());
        Dataset data = FinalTraining.trainingAndValidation(task);
        TrainingPlan plan = new TrainingPlan(epochs, batchSize, TrainingPlan.Optimizer.ADAM, learningRate, 0.9,
                weightDecay, TrainingPlan.Schedule.COSINE, 1.0, 0);
        DjlBackend backend = new DjlBackend();
        long start = System.nanoTime();
        try (TrainingBackend.Model model = backend.compile(network)) {
            TrainingBackend.TrainingReport report = backend.train(model, data, null, plan,
                    (epoch, loss, accuracy) -> {
                        System.out.printf(Locale.ROOT, "epoch %d: training loss %.4f (%.0f s)%n", epoch, loss,
                                (System.nanoTime() - start) / 1e9);
                        return true;
                    });
            double train = backend.evaluate(model, task.train()).accuracy();
            double test = backend.evaluate(model, task.test()).accuracy();
            System.out.printf(Locale.ROOT, "recipe network=%s stem=%d augment=%s epochs=%d weightDecay=%s lr=%s batch=%d:"
                            + " %,d parameters, training accuracy %.4f, test accuracy %.4f, %.0f s%n", name, stem, augment,
                    epochs, weightDecay, learningRate, batchSize, NetworkAnalysis.of(network).parameters(), train, test,
                    (System.nanoTime() - start) / 1e9);
            assertThat(report.trainLoss()).hasSize(epochs);
            assertThat(test).isBetween(0.0, 1.0);
        }
    }
}
