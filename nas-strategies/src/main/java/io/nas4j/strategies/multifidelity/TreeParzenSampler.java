package io.nas4j.strategies.multifidelity;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.space.Decision;
import io.nas4j.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * BOHB's model of good configurations: a tree-structured Parzen estimator over the categorical choices
 * ({@link SearchSpace#choices}).
 *
 * <p>It models the highest rung with at least {@code minPoints} outcomes (higher rungs are more faithful,
 * lower ones have more data). Those outcomes are split into the best {@code topFraction} (at least one),
 * the good ones, and the rest, the bad ones (trials that did not complete count as the worst);
 * a {@link CategoricalDensity} {@code l} is fitted to the good and {@code g} to the bad. A new
 * configuration is the untried one, among {@code samples} draws from {@code l} with bandwidths widened by
 * {@code widening}, that maximises {@code l(x) / g(x)}. A fraction {@code randomFraction} of
 * configurations, and all of them before any rung has enough outcomes, are uniform samples instead, which
 * keeps the model's view of the space honest.
 */
final class TreeParzenSampler<G extends Genome> implements ConfigurationSampler<G> {

    private final SearchSpace<G> space;
    private final RandomGenerator random;
    private final UniformSampler<G> uniform;
    private final int[] arities;
    private final List<List<Outcome>> outcomes = new ArrayList<>();
    private final int minPoints;
    private final double topFraction;
    private final double randomFraction;
    private final int samples;
    private final double widening;

    /**
     * @param rungs          the number of rungs
     * @param minPoints      outcomes a rung needs before it is modelled, at least 2
     * @param topFraction    the good fraction, in (0, 1)
     * @param randomFraction the fraction of uniform configurations, in [0, 1]
     * @param samples        draws from {@code l} per configuration, at least 1
     * @param widening       the bandwidth factor for the draws, at least 1
     */
    TreeParzenSampler(SearchSpace<G> space, RandomGenerator random, int rungs, int minPoints, double topFraction,
                      double randomFraction, int samples, double widening) {
        this.space = Objects.requireNonNull(space, "space");
        this.random = Objects.requireNonNull(random, "random");
        this.uniform = new UniformSampler<>(space, random);
        this.arities = space.decisions().stream().mapToInt(Decision::arity).toArray();
        for (int rung = 0; rung < rungs; rung++) {
            outcomes.add(new ArrayList<>());
        }
        this.minPoints = minPoints;
        this.topFraction = topFraction;
        this.randomFraction = randomFraction;
        this.samples = samples;
        this.widening = widening;
    }

    @Override
    public G next(Predicate<String> tried) {
        // the draw happens even when no rung is modelled yet, so the random stream does not depend on that
        boolean random = this.random.nextDouble() < randomFraction;
        int rung = outcomes.size() - 1;
        while (rung >= 0 && outcomes.get(rung).size() < minPoints) {
            rung--;
        }
        if (random || rung < 0) {
            return uniform.next(tried);
        }
        List<Outcome> sorted = new ArrayList<>(outcomes.get(rung));
        // best first; failures (NaN) last; a stable sort keeps telling order among equals
        sorted.sort(Comparator.comparingDouble(Outcome::rank));
        int good = Math.max(1, (int) Math.ceil(topFraction * sorted.size()));
        good = Math.min(good, sorted.size() - 1);
        CategoricalDensity goodDensity = new CategoricalDensity(choices(sorted.subList(0, good)), arities);
        CategoricalDensity badDensity = new CategoricalDensity(choices(sorted.subList(good, sorted.size())), arities);
        int[] best = null;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < samples; i++) {
            int[] candidate = goodDensity.sample(this.random, widening);
            if (tried.test(space.key(space.fromChoices(candidate)))) {
                continue;
            }
            double ratio = goodDensity.logDensity(candidate) - badDensity.logDensity(candidate);
            if (ratio > bestRatio) {
                best = candidate;
                bestRatio = ratio;
            }
        }
        return best == null ? uniform.next(tried) : space.fromChoices(best);
    }

    @Override
    public void observe(G genome, int rung, double score) {
        outcomes.get(rung).add(new Outcome(space.choices(genome), score));
    }

    private static List<int[]> choices(List<Outcome> outcomes) {
        return outcomes.stream().map(Outcome::choices).toList();
    }

    /** One outcome at a rung; {@code score} NaN when the trial did not complete. */
    private record Outcome(int[] choices, double score) {
        double rank() {
            return Double.isNaN(score) ? Double.POSITIVE_INFINITY : -score;
        }
    }
}
