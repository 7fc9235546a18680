package io.nas4j.tasks.classification;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandDesignedCnnsTest {

    private static final ClassificationHead FASHION = new ClassificationHead(Shape.of(1, 28, 28), 10);
    private static final ClassificationHead DIGITS = new ClassificationHead(Shape.of(1, 8, 8), 10);

    @Test
    void leNetIsTwoConvolutionsWithPoolsThenTwoLinearLayers() {
        NetworkSpec spec = HandDesignedCnns.network(HandDesignedCnns.LENET, FASHION);
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);

        assertThat(spec.nodes()).extracting(node -> node.op().kind()).containsExactly(
                "conv2d", "relu", "max_pool2d", "conv2d", "relu", "max_pool2d",
                "flatten", "linear", "relu", "dropout", "linear");
        assertThat(analysis.shapes().get("conv2_pool")).isEqualTo(Shape.of(64, 7, 7));
        // 25*32 + 32, 25*32*64 + 64, 3136*256 + 256, 256*10 + 10
        assertThat(analysis.parameters()).isEqualTo(832 + 51_264 + 803_072 + 2_570);
        // 28^2 * 32 * 25, 14^2 * 64 * 800, 3136 * 256, 256 * 10
        assertThat(analysis.macs()).isEqualTo(627_200 + 10_035_200 + 802_816 + 2_560);
    }

    @Test
    void resNetsHaveOneOrThreeBasicBlocksPerStageAndHalveTheMapTwice() {
        NetworkAnalysis resnet8 = NetworkAnalysis.of(HandDesignedCnns.network(HandDesignedCnns.RESNET8, FASHION));
        NetworkAnalysis resnet20 = NetworkAnalysis.of(HandDesignedCnns.network(HandDesignedCnns.RESNET20, FASHION));

        assertThat(resnet8.valid()).isTrue();
        assertThat(resnet8.shapes().get("stage3_block1_relu")).isEqualTo(Shape.of(64, 7, 7));
        assertThat(resnet20.shapes().get("stage3_block3_relu")).isEqualTo(Shape.of(64, 7, 7));
        assertThat(resnet8.outputShape()).isEqualTo(Shape.of(10));
        long convolutions8 = HandDesignedCnns.network(HandDesignedCnns.RESNET8, FASHION).nodes().stream()
                .filter(node -> node.op().kind().equals("conv2d") && !node.id().contains("shortcut")).count();
        long convolutions20 = HandDesignedCnns.network(HandDesignedCnns.RESNET20, FASHION).nodes().stream()
                .filter(node -> node.op().kind().equals("conv2d") && !node.id().contains("shortcut")).count();
        // the depth in the name: the 3x3 convolutions and the linear layer
        assertThat(convolutions8 + 1).isEqualTo(8);
        assertThat(convolutions20 + 1).isEqualTo(20);
        assertThat(resnet20.parameters()).isGreaterThan(3 * resnet8.parameters());
    }

    @Test
    void smallInputsKeepAMapOfTwoByTwo() {
        NetworkAnalysis lenet = NetworkAnalysis.of(HandDesignedCnns.network(HandDesignedCnns.LENET, DIGITS));
        NetworkAnalysis resnet = NetworkAnalysis.of(HandDesignedCnns.network(HandDesignedCnns.RESNET8, DIGITS));
        NetworkAnalysis tiny = NetworkAnalysis.of(HandDesignedCnns.network(HandDesignedCnns.RESNET8,
                new ClassificationHead(Shape.of(3, 4, 4), 2)));

        assertThat(lenet.shapes().get("conv2_pool")).isEqualTo(Shape.of(64, 2, 2));
        assertThat(resnet.shapes().get("stage3_block1_relu")).isEqualTo(Shape.of(64, 2, 2));
        assertThat(tiny.shapes().get("stage3_block1_relu")).isEqualTo(Shape.of(64, 2, 2));
    }

    static final java.util.List<String> NAMES = HandDesignedCnns.NAMES;

    @ParameterizedTest
    @FieldSource("NAMES")
    void everyNetworkIsValidAndDescribed(String name) {
        NetworkAnalysis analysis = NetworkAnalysis.of(HandDesignedCnns.network(name,
                new ClassificationHead(Shape.of(3, 32, 32), 100)));

        assertThat(analysis.valid()).isTrue();
        assertThat(analysis.outputShape()).isEqualTo(Shape.of(100));
        assertThat(HandDesignedCnns.describe(name)).isNotBlank();
    }

    @Test
    void refusesVolumesAndUnknownNames() {
        assertThatThrownBy(() -> HandDesignedCnns.network(HandDesignedCnns.RESNET8,
                new ClassificationHead(Shape.of(1, 12, 12, 12), 6))).hasMessageContaining("need an image");
        assertThatThrownBy(() -> HandDesignedCnns.network("vgg16", FASHION))
                .hasMessage("name must be one of [lenet, resnet8, resnet20], got vgg16");
    }
}
