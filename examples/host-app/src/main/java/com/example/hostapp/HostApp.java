package com.example.hostapp;

import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.space.ChainSpace;
import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.network.Shape;
import io.nas4j.core.port.Augmentation;
import io.nas4j.runner.ArchitectureSearch;
import io.nas4j.runner.SearchOutcome;
import io.nas4j.store.jdbc.JdbcTrialStore;
import io.nas4j.tasks.classification.ClassificationTask;
import io.nas4j.tasks.data.Splits;
import io.nas4j.tasks.data.TensorDataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A host that searches a network for its own data in its own small space, resumes it, and exports the model. */
public final class HostApp {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/host-run");
        Files.createDirectories(out);
        for (String file : List.of("trials.db", "trials.db-wal", "trials.db-shm")) {
            Files.deleteIfExists(out.resolve(file)); // a fresh search each time the example runs
        }
        ClassificationTask task = ClassificationTask.standardized("bars",
                Splits.stratified(bars(600, 7), 0.2, 0.2, 7), Augmentation.none());
        ChainSpace space = new ChainSpace(new ChainSpace.Options(List.of("conv_3x3", "conv_5x5", "max_pool_3x3"),
                List.of("series", "skip"), 1, 3, List.of(8, 16), List.of(1)));
        String store = JdbcTrialStore.sqliteUrl(out.resolve("trials.db"));

        SearchOutcome<ChainGenome> first = search(task, space, store, out, new int[1]);
        int[] trained = new int[1];
        SearchOutcome<ChainGenome> again = search(task, space, store, out, trained);

        System.out.println("best architecture: " + space.format(first.best().orElseThrow()));
        System.out.printf("validation accuracy %.4f, test accuracy %.4f, %d parameters%n",
                first.validation().get("accuracy"), first.test().orElseThrow().accuracy(),
                first.network().orElseThrow().parameters());
        System.out.println("run again on the same store: " + trained[0] + " trials trained, final training reused: "
                + again.reusedFinalTraining() + ", same outcome: " + sameOutcome(first, again));
        long parameters = first.model().orElseThrow().exportTo(out.resolve("export"));
        System.out.println("exported the model (" + parameters + " parameters) to " + out.resolve("export"));
        if (trained[0] != 0 || !again.reusedFinalTraining() || !sameOutcome(first, again)) {
            throw new IllegalStateException("the second run did not reuse the stored search");
        }
    }

    static SearchOutcome<ChainGenome> search(ClassificationTask task, ChainSpace space, String store, Path out,
                                             int[] trained) {
        try (JdbcTrialStore trials = JdbcTrialStore.open(store)) {
            return ArchitectureSearch.builder(task, space)
                    .engine("djl")
                    .strategy("regularized-evolution", Map.of("population", 4, "sample", 2))
                    .budget(6)
                    .training(2, 32, 0.01)
                    .finalEpochs(4)
                    .seed(7)
                    .store(trials)
                    .listener(new SearchListener() {
                        @Override
                        public void trialStarted(TrialRecord trial) {
                            trained[0]++;
                        }
                    })
                    .output(out)
                    .build()
                    .run();
        }
    }

    static boolean sameOutcome(SearchOutcome<ChainGenome> a, SearchOutcome<ChainGenome> b) {
        return a.best().equals(b.best()) && a.test().orElseThrow().accuracy() == b.test().orElseThrow().accuracy();
    }

    /** Noisy 8x8 images of a horizontal bar, a vertical bar or a diagonal: three classes, made in memory. */
    static TensorDataset bars(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] inputs = new float[count * 64];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = i % 3;
            int at = 1 + random.nextInt(6);
            labels[i] = label;
            for (int p = 0; p < 64; p++) {
                int row = p / 8;
                int column = p % 8;
                boolean on = label == 0 ? row == at : label == 1 ? column == at : row == column;
                inputs[i * 64 + p] = (on ? 1f : 0f) + (float) random.nextGaussian() * 0.3f;
            }
        }
        return TensorDataset.of("bars", Shape.of(1, 8, 8), 3, inputs, labels);
    }
}
