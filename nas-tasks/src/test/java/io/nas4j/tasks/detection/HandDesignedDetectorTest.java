package io.nas4j.tasks.detection;

import io.nas4j.core.network.DetectorHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HandDesignedDetectorTest {

    @Test
    void onCanvasesOf48PixelsThreeStagesLeaveASixBySixMapOfStrideEight() {
        NetworkSpec spec = HandDesignedDetector.network(DetectorHead.of(Shape.of(1, 48, 48), 10));
        NetworkAnalysis analysis = NetworkAnalysis.of(spec);

        assertThat(analysis.valid()).as(analysis.invalidReason().orElse("")).isTrue();
        assertThat(analysis.shapes().get("stage3_conv_relu")).isEqualTo(Shape.of(64, 6, 6));
        assertThat(analysis.shapes()).doesNotContainKey("stage4_conv_relu");
        Op.DetectionOutput output = (Op.DetectionOutput) spec.node(spec.output()).op();
        assertThat(output.levels()).hasSize(1);
        // anchors of 2 and 3 strides on a level of stride 8
        assertThat(output.levels().get(0).sizes()).containsExactly(16.0, 24.0);
    }

    @Test
    void largerImagesGetAFourthStageAndTinyOnesOne() {
        NetworkAnalysis large = NetworkAnalysis.of(HandDesignedDetector.network(DetectorHead.of(Shape.of(3, 128, 128), 1)));
        NetworkAnalysis tiny = NetworkAnalysis.of(HandDesignedDetector.network(DetectorHead.of(Shape.of(3, 8, 8), 2)));

        assertThat(large.shapes().get("stage4_conv_relu")).isEqualTo(Shape.of(128, 8, 8));
        assertThat(tiny.valid()).isTrue();
        assertThat(tiny.shapes()).containsKey("stage1_conv_relu").doesNotContainKey("stage2_conv_relu");
    }
}
