package io.nas4j.backend.djl;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.nas4j.backend.tck.ZeroCostProxyConformance;
import io.nas4j.core.port.ProxyScorer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
}
