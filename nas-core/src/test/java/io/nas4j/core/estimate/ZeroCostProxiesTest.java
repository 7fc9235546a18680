package io.nas4j.core.estimate;

import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ZeroCostProxiesTest {

    @Test
    void theLogDeterminantMatchesACofactorExpansion() {
        double[] matrix = {2, -1, 0, -1, 2, -1, 0, -1, 2};

        assertThat(ZeroCostProxies.logAbsDeterminant(matrix, 3)).isCloseTo(Math.log(4), within(1e-12));
    }

    @Test
    void theLogDeterminantOfASingularMatrixIsNegativeInfinity() {
        double[] matrix = {4, 2, 1, 4, 2, 1, 1, 1, 4};

        assertThat(ZeroCostProxies.logAbsDeterminant(matrix, 3)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void theLogDeterminantNeedsPivotingWhenTheFirstPivotIsZero() {
        double[] matrix = {0, 3, 2, 0};

        assertThat(ZeroCostProxies.logAbsDeterminant(matrix, 2)).isCloseTo(Math.log(6), within(1e-12));
    }

    @Test
    void aBatchHoldsDistinctExamplesDrawnBySeed() {
        int[] batch = ZeroCostProxies.batch(100, 10, 7);

        assertThat(batch).hasSize(10).doesNotHaveDuplicates();
        assertThat(Arrays.stream(batch).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(Arrays.stream(batch).max().orElseThrow()).isLessThan(100);
        assertThat(ZeroCostProxies.batch(100, 10, 7)).isEqualTo(batch);
        assertThat(ZeroCostProxies.batch(100, 10, 8)).isNotEqualTo(batch);
        assertThat(ZeroCostProxies.batch(5, 10, 7)).hasSize(5);
    }

    @Test
    void synflowsNetworkHasIdentitiesInPlaceOfBatchNorm() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(1, 8, 8));
        String x = builder.add("conv", Op.Conv.of2d(4, 3, 1), NetworkSpec.INPUT);
        x = builder.add("norm", new Op.BatchNorm(), x);
        x = builder.add("pool", new Op.GlobalPool(Op.PoolKind.AVG), x);
        NetworkSpec spec = builder.build(builder.add("logits", new Op.Linear(10, true), x), Loss.SOFTMAX_CROSS_ENTROPY);

        NetworkSpec plain = ZeroCostProxies.withoutBatchNorm(spec);

        assertThat(plain.node("norm").op()).isInstanceOf(Op.Identity.class);
        assertThat(plain.node("norm").inputs()).isEqualTo(spec.node("norm").inputs());
        assertThat(plain.node("conv")).isEqualTo(spec.node("conv"));
        assertThat(plain.output()).isEqualTo(spec.output());
    }
}
