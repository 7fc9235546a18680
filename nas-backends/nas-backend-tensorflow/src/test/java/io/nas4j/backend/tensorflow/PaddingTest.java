package io.nas4j.backend.tensorflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PaddingTest {

    @ParameterizedTest(name = "extent {0} kernel {1} stride {2} dilation {3}")
    @CsvSource({"8, 3, 1, 1", "7, 3, 2, 1", "8, 2, 1, 1", "8, 4, 2, 1", "9, 2, 2, 2", "8, 5, 1, 2"})
    void tensorflowSameAgreesWhereTheRulesCoincide(int extent, int kernel, int stride, int dilation) {
        List<Integer> extents = List.of(extent);
        assertThat(Padding.of(extents, kernel, stride, dilation).isTensorflowSame(extents, kernel, stride, dilation))
                .isTrue();
    }

    @Test
    void oddKernelsWithAStrideOnEvenExtentsPadSymmetricallyUnlikeTensorflow() {
        // 8 with kernel 3, stride 2: TensorFlow pads 0 before and 1 after; the IR pads 1 and 1
        List<Integer> extents = List.of(8, 8);
        Padding padding = Padding.of(extents, 3, 2, 1);

        assertThat(padding.isTensorflowSame(extents, 3, 2, 1)).isFalse();
        assertThat(padding.channelsLast()).isDeepEqualTo(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}});
        assertThat(padding.padded(extents)).containsExactly(10, 10);
    }

    @Test
    void aOneByOneKernelPadsNothing() {
        assertThat(Padding.of(List.of(5, 6, 7), 1, 2, 1).none()).isTrue();
    }
}
