package io.nas4j.strategies.reinforce;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.trial.TrialState;
import io.nas4j.strategies.AskTellContract;
import io.nas4j.strategies.Landscape;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReinforceTest extends AskTellContract {

    @Override
    protected StrategyProvider provider() {
        return new ReinforceProvider();
    }

    private Reinforce<CellGenome> reinforce(Landscape landscape, long seed) {
        return (Reinforce<CellGenome>) create(landscape.space(), seed);
    }

    /** Plain gradient ascent: one outcome moves the policy along its own gradient, with no momentum. */
    private Reinforce<CellGenome> reinforceWithSgd(Landscape landscape, long seed) {
        StrategySettings settings = StrategySettings.of(Map.of("optimizer", "sgd", "learning-rate", 0.3));
        return (Reinforce<CellGenome>) provider().create(new StrategyContext<>(landscape.space(),
                List.of(Objective.maximize(Landscape.METRIC)), seed, settings));
    }

    private static CellGenome best(Landscape landscape) {
        CellGenome best = null;
        for (int index = 0; index < 15_625; index++) {
            CellGenome cell = landscape.space().at(BigInteger.valueOf(index));
            if (best == null || landscape.value(cell) > landscape.value(best)) {
                best = cell;
            }
        }
        return best;
    }

    @Test
    void startsUniform() {
        Reinforce<CellGenome> reinforce = reinforce(new Landscape(1), 1);
        for (int option = 0; option < 5; option++) {
            assertThat(reinforce.probability(0, option)).isEqualTo(0.2);
        }
    }

    @Test
    void everyCompleteOutcomeAfterTheFirstChangesTheLogits() {
        Landscape landscape = new Landscape(1);
        Reinforce<CellGenome> reinforce = reinforce(landscape, 1);
        for (int i = 0; i < 30; i++) {
            CellGenome genome = reinforce.ask().genome();
            double[] before = reinforce.logits(0);
            reinforce.tell(complete(landscape, genome, i));
            assertThat(reinforce.updates()).isEqualTo(i + 1);
            if (i > 0) {
                assertThat(reinforce.logits(0)).isNotEqualTo(before);
            }
        }
    }

    @Test
    void aRewardAboveTheBaselineMakesItsChoicesLikelier() {
        Landscape landscape = new Landscape(1);
        Reinforce<CellGenome> reinforce = reinforceWithSgd(landscape, 1);
        sequentialProposals(landscape, reinforce, 10);
        CellGenome second = reinforce.ask().genome();
        int option = landscape.space().choices(second)[0];
        double before = reinforce.probability(0, option);
        reinforce.tell(new Observation<>(11, second, Fidelity.FULL, TrialState.COMPLETE,
                Map.of(Landscape.METRIC, landscape.optimum() + 10), 1));
        assertThat(reinforce.probability(0, option)).isGreaterThan(before);
    }

    @Test
    void trainingRaisesTheProbabilityOfTheBestOptions() {
        Landscape landscape = new Landscape(1);
        int[] optimum = landscape.space().choices(best(landscape));
        Reinforce<CellGenome> reinforce = reinforce(landscape, 1);
        sequentialProposals(landscape, reinforce, 150);
        assertThat(raised(reinforce, optimum)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aFailureMakesItsChoicesLessLikely() {
        Landscape landscape = new Landscape(1);
        Reinforce<CellGenome> reinforce = reinforceWithSgd(landscape, 1);
        sequentialProposals(landscape, reinforce, 10);
        CellGenome failing = reinforce.ask().genome();
        int option = landscape.space().choices(failing)[0];
        double before = reinforce.probability(0, option);
        reinforce.tell(new Observation<>(10, failing, Fidelity.FULL, TrialState.FAILED, Map.of(), 0));
        assertThat(reinforce.probability(0, option)).isLessThan(before);
    }

    @Test
    void rejectsAnUnknownOptimizer() {
        StrategySettings settings = StrategySettings.of(Map.of("optimizer", "rmsprop"));
        assertThatThrownBy(() -> provider().create(new StrategyContext<>(new Landscape(1).space(),
                List.of(Objective.maximize(Landscape.METRIC)), 1, settings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optimizer").hasMessageContaining("adam or sgd");
    }

    @Test
    void rejectsABaselineDecayOfOne() {
        StrategySettings settings = StrategySettings.of(Map.of("baseline-decay", 1.0));
        assertThatThrownBy(() -> provider().create(new StrategyContext<>(new Landscape(1).space(),
                List.of(Objective.maximize(Landscape.METRIC)), 1, settings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseline-decay").hasMessageContaining("[0, 1)");
    }

    @Test
    void trainingWithPlainGradientAscentRaisesTheProbabilityOfTheBestOptions() {
        Landscape landscape = new Landscape(1);
        int[] optimum = landscape.space().choices(best(landscape));
        Reinforce<CellGenome> reinforce = reinforceWithSgd(landscape, 1);
        sequentialProposals(landscape, reinforce, 150);
        assertThat(raised(reinforce, optimum)).isGreaterThanOrEqualTo(5);
    }

    /** On how many edges the optimum's option became likelier than uniform. */
    private static int raised(Reinforce<CellGenome> reinforce, int[] optimum) {
        int raised = 0;
        for (int edge = 0; edge < optimum.length; edge++) {
            if (reinforce.probability(edge, optimum[edge]) > 0.2) {
                raised++;
            }
        }
        return raised;
    }

    @Test
    void isRegisteredAsReinforce() {
        assertThat(Strategies.installed().get("reinforce")).isInstanceOf(ReinforceProvider.class);
    }

    @Test
    void onlyTheDecisionsAShallowChainUsesAreTaught() {
        io.nas4j.core.space.ChainSpace space = new io.nas4j.core.space.ChainSpace();
        StrategySettings settings = StrategySettings.of(Map.of("optimizer", "sgd", "learning-rate", 0.3));
        Reinforce<io.nas4j.core.genome.ChainGenome> reinforce = (Reinforce<io.nas4j.core.genome.ChainGenome>)
                provider().create(new StrategyContext<>(space, List.of(Objective.maximize(Landscape.METRIC)), 1, settings));
        double reward = 0.5;
        for (String op : List.of("conv_5x5", "conv_3x3", "conv_7x7", "max_pool_3x3", "conv_5x5")) {
            io.nas4j.core.genome.ChainGenome oneLayer = io.nas4j.core.genome.ChainGenome.of(
                    new io.nas4j.core.genome.ChainGenome.Layer(op, "skip", 64, 2));
            reinforce.tell(new Observation<>(0, oneLayer, Fidelity.FULL, TrialState.COMPLETE,
                    Map.of(Landscape.METRIC, reward += 0.1), 1));
        }

        assertThat(reinforce.logits(0)).as("the depth was taught").isNotEqualTo(new double[space.decisions().get(0).arity()]);
        assertThat(reinforce.logits(1)).as("the first layer's op was taught").isNotEqualTo(new double[9]);
        for (int decision = 5; decision < space.decisions().size(); decision++) {
            assertThat(reinforce.logits(decision)).as("unused %s", space.decisions().get(decision).name())
                    .containsOnly(0.0);
        }
    }

    @Test
    void aZeroLayersChannelsAreNotTaught() {
        io.nas4j.core.space.ChainSpace space = new io.nas4j.core.space.ChainSpace();
        io.nas4j.core.genome.ChainGenome genome = io.nas4j.core.genome.ChainGenome.of(
                new io.nas4j.core.genome.ChainGenome.Layer("conv_3x3", "series", 32, 1),
                new io.nas4j.core.genome.ChainGenome.Layer("zero", "skip", 64, 1));

        boolean[] used = space.usedDecisions(space.choices(genome));

        assertThat(used[0]).isTrue();
        assertThat(java.util.Arrays.copyOfRange(used, 1, 9)).containsExactly(true, true, true, true, true, true, false, true);
        assertThat(java.util.Arrays.copyOfRange(used, 9, used.length)).containsOnly(false);
    }
}
