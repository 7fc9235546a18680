package io.nas4j.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small ResNet on 3x32x32: a stem, a basic block with an identity shortcut, a downsampling block with a
 * 1x1 stride-2 projection shortcut, global pooling and a linear classifier.
 */
class ResidualNetworkAnalysisTest {

    private static NetworkSpec network;
    private static NetworkAnalysis analysis;

    @BeforeAll
    static void build() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Shape.of(3, 32, 32));
        String stem = convBnRelu(builder, "stem", 16, 1, NetworkSpec.INPUT);

        String a1 = convBnRelu(builder, "block1_a", 16, 1, stem);
        String b1 = builder.add("block1_b_bn", new Op.BatchNorm(),
                builder.add("block1_b", Op.Conv.of2d(16, 3, 1), a1));
        String block1 = builder.add("block1_relu", Op.Activation.relu(),
                builder.add("block1_add", new Op.Add(), stem, b1));

        String a2 = convBnRelu(builder, "block2_a", 32, 2, block1);
        String b2 = builder.add("block2_b_bn", new Op.BatchNorm(),
                builder.add("block2_b", Op.Conv.of2d(32, 3, 1), a2));
        String shortcut = builder.add("block2_shortcut_bn", new Op.BatchNorm(),
                builder.add("block2_shortcut", Op.Conv.of2d(32, 1, 2), block1));
        String block2 = builder.add("block2_relu", Op.Activation.relu(),
                builder.add("block2_add", new Op.Add(), b2, shortcut));

        ClassificationHead head = new ClassificationHead(builder.input(), 10);
        String logits = head.attach(builder, block2);
        network = builder.build(logits, head.loss());
        analysis = NetworkAnalysis.of(network);
    }

    private static String convBnRelu(NetworkSpec.Builder builder, String name, int channels, int stride,
                                     String input) {
        String conv = builder.add(name, Op.Conv.of2d(channels, 3, stride), input);
        String norm = builder.add(name + "_bn", new Op.BatchNorm(), conv);
        return builder.add(name + "_relu", Op.Activation.relu(), norm);
    }

    @Test
    void isValidAndEndsInTenLogits() {
        assertThat(analysis.valid()).isTrue();
        assertThat(analysis.invalidReason()).isEmpty();
        assertThat(analysis.outputShape()).isEqualTo(Shape.of(10));
    }

    @Test
    void shapesFollowTheBlocks() {
        assertThat(analysis.shapes())
                .containsEntry("block1_add", Shape.of(16, 32, 32))
                .containsEntry("block2_a", Shape.of(32, 16, 16))
                .containsEntry("block2_shortcut", Shape.of(32, 16, 16))
                .containsEntry("head_pool", Shape.of(32));
    }

    @Test
    void shapesAreInTopologicalOrderStartingWithTheInput() {
        assertThat(analysis.shapes().keySet()).first().isEqualTo(NetworkSpec.INPUT);
        assertThat(analysis.shapes().keySet()).containsExactlyElementsOf(
                Stream.concat(Stream.of(NetworkSpec.INPUT), network.nodes().stream().map(Node::id)).toList());
    }

    @Test
    void parametersAreTheHandCount() {
        long stem = 3 * 3 * 3 * 16 + 2 * 16;                // 432 + 32
        long block1 = 2 * (3 * 3 * 16 * 16 + 2 * 16);       // 2 * (2304 + 32)
        long block2 = (3 * 3 * 16 * 32 + 2 * 32)            // 4608 + 64
                + (3 * 3 * 32 * 32 + 2 * 32)                // 9216 + 64
                + (16 * 32 + 2 * 32);                       // 1x1 projection 512 + 64
        long head = 32 * 10 + 10;                           // 330

        assertThat(analysis.parameters()).isEqualTo(stem + block1 + block2 + head).isEqualTo(19_994);
    }

    @Test
    void buffersAreTheBatchNormStatistics() {
        // running mean and variance: 3 norms of 16 channels, 3 of 32
        assertThat(analysis.buffers()).isEqualTo(3 * 2 * 16 + 3 * 2 * 32);
    }

    @Test
    void macsAreTheHandCount() {
        long stem = 32L * 32 * 16 * (3 * 3 * 3);            // 442,368
        long block1 = 2 * (32L * 32 * 16 * (3 * 3 * 16));   // 2 * 2,359,296
        long block2 = 16L * 16 * 32 * (3 * 3 * 16)          // strided 3x3: 1,179,648
                + 16L * 16 * 32 * (3 * 3 * 32)              // 2,359,296
                + 16L * 16 * 32 * 16;                       // 1x1 projection: 131,072
        long head = 32 * 10;

        assertThat(analysis.macs()).isEqualTo(stem + block1 + block2 + head).isEqualTo(8_831_296);
    }
}
