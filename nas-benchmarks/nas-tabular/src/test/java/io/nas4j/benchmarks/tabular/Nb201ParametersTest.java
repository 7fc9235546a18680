package io.nas4j.benchmarks.tabular;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.space.CellSpace;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Nb201ParametersTest {

    private final CellSpace space = new CellSpace();

    private long count(String cell, Nb201Dataset dataset) {
        return Nb201Parameters.count(space, space.parse(cell), dataset);
    }

    @Test
    void theHeadFollowsTheDataSetsClassesAndNotItsImageSize() {
        String cell = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        long cifar10 = count(cell, Nb201Dataset.CIFAR10);
        // the last stage has 64 channels: each class adds 64 weights and a bias to the linear layer
        assertThat(count(cell, Nb201Dataset.CIFAR100) - cifar10).isEqualTo(90 * 65);
        assertThat(count(cell, Nb201Dataset.IMAGENET16) - cifar10).isEqualTo(110 * 65);
    }

    @Test
    void aConvolutionThatCannotReachTheOutputStillCounts() {
        String empty = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
        String deadConvolution = "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|";
        CellGenome dead = space.parse(deadConvolution);
        assertThat(space.key(dead)).isEqualTo(space.key(space.parse(empty)));
        assertThat(count(deadConvolution, Nb201Dataset.CIFAR10)).isGreaterThan(count(empty, Nb201Dataset.CIFAR10));
    }
}
