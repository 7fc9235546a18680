package io.nas4j.runner.estimate;

import io.nas4j.backend.djl.DjlBackend;
import io.nas4j.backend.djl.DjlProxyScorer;
import io.nas4j.core.estimate.LatencyConstrainedEstimator;
import io.nas4j.core.estimate.ZeroCostEstimator;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.latency.LatencyPredictor;
import io.nas4j.core.latency.LatencyProfiler;
import io.nas4j.core.latency.LatencyTable;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.port.ZeroCostProxy;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.InMemoryTrialStore;
import io.nas4j.core.search.InProcessExecutor;
import io.nas4j.core.search.Search;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyContext;
import io.nas4j.core.search.StrategySettings;
import io.nas4j.core.trial.TrialState;
import io.nas4j.core.space.CellSpace;
import io.nas4j.tasks.classification.ClassificationTask;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A strategy searches with a zero-cost proxy and latency as two objectives: NSGA-II over NAS-Bench-201 cells
 * on the digits, each candidate scored by NASWOT and its latency predicted from a per-op table profiled on
 * the DJL backend as the search goes; no candidate is trained.
 */
class ZeroCostSearchTest {

    @Test
    void nsga2FindsAParetoFrontOfNaswotAgainstPredictedLatency() {
        ClassificationTask digits = ClassificationTask.digits(0);
        CellSpace space = new CellSpace(8, 1);
        List<Objective> objectives = List.of(Objective.maximize(ZeroCostProxy.NASWOT.metric()),
                Objective.minimize(LatencyConstrainedEstimator.LATENCY));
        ZeroCostEstimator<CellGenome> proxies = new ZeroCostEstimator<>(space, digits.head(), new DjlProxyScorer(),
                digits.train(), List.of(ZeroCostProxy.NASWOT), 64, 0, 1_000_000);
        DjlBackend backend = new DjlBackend();
        LatencyPredictor predictor = new LatencyPredictor(new LatencyTable(backend.name()),
                new LatencyProfiler(backend, 5, 20), table -> { });

        SearchResult<CellGenome> result = Search.builder(space)
                .strategy(Strategies.installed().get("nsga2").create(new StrategyContext<>(space, objectives, 0,
                        StrategySettings.of(java.util.Map.of("population", 6)))))
                .estimator(new LatencyConstrainedEstimator<>(proxies, space, digits.head(), predictor, Double.POSITIVE_INFINITY))
                .objectives(objectives)
                .budget(Budget.trials(12))
                .executor(InProcessExecutor.sequential())
                .store(new InMemoryTrialStore())
                .build()
                .run();

        List<TrialRecord> complete = result.trials().stream().filter(trial -> trial.state() == TrialState.COMPLETE).toList();
        assertThat(complete).isNotEmpty().allSatisfy(trial -> assertThat(trial.metrics()).containsKeys("naswot", "latency_ms"));
        assertThat(complete).allSatisfy(trial -> assertThat(trial.cost()).isZero());
        assertThat(result.pareto()).isNotEmpty();
        assertThat(predictor.table().size()).isGreaterThan(5);
    }
}
