package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;

import java.util.List;
import java.util.Set;

/**
 * {@code ehvi}: multi-objective Bayesian optimisation, a Gaussian process per objective and the expected
 * hypervolume improvement ({@link MultiObjectiveBayesianOptimisation}) over every objective of the search.
 *
 * <p>Settings and defaults (measured on the {@code macro-mo} suite, NAS-Bench-Macro accuracy against
 * parameters, 20 runs of 100 trials with seeds 0 and 1, and on {@code nb201-mo}, 20 runs of 100 trials):
 * <ul>
 *   <li>{@code initial} (5, 1 to 100,000): uniform samples before the models are used. The model pays early:
 *       on {@code macro-mo} 3, 5 and 10 gave hypervolume fractions of 0.993, 0.992 and 0.990 at 100 trials
 *       (seed 0), on {@code nb201-mo} 0.993, 0.994 and 0.995.</li>
 *   <li>{@code linear-kernel} (true): whether each objective's likelihood may mix a linear kernel into the
 *       stationary one, which learns additive costs (parameters, multiply-adds) exactly; on {@code macro-mo}
 *       it raised the fraction at 25 trials from 0.959 to 0.968 (with {@code initial} 3).</li>
 *   <li>{@code kernel} ({@code matern52}, or {@code rbf}) and {@code encoding} ({@code one-hot}; on cell
 *       spaces also {@code path} and {@code one-hot+path}): as for {@code bayesian}; the two kernels did
 *       equally well.</li>
 *   <li>{@code margin} (0.1, above 0 to 10): how far below the worst observed scores, each objective scaled
 *       to [0, 1] by its observed range, the hypervolume's reference point lies; larger values favour the
 *       ends of the front (0.05 did as well, 0.3 and 1 worse).</li>
 *   <li>{@code parents} (20, 1 to 1,000): how many members of the found front, largest hypervolume
 *       contribution first, contribute all their neighbours to the candidate pool.</li>
 *   <li>{@code max-neighbours} (400, 0 to 100,000) and {@code random-candidates} (400, 0 to 100,000): the
 *       pool's size; 2,000 random candidates (nearly a third of NAS-Bench-Macro) did no better.</li>
 * </ul>
 */
public final class MultiObjectiveBayesianOptimisationProvider implements StrategyProvider {

    /** The linear-kernel shares the likelihood chooses among when the setting is on. */
    static final double[] LINEAR_SHARES = {0, 0.5, 1};

    @Override
    public String name() {
        return "ehvi";
    }

    @Override
    public String description() {
        return "Multi-objective Bayesian optimisation: a Gaussian process per objective, expected hypervolume "
                + "improvement";
    }

    @Override
    public Set<String> settings() {
        return Set.of("initial", "linear-kernel", "kernel", "encoding", "margin", "parents", "max-neighbours",
                "random-candidates");
    }

    @Override
    public boolean multiObjective() {
        return true;
    }

    @Override
    public <G extends Genome> SearchStrategy<G> create(StrategyContext<G> context) {
        StrategySettings settings = context.settings();
        settings.requireKnown(name(), settings());
        int initial = SettingRanges.integer(settings, "initial", 5, 1, 100_000);
        boolean linear = settings.flag("linear-kernel", true);
        Kernel kernel = Kernel.named(SettingRanges.choice(settings, "kernel", "matern52", List.of("matern52", "rbf")));
        Encoding<G> encoding = Encoding.named(settings.text("encoding", "one-hot").trim(), context.space());
        double margin = SettingRanges.realAbove(settings, "margin", 0.1, 0, 10);
        int parents = SettingRanges.integer(settings, "parents", 20, 1, 1_000);
        int neighbours = SettingRanges.integer(settings, "max-neighbours", 400, 0, 100_000);
        int random = SettingRanges.integer(settings, "random-candidates", 400, 0, 100_000);
        if (neighbours + random == 0) {
            throw new IllegalArgumentException("strategy settings max-neighbours and random-candidates cannot both "
                    + "be 0: the acquisition needs candidates");
        }
        return new MultiObjectiveBayesianOptimisation<>(context.space(), context.objectives(), context.random(),
                encoding, kernel, linear ? LINEAR_SHARES : new double[] {0}, new CandidatePool(parents, neighbours,
                random), initial, margin);
    }
}
