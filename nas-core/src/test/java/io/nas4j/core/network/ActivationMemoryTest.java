package io.nas4j.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Activation memory is the elements of every node output plus the input, in float32 bytes. */
class ActivationMemoryTest {

    private static NetworkAnalysis tinyNetwork() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(1, 4, 4));
        String conv = builder.add("conv", Op.Conv.of2d(2, 3, 1), NetworkSpec.INPUT);
        String relu = builder.add("relu", Op.Activation.relu(), conv);
        String pool = builder.add("pool", new Op.GlobalPool(Op.PoolKind.AVG), relu);
        String logits = builder.add("logits", new Op.Linear(3, true), pool);
        return NetworkAnalysis.of(builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY));
    }

    @Test
    void activationElementsSumTheInputAndEveryNodeOutput() {
        // input 1*4*4 + conv 2*4*4 + relu 2*4*4 + pool 2 + logits 3
        assertThat(tinyNetwork().activationElements()).isEqualTo(16 + 32 + 32 + 2 + 3);
    }

    @Test
    void activationBytesAreFourPerElement() {
        assertThat(tinyNetwork().activationBytes()).isEqualTo(4 * 85);
    }
}
