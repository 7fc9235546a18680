package io.nas4j.runner.training;


import io.nas4j.runner.VolumetricTestData;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.space.VolumetricSpace;
import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.tasks.classification.ClassificationMetrics;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.data.Datasets;
import io.nas4j.tasks.volumetric.HandDesignedCnn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How much of the difference between a searched volumetric network and the hand-designed 3D CNN is the
 * training seed's: both trained as {@code nas search --task volumetric} trains them at the end (12 epochs on
 * the training and validation patches of seed 0, batches of 32, Adam 0.002 with a cosine schedule) with
 * several training seeds, each tested on the same 600 test patches; prints every accuracy and the mean and
 * standard deviation. Run on demand:
 * {@code mvn -pl nas-benchmarks/nas-runner -am test -Dtest=VolumetricComparisonBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dnas4j.benchmark=true -Dnas4j.volumetric.genome="GENOME" [-Dnas4j.volumetric.seeds=3]}, where GENOME is
 * {@code best.genome} of the search's {@code result.json}.
 */
@EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
class VolumetricComparisonBenchmarkTest {

    @Test
    void searchedAndHandDesignedNetworksOverTrainingSeeds() {
        String genome = System.getProperty("nas4j.volumetric.genome",
                "avg_pool_3x3x3/32/1 | max_pool_3x3x3/32/2 | multi_scale_fusion/32/1 | multi_scale_fusion/8/1");
        int seeds = Integer.getInteger("nas4j.volumetric.seeds", 3);
        TrainingSearchSpec spec = TrainingSearchSpec.builder()
                .dataset(VolumetricData.ATLAS, VolumetricTestData.sharedDirectory().toString())
                .space("volumetric")
                .training(4, 12, 32, 0.002)
                .seed(0)
                .build();
        ClassificationTask task = VolumetricData.load(spec.dataset(), spec.dataDir(), spec.seed());
        Dataset trainAndValidation = Datasets.concat("train+validation", task.train(), task.validation());
        VolumetricSpace space = new VolumetricSpace();
        NetworkSpec searched = space.decode(space.parse(genome), task.head());
        NetworkSpec baseline = HandDesignedCnn.network(task.head());
        DjlBackend backend = new DjlBackend();

        List<Double> searchedAccuracies = new ArrayList<>();
        List<Double> baselineAccuracies = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            TrainingPlan plan = TrainingSearch.plan(spec, spec.finalEpochs()).withSeed(1_000 + seed);
            searchedAccuracies.add(testAccuracy(backend, searched, trainAndValidation, task, plan));
            baselineAccuracies.add(testAccuracy(backend, baseline, trainAndValidation, task, plan));
            System.out.printf(Locale.ROOT, "training seed %d: searched %.4f, hand-designed %.4f%n", 1_000 + seed,
                    searchedAccuracies.get(seed), baselineAccuracies.get(seed));
        }
        System.out.printf(Locale.ROOT, "searched %s (%,d parameters, %.1f M multiply-adds): %s%n", genome,
                NetworkAnalysis.of(searched).parameters(), NetworkAnalysis.of(searched).macs() / 1e6,
                summary(searchedAccuracies));
        System.out.printf(Locale.ROOT, "hand-designed %s (%,d parameters, %.1f M multiply-adds): %s%n",
                HandDesignedCnn.NAME, NetworkAnalysis.of(baseline).parameters(), NetworkAnalysis.of(baseline).macs() / 1e6,
                summary(baselineAccuracies));
        assertThat(searchedAccuracies).allSatisfy(accuracy -> assertThat(accuracy).isBetween(0.0, 1.0));
    }

    private static double testAccuracy(DjlBackend backend, NetworkSpec network, Dataset train, ClassificationTask task,
                                       TrainingPlan plan) {
        try (TrainingBackend.Model model = backend.compile(network)) {
            backend.train(model, train, null, plan, TrainingBackend.EpochMonitor.none());
            return ClassificationMetrics.ofConfusion(backend.evaluate(model, task.test()).confusion()).accuracy();
        }
    }

    private static String summary(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double variance = values.stream().mapToDouble(value -> (value - mean) * (value - mean)).average().orElse(0);
        return String.format(Locale.ROOT, "test accuracy %.4f ± %.4f over %d training seeds", mean,
                Math.sqrt(variance), values.size());
    }
}
