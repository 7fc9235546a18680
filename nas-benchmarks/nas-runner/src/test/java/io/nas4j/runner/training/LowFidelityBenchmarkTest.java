package io.nas4j.runner.training;

import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.core.estimate.LearningCurveExtrapolation;
import io.nas4j.core.estimate.TrainingEstimator;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.strategies.stats.Correlations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The measurements of {@code docs/low-fidelity-and-curves.md}, on the embedded digits (8x8, 1,797 images),
 * the chain space and DJL with one thread, trials in this JVM. Run on demand, one method at a time:
 * <pre>
 * mvn -o -q -pl nas-benchmarks/nas-runner -am test -Dtest=LowFidelityBenchmarkTest#METHOD -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dnas4j.benchmark=true [-Dnas4j.lowfi.architectures=30] [-Dnas4j.lowfi.seconds=120]
 * </pre>
 * <ul>
 *   <li>{@code rankCorrelationOfLowFidelityEstimates}: architectures sampled from the chain space, each
 *       trained fully (10 epochs) and by every low-fidelity estimator; Spearman and Kendall rank correlation
 *       with the full validation accuracy, and the seconds each estimator spent;</li>
 *   <li>{@code curveStoppingSavesEpochs}: one search with and one without {@code --early-stop curve}, same
 *       seed and budget, random search and regularized evolution;</li>
 *   <li>{@code multiFidelityAgainstRandomAtEqualTime}: successive halving and hyperband against random search
 *       with the same time limit.</li>
 * </ul>
 */
@EnabledIfSystemProperty(named = "nas4j.benchmark", matches = "true")
class LowFidelityBenchmarkTest {

    private static final TrainingSearch SEARCH = new TrainingSearch(Map.of("djl", new DjlBackend()),
            Strategies.installed());
    private static final int FULL_EPOCHS = 10;
    /** Candidates above this many multiply-adds per example are left out: it keeps an epoch near a second. */
    private static final long MAX_MACS = 5_000_000;

    @TempDir
    Path folder;

    private static TrainingSearchSpecBuilder digits() {
        return TrainingSearchSpec.builder().space("chain").seed(0).training(FULL_EPOCHS, 1, 64, 0.002).maxMacs(MAX_MACS);
    }

    /** One estimator: its name, the seconds it spent, its estimate per architecture. */
    private record Estimates(String name, double seconds, double[] values) {
    }

    @Test
    void rankCorrelationOfLowFidelityEstimates() throws Exception {
        int count = Integer.getInteger("nas4j.lowfi.architectures", 30);
        TrainingSearch.Job<?> full = SEARCH.job(digits().build());
        run(full, count);
    }

