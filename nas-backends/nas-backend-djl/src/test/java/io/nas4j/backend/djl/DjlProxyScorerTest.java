package io.nas4j.backend.djl;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.nas4j.backend.tck.ZeroCostProxyConformance;
import io.nas4j.core.port.ProxyScorer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The DJL proxy scorer passes the zero-cost conformance kit and is offered through {@link DjlModule}. */
class DjlProxyScorerTest extends ZeroCostProxyConformance {

    private static final DjlProxyScorer SCORER = new DjlProxyScorer();

    @Override
    protected ProxyScorer scorer() {
        return SCORER;
    }

    @Test
    void theModuleOffersTheScorerUnderTheBackendsName() {
        Map<String, ProxyScorer> scorers = Guice.createInjector(new DjlModule())
                .getInstance(Key.get(new TypeLiteral<Map<String, ProxyScorer>>() { }));

        assertThat(scorers).containsOnlyKeys("djl");
        assertThat(scorers.get("djl")).isInstanceOf(DjlProxyScorer.class);
    }

    @Test
    void theLogDeterminantMatchesACofactorExpansion() {
        double[] matrix = {2, -1, 0, -1, 2, -1, 0, -1, 2};

        assertThat(DjlProxyScorer.logAbsDeterminant(matrix, 3)).isCloseTo(Math.log(4), within(1e-12));
    }

    @Test
    void aBatchHoldsDistinctExamplesDrawnBySeed() {
        int[] batch = DjlProxyScorer.batch(100, 10, 7);

        assertThat(batch).hasSize(10).doesNotHaveDuplicates();
        assertThat(java.util.Arrays.stream(batch).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(java.util.Arrays.stream(batch).max().orElseThrow()).isLessThan(100);
        assertThat(DjlProxyScorer.batch(100, 10, 7)).isEqualTo(batch);
        assertThat(DjlProxyScorer.batch(5, 10, 7)).hasSize(5);
    }
}
