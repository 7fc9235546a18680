package io.nas4j.core.latency;

import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyPredictorTest {

    private static final Shape INPUT = Shape.of(1, 8, 8);
    private static final Op CONV = Op.Conv.of2d(4, 3, 1);

    /** input -> conv -> relu -> conv -> relu -> pool -> linear, plus a node no path to the output uses. */
    private static NetworkSpec network() {
        NetworkSpec.Builder builder = NetworkSpec.builder(INPUT);
        String x = builder.add("conv_a", CONV, NetworkSpec.INPUT);
        x = builder.add("relu_a", Op.Activation.relu(), x);
        builder.add("dead", Op.Conv.of2d(64, 7, 1), x);
        x = builder.add("conv_b", CONV, x);
        x = builder.add("relu_b", Op.Activation.relu(), x);
        x = builder.add("pool", new Op.GlobalPool(Op.PoolKind.AVG), x);
        x = builder.add("logits", new Op.Linear(3, true), x);
        return builder.build(x, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    private static LatencyTable table() {
        Shape features = Shape.of(4, 8, 8);
        return LatencyTable.of("test", Map.of(
                OpSignature.networkKey(INPUT), 0.5,
                new OpSignature(CONV, List.of(INPUT)).key(), 1.0,
                new OpSignature(CONV, List.of(features)).key(), 2.0,
                new OpSignature(Op.Activation.relu(), List.of(features)).key(), 0.25,
                new OpSignature(new Op.GlobalPool(Op.PoolKind.AVG), List.of(features)).key(), 0.125,
                new OpSignature(new Op.Linear(3, true), List.of(Shape.of(4))).key(), 0.0625));
    }

    @Test
    void aPredictionIsTheNetworkCostPlusTheEntryOfEveryLiveNode() {
        double predicted = new LatencyPredictor(table()).predict(network());

        assertThat(predicted).isCloseTo(0.5 + 1.0 + 0.25 + 2.0 + 0.25 + 0.125 + 0.0625, within(1e-12));
    }

    @Test
    void aCalibratedPredictorScalesItsSums() {
        double factor = LatencyPredictor.calibration(new double[] {1, 2, 4}, new double[] {2, 4, 8});

        assertThat(factor).isCloseTo(2, within(1e-12));
        // the geometric mean of the ratios: a network predicted 4x too fast and one 4x too slow cancel out
        assertThat(LatencyPredictor.calibration(new double[] {1, 4}, new double[] {4, 1})).isCloseTo(1, within(1e-12));
        assertThat(LatencyPredictor.calibration(new double[] {1, 0, 2}, new double[] {3, 5, 6})).isCloseTo(3, within(1e-12));
        assertThat(LatencyPredictor.calibration(new double[] {0}, new double[] {1})).isEqualTo(1);
        assertThat(new LatencyPredictor(table()).scaled(factor).predict(network()))
                .isCloseTo(2 * (0.5 + 1.0 + 0.25 + 2.0 + 0.25 + 0.125 + 0.0625), within(1e-12));
    }

    @Test
    void nodesOffEveryPathToTheOutputAreNotSignatures() {
        NetworkSpec spec = network();
        List<OpSignature> signatures = LatencyPredictor.signatures(spec, NetworkAnalysis.of(spec).shapes());

        assertThat(signatures).hasSize(6);
        assertThat(signatures).noneMatch(signature -> signature.op().equals(Op.Conv.of2d(64, 7, 1)));
    }

    @Test
    void aMissingEntryWithoutAProfilerNamesTheSignature() {
        LatencyTable partial = new LatencyTable("test");
        partial.put(OpSignature.networkKey(INPUT), 0.5);

        assertThatThrownBy(() -> new LatencyPredictor(partial).predict(network()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no entry for Conv[");
    }

    @Test
    void anEntryOnceAddedIsNeverReplaced() {
        LatencyTable table = new LatencyTable("test");

        assertThat(table.put("k", 1.0)).isEqualTo(1.0);
        assertThat(table.put("k", 3.0)).isEqualTo(1.0);
        assertThat(table.get("k")).hasValue(1.0);
    }

    @Test
    void negativeOrInfiniteEntriesAreRejected() {
        LatencyTable table = new LatencyTable("test");

        assertThatThrownBy(() -> table.put("k", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.put("k", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.put("k", Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