    private <G extends Genome> void run(TrainingSearch.Job<G> full, int count) throws Exception {
        List<G> genomes = architectures(full, count);
        TrainingEstimator<G> quarter = typed(full, SEARCH.job(digits().dataFraction(0.25).build()));
        TrainingEstimator<G> half = typed(full, SEARCH.job(digits().dataFraction(0.5).build()));
        TrainingEstimator<G> narrow = full.estimator().withWidthMultiplier(0.5);
        LearningCurveExtrapolation extrapolation = LearningCurveExtrapolation.forAccuracy();

        double[] target = new double[count];
        double fullSeconds = 0;
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String name : List.of("1 epoch", "2 epochs", "first epoch of the full run", "25% data, 10 epochs",
                "50% data, 10 epochs", "0.5x channels, 10 epochs", "curve extrapolated from 3 epochs")) {
            values.put(name, new double[count]);
            seconds.put(name, 0.0);
        }
        for (int i = 0; i < count; i++) {
            G genome = genomes.get(i);
            TrialResult fullResult = estimate(full.estimator(), genome, Fidelity.FULL);
            target[i] = fullResult.metrics().get("accuracy");
            double epochSeconds = fullResult.metrics().get("train_seconds") / FULL_EPOCHS;
            fullSeconds += fullResult.metrics().get("train_seconds");
            record(values, seconds, "1 epoch", i, estimate(full.estimator(), genome, Fidelity.of(1)));
            record(values, seconds, "2 epochs", i, estimate(full.estimator(), genome, Fidelity.of(2)));
            values.get("first epoch of the full run")[i] = fullResult.curve().get(0);
            seconds.merge("first epoch of the full run", epochSeconds, Double::sum);
            record(values, seconds, "25% data, 10 epochs", i, estimate(quarter, genome, Fidelity.FULL));
            record(values, seconds, "50% data, 10 epochs", i, estimate(half, genome, Fidelity.FULL));
            record(values, seconds, "0.5x channels, 10 epochs", i, estimate(narrow, genome, Fidelity.FULL));
            long start = System.nanoTime();
            double predicted = extrapolation.predict(fullResult.curve().subList(0, 3), FULL_EPOCHS).mean();
            values.get("curve extrapolated from 3 epochs")[i] = predicted;
            seconds.merge("curve extrapolated from 3 epochs", 3 * epochSeconds + (System.nanoTime() - start) / 1e9,
                    Double::sum);
            System.out.printf(Locale.ROOT, "%2d %-60s full %.4f%n", i, full.space().format(genome), target[i]);
        }
        System.out.printf(Locale.ROOT, "digits split: %d training, %d validation, %d test images%n",
                full.task().train().size(), full.task().validation().size(), full.task().test().size());
        System.out.printf(Locale.ROOT, "%d architectures of the chain space on digits, full training %d epochs: "
                + "%.1f s in all, accuracy %.3f to %.3f%n", count, FULL_EPOCHS, fullSeconds, min(target), max(target));
        System.out.printf(Locale.ROOT, "| estimator | Spearman | Kendall tau-b | seconds | share of full |%n");
        System.out.printf(Locale.ROOT, "|---|---|---|---|---|%n");
        for (Map.Entry<String, double[]> estimator : values.entrySet()) {
            double spent = seconds.get(estimator.getKey());
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.1f | %.2f |%n", estimator.getKey(),
                    Correlations.spearman(estimator.getValue(), target),
                    Correlations.kendall(estimator.getValue(), target), spent, spent / fullSeconds);
        }
        assertThat(min(target)).isBetween(0.0, 1.0);
        assertThat(max(target)).isBetween(0.0, 1.0);
    }

    @SuppressWarnings("unchecked")
    private static <G extends Genome> TrainingEstimator<G> typed(TrainingSearch.Job<G> like, TrainingSearch.Job<?> job) {
        return (TrainingEstimator<G>) job.estimator();
    }

    /** {@code count} distinct valid architectures under the MAC limit, sampled with seed 2024. */
    private static <G extends Genome> List<G> architectures(TrainingSearch.Job<G> job, int count) {
        SearchSpace<G> space = job.space();
        SplittableRandom random = new SplittableRandom(2024);
        List<G> genomes = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        while (genomes.size() < count) {
            G genome = space.sample(random);
            NetworkAnalysis analysis = NetworkAnalysis.of(space.decode(genome, job.task().head()));
            if (analysis.valid() && analysis.macs() <= MAX_MACS && keys.add(space.key(genome))) {
                genomes.add(genome);
            }
        }
        return genomes;
    }

    private static <G extends Genome> TrialResult estimate(TrainingEstimator<G> estimator, G genome, Fidelity fidelity)
            throws Exception {
        TrialResult result = estimator.estimate(new Trial<>(0, genome, fidelity, 1));
        assertThat(result.state()).as(result.reason()).isEqualTo(TrialState.COMPLETE);
        return result;
    }

    private static void record(Map<String, double[]> values, Map<String, Double> seconds, String name, int index,
                               TrialResult result) {
        values.get(name)[index] = result.metrics().get("accuracy");
        seconds.merge(name, result.metrics().get("train_seconds"), Double::sum);
    }

    @Test
    void curveStoppingSavesEpochs() {
        int budget = Integer.getInteger("nas4j.lowfi.budget", 30);
        for (String strategy : List.of("random", "regularized-evolution")) {
            Map<String, Object> settings = strategy.equals("random") ? Map.of() : Map.of("population", 10, "sample", 5);
            Summary without = search(digits().strategy(strategy, settings).budget(budget, 0).build(), "without");
            Summary with = search(digits().strategy(strategy, settings).budget(budget, 0).earlyStop("curve").build(),
                    "with");
            System.out.printf(Locale.ROOT, "| %s | %s |%n| %s | %s |%n", strategy + ", no stopping", without,
                    strategy + ", --early-stop curve", with);
        }
    }

    @Test
    void multiFidelityAgainstRandomAtEqualTime() {
        long seconds = Long.getLong("nas4j.lowfi.seconds", 120);
        // a time limit of S / (1 - finalShare) leaves the search itself S seconds
        long limit = Math.round(seconds / (1 - 0.1));
        for (String strategy : List.of("random", "successive-halving", "hyperband")) {
            TrainingSearchSpec spec = digits().strategy(strategy, Map.of()).budget(1000, limit).finalShare(0.1).build();
            System.out.printf(Locale.ROOT, "| %s | %s |%n", strategy, search(spec, strategy));
        }
    }

    /** What one search did: trials, epochs trained, training seconds, wall seconds, best full-fidelity accuracy. */
    private record Summary(int trials, int stopped, double epochs, double trainSeconds, double wallSeconds, double best,
                           String bestGenome) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d trials (%d stopped early) | %.0f epochs | %.1f s training | %.1f s search"
                    + " | %.4f | %s", trials, stopped, epochs, trainSeconds, wallSeconds, best, bestGenome);
        }
    }

    private Summary search(TrainingSearchSpec spec, String label) {
        TrainingSearch.Outcome outcome = SEARCH.run(spec, TrainingSearch::inProcess, TrainingSearch.memoryStore(),
                new SearchListener() { }, folder.resolve(label + "-" + spec.strategy() + "-" + spec.earlyStop()));
        SearchResult<?> result = outcome.search();
        List<TrialRecord> trials = result.trials();
        double epochs = trials.stream().mapToDouble(TrialRecord::cost).sum();
        double trainSeconds = trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
                .mapToDouble(t -> t.metrics().getOrDefault("train_seconds", 0.0)).sum();
        int stopped = (int) trials.stream().filter(t -> t.metrics().getOrDefault("stopped_early", 0.0) == 1.0).count();
        TrialRecord best = result.best().orElseThrow().trial();
        return new Summary(trials.size(), stopped, epochs, trainSeconds, result.elapsed().toMillis() / 1000.0,
                best.metrics().get("accuracy"), best.genome() + " @ " + best.fidelity());
    }

    private static double min(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (double value : values) {
            min = Math.min(min, value);
        }
        return min;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
