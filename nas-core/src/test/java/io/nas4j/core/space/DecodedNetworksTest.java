package io.nas4j.core.space;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Every space decodes to networks the core's analysis accepts, with the sizes the benchmarks publish. */
class DecodedNetworksTest {

    private static final ClassificationHead CIFAR = new ClassificationHead(Shape.of(3, 32, 32), 10);

    @Test
    void everyNasBench201CellDecodesToAValidCifarNetwork() {
        CellSpace space = new CellSpace();
        for (int index = 0; index < 15_625; index += 7) {
            CellGenome cell = space.at(BigInteger.valueOf(index));
            NetworkAnalysis analysis = NetworkAnalysis.of(space.decode(cell, CIFAR));
            assertThat(analysis.valid()).as("%s: %s", space.format(cell), analysis.invalidReason()).isTrue();
            assertThat(analysis.outputShape()).isEqualTo(Shape.of(10));
        }
    }

    @Test
    void theAllConvolutionCellHasTheBenchmarksParameterCount() {
        CellSpace space = new CellSpace();
        CellGenome allConv = space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|");
        CellGenome allSkip = space.parse("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|");
        long conv = NetworkAnalysis.of(space.decode(allConv, CIFAR)).parameters();
        long skip = NetworkAnalysis.of(space.decode(allSkip, CIFAR)).parameters();
        // NAS-Bench-201 reports 1.53 M parameters for the all-3x3 cell and 0.07 M for the all-skip cell on CIFAR-10
        assertThat(conv).isBetween(1_500_000L, 1_560_000L);
        assertThat(skip).isBetween(60_000L, 80_000L);
    }

    @Test
    void everyMacroNetworkDecodesToAValidCifarNetwork() {
        MacroSpace space = new MacroSpace();
        for (int index = 0; index < 6_561; index += 13) {
            MacroGenome genome = space.at(BigInteger.valueOf(index));
            NetworkAnalysis analysis = NetworkAnalysis.of(space.decode(genome, CIFAR));
            assertThat(analysis.valid()).as("%s: %s", genome.key(), analysis.invalidReason()).isTrue();
        }
    }

    @Test
    void chainNetworksForDigitsAreValidOrInvalidWithAReasonNeverACrash() {
        ChainSpace space = ChainSpace.forInput(Shape.of(1, 8, 8));
        ClassificationHead digits = new ClassificationHead(Shape.of(1, 8, 8), 10);
        SplittableRandom random = new SplittableRandom(17);
        int valid = 0;
        for (int draw = 0; draw < 500; draw++) {
            ChainGenome genome = space.sample(random);
            NetworkAnalysis analysis = NetworkAnalysis.of(space.decode(genome, digits));
            if (analysis.valid()) {
                valid++;
                assertThat(analysis.outputShape()).isEqualTo(Shape.of(10));
            } else {
                assertThat(analysis.invalidReason()).get().asString().contains("stride");
            }
        }
        assertThat(valid).isGreaterThan(100);
    }

    @Test
    void chainNetworksForCifarAreValidUpToFiveStridedLayers() {
        ChainSpace space = new ChainSpace(ChainSpace.Options.defaults());
        SplittableRandom random = new SplittableRandom(23);
        for (int draw = 0; draw < 200; draw++) {
            ChainGenome genome = space.sample(random);
            long strided = genome.layers().stream().filter(l -> l.stride() == 2).count();
            NetworkAnalysis analysis = NetworkAnalysis.of(space.decode(genome, CIFAR));
            assertThat(analysis.valid()).as("%s: %s", space.format(genome), analysis.invalidReason())
                    .isEqualTo(strided <= 5);
        }
    }
}
