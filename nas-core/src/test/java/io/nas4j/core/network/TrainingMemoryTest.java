package io.nas4j.core.network;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The peak training memory predicted from the IR: activations of the batch, parameters, gradients, optimiser state, buffers. */
class TrainingMemoryTest {

    /** conv 3x3 to 2 channels (no bias), batch norm, relu, global pool, linear to 3 classes, on a 1x4x4 input. */
    private static NetworkAnalysis tinyNetwork(int channels) {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(1, 4, 4));
        String conv = builder.add("conv", Op.Conv.of2d(channels, 3, 1), NetworkSpec.INPUT);
        String norm = builder.add("bn", new Op.BatchNorm(), conv);
        String relu = builder.add("relu", Op.Activation.relu(), norm);
        String pool = builder.add("pool", new Op.GlobalPool(Op.PoolKind.AVG), relu);
        String logits = builder.add("logits", new Op.Linear(3, true), pool);
        return NetworkAnalysis.of(builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY));
    }

    @Test
    void equalsAHandCountOfATinyNetworkTrainedWithAdam() {
        // activations per example: input 16 + conv 32 + bn 32 + relu 32 + pool 2 + logits 3 = 117 elements
        // parameters: conv 2*1*3*3 = 18, bn gamma and beta 4, linear 2*3 + 3 = 9: 31; buffers: bn's 4
        TrainingMemory memory = TrainingMemory.of(tinyNetwork(2), 8, 2);

        assertThat(memory.activationBytes()).isEqualTo(8 * 117 * 4);
        assertThat(memory.parameterBytes()).isEqualTo(31 * 4);
        assertThat(memory.gradientBytes()).isEqualTo(31 * 4);
        assertThat(memory.optimizerBytes()).isEqualTo(2 * 31 * 4);
        assertThat(memory.bufferBytes()).isEqualTo(4 * 4);
        assertThat(memory.totalBytes()).isEqualTo(8 * 117 * 4 + 4 * 31 * 4 + 4 * 4);
        assertThat(memory.totalMegabytes()).isEqualTo((8 * 117 * 4 + 4 * 31 * 4 + 4 * 4) / 1e6);
        assertThat(memory.activationBytesPerExample()).isEqualTo(117 * 4);
    }

    @Test
    void plainSgdKeepsNoOptimiserState() {
        assertThat(TrainingMemory.of(tinyNetwork(2), 8, 0).optimizerBytes()).isZero();
    }

    @Test
    void growsWithTheBatchByTheActivationsOfOneExample() {
        NetworkAnalysis network = tinyNetwork(4);
        long previous = 0;
        for (int batch = 1; batch <= 256; batch *= 2) {
            long total = TrainingMemory.of(network, batch, 2).totalBytes();
            assertThat(total).isGreaterThan(previous);
            previous = total;
        }
        assertThat(TrainingMemory.of(network, 65, 2).totalBytes() - TrainingMemory.of(network, 64, 2).totalBytes())
                .isEqualTo(network.activationBytes());
    }

    @Test
    void growsWithTheWidth() {
        long previous = 0;
        for (int channels = 1; channels <= 64; channels *= 2) {
            long total = TrainingMemory.of(tinyNetwork(channels), 32, 2).totalBytes();
            assertThat(total).isGreaterThan(previous);
            previous = total;
        }
    }

    @Test
    void anInvalidNetworkHasNone() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(1, 1, 1));
        String pool = builder.add("pool", new Op.Pool(Op.PoolKind.MAX, 2, 2, 2), NetworkSpec.INPUT);
        NetworkAnalysis invalid = NetworkAnalysis.of(builder.build(pool, Loss.SOFTMAX_CROSS_ENTROPY));

        assertThatThrownBy(() -> TrainingMemory.of(invalid, 8, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("an invalid network has no training memory: node pool");
    }
}
