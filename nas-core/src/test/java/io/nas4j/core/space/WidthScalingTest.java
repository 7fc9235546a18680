package io.nas4j.core.space;

import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WidthScalingTest {

    private static final ClassificationHead HEAD = new ClassificationHead(Shape.of(1, 8, 8), 10);

    /** conv 3x3 to 32, batch norm, ReLU, conv 3x3 to 64, batch norm, ReLU, then the head. */
    private static NetworkSpec twoConvolutions(double multiplier) {
        NetworkSpec.Builder builder = NetworkSpec.builder(HEAD.input());
        String x = builder.add("conv1", Op.Conv.of2d(WidthScaling.channels(32, multiplier), 3, 1), NetworkSpec.INPUT);
        x = builder.add("bn1", new Op.BatchNorm(), x);
        x = builder.add("relu1", new Op.Activation(Op.Activation.Function.RELU), x);
        x = builder.add("conv2", Op.Conv.of2d(WidthScaling.channels(64, multiplier), 3, 1), x);
        x = builder.add("bn2", new Op.BatchNorm(), x);
        x = builder.add("relu2", new Op.Activation(Op.Activation.Function.RELU), x);
        return builder.build(HEAD.attach(builder, x), HEAD.loss());
    }

    @Test
    void halfWidthScalesTheBodysParametersAsCountedByHand() {
        NetworkSpec full = twoConvolutions(1);
        NetworkSpec half = WidthScaling.scale(full, 6, 0.5);

        // conv1 1*32*9, bn1 2*32, conv2 32*64*9, bn2 2*64, linear 64*10+10
        assertThat(NetworkAnalysis.of(full).parameters()).isEqualTo(288 + 64 + 18_432 + 128 + 650);
        // conv1 1*16*9, bn1 2*16, conv2 16*32*9, bn2 2*32, linear 32*10+10: the head keeps its 10 classes
        assertThat(NetworkAnalysis.of(half).parameters()).isEqualTo(144 + 32 + 4_608 + 64 + 330);
        assertThat(half).isEqualTo(twoConvolutions(0.5));
    }

    @Test
    void channelsRoundAndNeverFallBelowOne() {
        assertThat(WidthScaling.channels(16, 0.5)).isEqualTo(8);
        assertThat(WidthScaling.channels(24, 0.3)).isEqualTo(7);
        assertThat(WidthScaling.channels(3, 0.1)).isEqualTo(1);
    }

    @Test
    void groupedConvolutionsKeepAMultipleOfTheirGroups() {
        Op scaled = WidthScaling.scale(new Op.Conv(2, 64, 3, 1, 1, 4, false), 0.3);

        assertThat(((Op.Conv) scaled).outChannels()).isEqualTo(20);
    }

    @Test
    void decodedChainNetworksStayValidAndShrinkWhileTheHeadKeepsItsClasses() {
        ChainSpace space = ChainSpace.forInput(HEAD.input());
        SplittableRandom random = new SplittableRandom(3);
        long fullTotal = 0;
        long halfTotal = 0;
        for (int i = 0; i < 200; i++) {
            ChainGenome genome = space.sample(random);
            NetworkSpec full = space.decode(genome, HEAD);
            NetworkSpec half = WidthScaling.decode(space, genome, HEAD, 0.5);
            NetworkAnalysis fullAnalysis = NetworkAnalysis.of(full);
            NetworkAnalysis halfAnalysis = NetworkAnalysis.of(half);

            assertThat(halfAnalysis.valid()).as(space.format(genome)).isEqualTo(fullAnalysis.valid());
            if (fullAnalysis.valid()) {
                assertThat(halfAnalysis.outputShape()).isEqualTo(fullAnalysis.outputShape());
                assertThat(halfAnalysis.parameters()).isLessThanOrEqualTo(fullAnalysis.parameters());
                assertThat(half.node(half.output()).op()).isEqualTo(new Op.Linear(10, true));
                fullTotal += fullAnalysis.parameters();
                halfTotal += halfAnalysis.parameters();
            }
        }
        // convolutions halve in input and output channels: about a quarter of the parameters overall
        assertThat((double) halfTotal / fullTotal).isBetween(0.2, 0.35);
    }

    @Test
    void fullWidthIsTheDecodedNetworkItselfAndTheMultiplierMustBePositive() {
        ChainSpace space = ChainSpace.forInput(HEAD.input());
        ChainGenome genome = space.sample(new SplittableRandom(1));

        assertThat(WidthScaling.decode(space, genome, HEAD, 1.0)).isEqualTo(space.decode(genome, HEAD));
        assertThatThrownBy(() -> WidthScaling.decode(space, genome, HEAD, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
