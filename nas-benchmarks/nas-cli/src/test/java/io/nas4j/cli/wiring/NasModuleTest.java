package io.nas4j.cli.wiring;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.nas4j.benchmarks.suite.Suite;
import io.nas4j.benchmarks.suite.SuiteRunner;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NasModuleTest {

    private final Injector injector = Guice.createInjector(new NasModule());

    @Test
    void bindsSpacesByName() {
        Map<String, SearchSpace<?>> spaces = injector.getInstance(Key.get(new TypeLiteral<Map<String, SearchSpace<?>>>() { }));

        assertThat(spaces).containsOnlyKeys("nb201", "macro", "chain", "volumetric");
        assertThat(spaces.get("nb201")).isInstanceOf(CellSpace.class);
        assertThat(spaces.get("macro")).isInstanceOf(MacroSpace.class);
    }

    @Test
    void bindsSuitesByName() {
        Map<String, Suite> suites = injector.getInstance(Key.get(new TypeLiteral<Map<String, Suite>>() { }));

        assertThat(suites).containsOnlyKeys("nb201", "macro", "macro-mo", "nb201-mo", "nb201-transfer");
        suites.forEach((name, suite) -> assertThat(suite.name()).isEqualTo(name));
    }

    @Test
    void bindsTheInstalledStrategiesOnce() {
        Strategies strategies = injector.getInstance(Strategies.class);

        assertThat(strategies.names()).contains("random", "grid");
        assertThat(injector.getInstance(Strategies.class)).isSameAs(strategies);
        assertThat(injector.getInstance(SuiteRunner.class)).isNotNull();
    }

    @Test
    void bindsAProxyScorerUnderEachEnginesName() {
        Map<String, ProxyScorer> scorers = injector.getInstance(Key.get(new TypeLiteral<Map<String, ProxyScorer>>() { }));

        assertThat(scorers).containsOnlyKeys("djl", "tensorflow");
        scorers.forEach((name, scorer) -> assertThat(scorer.name()).isEqualTo(name));
    }
}
