package io.nas4j.tasks.volumetric;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandDesignedCnnTest {

    @Test
    void isThreeConvolutionStagesWithTwoPoolsThenTheHead() {
        NetworkSpec spec = HandDesignedCnn.network(new ClassificationHead(Shape.of(1, 12, 12, 12), 6));

        assertThat(spec.nodes()).extracting(node -> node.op().kind()).containsExactly(
                "conv3d", "batch_norm", "relu", "max_pool3d",
                "conv3d", "batch_norm", "relu", "max_pool3d",
                "conv3d", "batch_norm", "relu",
                "global_avg_pool", "linear");
        assertThat(spec.output()).isEqualTo("head_logits");
    }

    @Test
    void countsMatchTheHandComputedFigures() {
        NetworkAnalysis analysis = NetworkAnalysis.of(HandDesignedCnn.network(
                new ClassificationHead(Shape.of(1, 12, 12, 12), 6)));

        assertThat(analysis.valid()).isTrue();
        assertThat(analysis.shapes().get("stage2_relu")).isEqualTo(Shape.of(64, 3, 3, 3));
        // 27*16 + 32, 27*16*32 + 64, 27*32*64 + 128, 64*6 + 6
        assertThat(analysis.parameters()).isEqualTo(464 + 13_888 + 55_424 + 390);
        // 12^3 * 16 * 27, 6^3 * 32 * 432, 3^3 * 64 * 864, 64 * 6
        assertThat(analysis.macs()).isEqualTo(746_496 + 2_985_984 + 1_492_992 + 384);
    }

    @Test
    void worksForMedMnistVolumesAndRefusesImages() {
        NetworkAnalysis organs = NetworkAnalysis.of(HandDesignedCnn.network(
                new ClassificationHead(Shape.of(1, 28, 28, 28), 11)));
        assertThat(organs.outputShape()).isEqualTo(Shape.of(11));
        assertThatThrownBy(() -> HandDesignedCnn.network(new ClassificationHead(Shape.of(1, 28, 28), 10)))
                .hasMessageContaining("needs a volume");
        assertThat(HandDesignedCnn.network(new ClassificationHead(Shape.of(1, 12, 12, 12), 6)).nodes())
                .extracting(Node::id).startsWith("stage0_conv");
    }

    @Test
    void theNetworkIsUnchanged() throws NoSuchAlgorithmException {
        // a hash of the whole IR (ids, ops with every parameter, inputs): refactoring the builder keeps it
        String spec = HandDesignedCnn.network(new ClassificationHead(Shape.of(1, 12, 12, 12), 6)).toString();
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(spec.getBytes(StandardCharsets.UTF_8));

        assertThat(HexFormat.of().formatHex(hash)).isEqualTo("a08120d3d8d5b425b11d9f8d81afe2cd49bb7dd2c08ea42b496493fb2cfe57fd");
    }
}
