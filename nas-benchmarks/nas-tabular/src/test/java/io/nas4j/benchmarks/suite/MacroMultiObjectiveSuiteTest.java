package io.nas4j.benchmarks.suite;

import io.nas4j.benchmarks.tabular.TestData;
import io.nas4j.core.search.Strategies;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MacroMultiObjectiveSuiteTest {

    @Test
    void theModelBasedStrategyCoversMoreOfTheFrontAtFiftyTrialsThanNsga2AndRandomSearch() {
        Benchmark<?> benchmark = new MacroMultiObjectiveSuite().open(TestData.directory(), null);
        SuiteSummary summary = new SuiteRunner(Strategies.installed())
                .run(benchmark, new BenchPlan(List.of("random", "nsga2", "ehvi"), 4, 50, 0, Map.of()),
                        BenchProgress.NONE);
        double random = summary.strategies().get("random").last().mean();
        double nsga2 = summary.strategies().get("nsga2").last().mean();
        double model = summary.strategies().get("ehvi").last().mean();
        assertThat(model).isGreaterThan(nsga2).isGreaterThan(random).isGreaterThanOrEqualTo(0.97);
    }
}
