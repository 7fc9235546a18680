package io.nas4j.core.space;

import io.nas4j.core.genome.VolumetricGenome;
import io.nas4j.core.genome.VolumetricGenome.Block;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VolumetricSpaceTest {

    private static final VolumetricSpace SPACE = new VolumetricSpace();
    private static final ClassificationHead PATCHES = new ClassificationHead(Shape.of(1, 12, 12, 12), 6);

    /** 2 ops x 2 channels x 2 strides = 8 choices per layer, 2 layers. */
    private static final VolumetricSpace SMALL = new VolumetricSpace(new VolumetricSpace.Options(
            List.of("conv_3x3x3", "identity"), 2, List.of(8, 16), List.of(1, 2), 8, false, 0));

    private static Block block(String op, int channels, int stride) {
        return new Block(op, channels, stride);
    }

    @Nested
    class Size {

        @Test
        void theDefaultSpaceHasFortyEightChoicesInEachOfFourLayers() {
            assertThat(SPACE.options().choicesPerLayer()).isEqualTo(48);
            assertThat(SPACE.size()).isEqualTo(BigInteger.valueOf(48).pow(4)).isEqualTo(BigInteger.valueOf(5_308_416));
            assertThat(SPACE.name()).isEqualTo("volumetric");
            assertThat(SPACE.genomeType()).isEqualTo(VolumetricGenome.class);
        }

        @Test
        void everyIndexOfASmallSpaceRoundTripsToADistinctGenome() {
            Set<VolumetricGenome> seen = new HashSet<>();
            for (int index = 0; index < SMALL.size().intValueExact(); index++) {
                VolumetricGenome genome = SMALL.at(BigInteger.valueOf(index));
                assertThat(SMALL.indexOf(genome)).isEqualTo(BigInteger.valueOf(index));
                seen.add(genome);
            }
            assertThat(seen).hasSize(64);
            assertThat(SMALL.at(BigInteger.ZERO)).isEqualTo(VolumetricGenome.of(block("conv_3x3x3", 8, 1),
                    block("conv_3x3x3", 8, 1)));
            assertThat(SMALL.at(BigInteger.ONE)).isEqualTo(VolumetricGenome.of(block("conv_3x3x3", 8, 1),
                    block("conv_3x3x3", 8, 2)));
        }

        @Test
        void optionsRejectUnknownOpsRepeatsAndEmptyLists() {
            assertThatThrownBy(() -> new VolumetricSpace.Options(List.of("conv_4x4x4"), 2, List.of(8), List.of(1), 8, true, 0))
                    .hasMessageContaining("unknown op 'conv_4x4x4'").hasMessageContaining("multi_scale_fusion");
            assertThatThrownBy(() -> new VolumetricSpace.Options(List.of("conv_3x3x5"), 2, List.of(8), List.of(1), 8, true, 0))
                    .hasMessageContaining("unknown op 'conv_3x3x5'");
            assertThatThrownBy(() -> new VolumetricSpace.Options(VolumetricSpace.OPS, 2, List.of(8, 8), List.of(1), 8, true, 0))
                    .hasMessageContaining("channels must not repeat");
            assertThatThrownBy(() -> new VolumetricSpace.Options(VolumetricSpace.OPS, 0, List.of(8), List.of(1), 8, true, 0))
                    .hasMessageContaining("layers must be at least 1");
            assertThatThrownBy(() -> new VolumetricSpace.Options(List.of(), 2, List.of(8), List.of(1), 8, true, 0))
                    .hasMessageContaining("ops must not be empty");
        }
    }

    @Nested
    class Sampling {

        @Test
        void theSameSeedGivesTheSameGenomes() {
            SplittableRandom first = new SplittableRandom(42);
            SplittableRandom second = new SplittableRandom(42);
            for (int draw = 0; draw < 50; draw++) {
                assertThat(SPACE.sample(first)).isEqualTo(SPACE.sample(second));
            }
        }

        @Test
        void samplingReachesEveryOpChannelAndStride() {
            SplittableRandom random = new SplittableRandom(3);
            Set<String> ops = new HashSet<>();
            Set<Integer> channels = new HashSet<>();
            Set<Integer> strides = new HashSet<>();
            for (int draw = 0; draw < 300; draw++) {
                for (Block block : SPACE.sample(random).blocks()) {
                    ops.add(block.op());
                    channels.add(block.channels());
                    strides.add(block.stride());
                }
            }
            assertThat(ops).containsExactlyInAnyOrderElementsOf(VolumetricSpace.OPS);
            assertThat(channels).containsExactlyInAnyOrder(8, 16, 32);
            assertThat(strides).containsExactlyInAnyOrder(1, 2);
        }
    }

    @Nested
    class Neighbours {

        @Test
        void everyGenomeHasTenNeighboursPerLayerEachOneGeneAway() {
            VolumetricGenome genome = SPACE.sample(new SplittableRandom(11));
            List<VolumetricGenome> neighbours = SPACE.neighbours(genome);

            assertThat(neighbours).hasSize(4 * (7 + 2 + 1)).doesNotContain(genome).doesNotHaveDuplicates();
            for (VolumetricGenome neighbour : neighbours) {
                int differences = 0;
                for (int layer = 0; layer < 4; layer++) {
                    Block a = genome.blocks().get(layer);
                    Block b = neighbour.blocks().get(layer);
                    differences += (a.op().equals(b.op()) ? 0 : 1) + (a.channels() == b.channels() ? 0 : 1)
                            + (a.stride() == b.stride() ? 0 : 1);
                }
                assertThat(differences).isEqualTo(1);
            }
        }

        @Test
        void mutationPicksANeighbour() {
            SplittableRandom random = new SplittableRandom(5);
            VolumetricGenome genome = SPACE.sample(random);
            for (int draw = 0; draw < 30; draw++) {
                assertThat(SPACE.neighbours(genome)).contains(SPACE.mutate(genome, random));
            }
        }

        @Test
        void crossoverTakesAPrefixOfDecisionsFromOneParentAndTheRestFromTheOther() {
            VolumetricGenome first = SPACE.at(BigInteger.ZERO);
            VolumetricGenome second = SPACE.at(SPACE.size().subtract(BigInteger.ONE));
            SplittableRandom random = new SplittableRandom(1);
            for (int draw = 0; draw < 30; draw++) {
                int[] child = SPACE.choices(SPACE.crossover(first, second, random));
                int cut = 0;
                while (cut < child.length && child[cut] == 0) {
                    cut++;
                }
                assertThat(cut).isBetween(1, child.length - 1);
                int[] expected = SPACE.choices(second);
                assertThat(Arrays.copyOfRange(child, cut, child.length))
                        .containsExactly(Arrays.copyOfRange(expected, cut, expected.length));
            }
        }
    }

    @Nested
    class Encoding {

        @Test
        void oneHotOfEveryDecisionHasOneEntryPerDecision() {
            VolumetricGenome genome = SPACE.sample(new SplittableRandom(5));
            double[] encoding = SPACE.encode(genome);

            assertThat(SPACE.encodingLength()).isEqualTo(4 * (8 + 3 + 2));
            assertThat(encoding).hasSize(52);
            assertThat(Arrays.stream(encoding).sum()).isEqualTo(12.0);
            assertThat(SPACE.decisions()).extracting(Decision::name).startsWith("layer0.op", "layer0.channels",
                    "layer0.stride", "layer1.op");
        }

        @Test
        void choicesRoundTrip() {
            SplittableRandom random = new SplittableRandom(9);
            for (int draw = 0; draw < 50; draw++) {
                VolumetricGenome genome = SPACE.sample(random);
                assertThat(SPACE.fromChoices(SPACE.choices(genome))).isEqualTo(genome);
            }
        }
    }

    @Nested
    class TextForm {

        private final VolumetricGenome genome = VolumetricGenome.of(block("conv_3x3x3", 16, 1),
                block("attention_skip", 32, 2), block("identity", 32, 1), block("max_pool_3x3x3", 32, 2));

        @Test
        void formatIsOneLineAndParseReadsItBack() {
            String text = SPACE.format(genome);

            assertThat(text).isEqualTo("conv_3x3x3/16/1 | attention_skip/32/2 | identity/32/1 | max_pool_3x3x3/32/2");
            assertThat(SPACE.parse(text)).isEqualTo(genome);
            assertThat(SPACE.parse(" conv_3x3x3 / 16 / 1|attention_skip/32/2 | identity/32/1|max_pool_3x3x3/32/2 "))
                    .isEqualTo(genome);
            SplittableRandom random = new SplittableRandom(19);
            for (int draw = 0; draw < 50; draw++) {
                VolumetricGenome sampled = SPACE.sample(random);
                assertThat(SPACE.parse(SPACE.format(sampled))).isEqualTo(sampled);
            }
        }

        @Test
        void parseExplainsWhatIsWrong() {
            assertThatThrownBy(() -> SPACE.parse(" ")).hasMessageContaining("empty");
            assertThatThrownBy(() -> SPACE.parse("conv_3x3x3/16/1")).hasMessageContaining("has 4 layers, got 1");
            assertThatThrownBy(() -> SPACE.parse("conv_3x3x3/16 | identity/8/1 | identity/8/1 | identity/8/1"))
                    .hasMessageContaining("layer 0").hasMessageContaining("op/channels/stride");
            assertThatThrownBy(() -> SPACE.parse("conv_7x7x7/16/1 | identity/8/1 | identity/8/1 | identity/8/1"))
                    .hasMessageContaining("layer 0 op 'conv_7x7x7'").hasMessageContaining("attention_skip");
            assertThatThrownBy(() -> SPACE.parse("conv_3x3x3/wide/1 | identity/8/1 | identity/8/1 | identity/8/1"))
                    .hasMessageContaining("channels 'wide'");
            assertThatThrownBy(() -> SPACE.parse("conv_3x3x3/24/1 | identity/8/1 | identity/8/1 | identity/8/1"))
                    .hasMessageContaining("channels '24'").hasMessageContaining("[8, 16, 32]");
            assertThatThrownBy(() -> SPACE.parse("conv_3x3x3/16/3 | identity/8/1 | identity/8/1 | identity/8/1"))
                    .hasMessageContaining("layer 0 stride '3'");
        }

        @Test
        void theKeyDropsLayersThatChangeNothingSoTheirPositionDoesNotMatter() {
            VolumetricGenome early = VolumetricGenome.of(block("conv_3x3x3", 16, 1), block("identity", 16, 1),
                    block("conv_5x5x5", 32, 2), block("avg_pool_3x3x3", 32, 1));
            VolumetricGenome late = VolumetricGenome.of(block("conv_3x3x3", 16, 1), block("conv_5x5x5", 32, 2),
                    block("identity", 32, 1), block("avg_pool_3x3x3", 32, 1));
            VolumetricGenome projecting = VolumetricGenome.of(block("conv_3x3x3", 16, 1), block("identity", 32, 1),
                    block("conv_5x5x5", 32, 2), block("avg_pool_3x3x3", 32, 1));

            assertThat(SPACE.key(early)).isEqualTo(SPACE.key(late))
                    .isEqualTo("conv_3x3x3/16/1 | conv_5x5x5/32/2 | avg_pool_3x3x3/32/1");
            assertThat(SPACE.key(projecting)).isNotEqualTo(SPACE.key(early));
            VolumetricGenome nothing = VolumetricGenome.of(block("identity", 16, 1), block("identity", 16, 1),
                    block("identity", 16, 1), block("identity", 16, 1));
            assertThat(SPACE.key(nothing)).isEqualTo("stem");
        }

        @Test
        void genomesOutsideTheSpaceAreRejected() {
            VolumetricGenome shallow = VolumetricGenome.of(block("conv_3x3x3", 16, 1));
            assertThatThrownBy(() -> SPACE.indexOf(shallow)).hasMessageContaining("4 layers, the genome 1");
            VolumetricGenome unknown = VolumetricGenome.of(block("conv_3x3x3", 16, 1), block("conv_3x3x3", 16, 1),
                    block("conv_3x3x3", 16, 1), block("conv_3x3x3", 12, 1));
            assertThatThrownBy(() -> SPACE.format(unknown)).hasMessageContaining("layer 3 channels '12'");
        }
    }

    @Nested
    class Networks {

        @Test
        void sampledNetworksOnTwelveCubedPatchesAreValidUnlessTheyStrideBelowOneVoxel() {
            SplittableRandom random = new SplittableRandom(17);
            for (int draw = 0; draw < 300; draw++) {
                VolumetricGenome genome = SPACE.sample(random);
                NetworkAnalysis analysis = NetworkAnalysis.of(SPACE.decode(genome, PATCHES));
                // the stem pools 12 to 6; strides of 2 then give 3, 2, 1 and a fourth has nothing to halve
                boolean fourStrides = genome.blocks().stream().allMatch(block -> block.stride() == 2);
                assertThat(analysis.valid()).as("%s: %s", SPACE.format(genome), analysis.invalidReason())
                        .isEqualTo(!fourStrides);
                if (analysis.valid()) {
                    assertThat(analysis.outputShape()).isEqualTo(Shape.of(6));
                } else {
                    assertThat(analysis.invalidReason()).get().asString().contains("stride 2");
                }
            }
        }

        @Test
        void networksOnMedMnistVolumesAreValidToo() {
            ClassificationHead organs = new ClassificationHead(Shape.of(1, 28, 28, 28), 11);
            SplittableRandom random = new SplittableRandom(23);
            for (int draw = 0; draw < 100; draw++) {
                VolumetricGenome genome = SPACE.sample(random);
                NetworkAnalysis analysis = NetworkAnalysis.of(SPACE.decode(genome, organs));
                assertThat(analysis.valid()).as("%s: %s", SPACE.format(genome), analysis.invalidReason()).isTrue();
            }
        }

        @Test
        void everyOpBuildsThreeDimensionalNodes() {
            VolumetricGenome genome = VolumetricGenome.of(block("depthwise_conv_3x3x3", 16, 2),
                    block("attention_skip", 32, 1), block("multi_scale_fusion", 32, 1), block("max_pool_3x3x3", 16, 2));
            // 24 -> 12 after the stem's pool
            NetworkSpec spec = SPACE.decode(genome, new ClassificationHead(Shape.of(1, 24, 24, 24), 6));

            for (Node node : spec.nodes()) {
                if (node.op() instanceof Op.Conv conv) {
                    assertThat(conv.spatialDims()).as(node.id()).isEqualTo(3);
                } else if (node.op() instanceof Op.DepthwiseConv depthwise) {
                    assertThat(depthwise.spatialDims()).isEqualTo(3);
                } else if (node.op() instanceof Op.Pool pool) {
                    assertThat(pool.spatialDims()).isEqualTo(3);
                }
            }
            assertThat(spec.nodes()).extracting(node -> node.op().kind()).contains("conv3d", "depthwise_conv3d",
                    "attention_gate", "multi_scale_fusion", "max_pool3d", "avg_pool3d", "add");
            assertThat(spec.node("layer1_gate").inputs()).containsExactly("layer0_pointwise_relu", "layer1_conv_relu");
            NetworkAnalysis analysis = NetworkAnalysis.of(spec);
            assertThat(analysis.shapes().get("layer0_pointwise_relu")).isEqualTo(Shape.of(16, 6, 6, 6));
            assertThat(analysis.shapes().get("layer1_add")).isEqualTo(Shape.of(32, 6, 6, 6));
            assertThat(analysis.shapes().get("layer2_coarse_relu")).isEqualTo(Shape.of(32, 3, 3, 3));
            assertThat(analysis.shapes().get("layer2_fusion_relu")).isEqualTo(Shape.of(32, 6, 6, 6));
            assertThat(analysis.shapes().get("layer3_projection_bn")).isEqualTo(Shape.of(16, 3, 3, 3));
        }

        @Test
        void kernelOpsTakeOtherOddKernels() {
            VolumetricSpace wide = new VolumetricSpace(new VolumetricSpace.Options(List.of("conv_7x7x7",
                    "depthwise_conv_5x5x5", "max_pool_5x5x5", "avg_pool_1x1x1"), 4, List.of(8), List.of(1), 8, false, 0));
            VolumetricGenome genome = VolumetricGenome.of(block("conv_7x7x7", 8, 1), block("depthwise_conv_5x5x5", 8, 1),
                    block("max_pool_5x5x5", 8, 1), block("avg_pool_1x1x1", 8, 1));

            NetworkSpec spec = wide.decode(genome, PATCHES);

            assertThat(spec.node("layer0_conv").op()).isEqualTo(new Op.Conv(3, 8, 7, 1, 1, 1, false));
            assertThat(spec.node("layer1_depthwise").op()).isEqualTo(new Op.DepthwiseConv(3, 5, 1, 1, false));
            assertThat(spec.node("layer2_pool").op()).isEqualTo(new Op.Pool(Op.PoolKind.MAX, 3, 5, 1));
            assertThat(spec.node("layer3_pool").op()).isEqualTo(new Op.Pool(Op.PoolKind.AVG, 3, 1, 1));
            assertThat(NetworkAnalysis.of(spec).valid()).isTrue();
            assertThat(VolumetricSpace.isOp("conv_9x9x9")).isTrue();
            assertThat(VolumetricSpace.isOp("conv_9x9")).isFalse();
        }

        @Test
        void multiScaleFusionFallsBackToADilatedConvolutionWhereHalvingWouldNotDivide() {
            VolumetricGenome genome = VolumetricGenome.of(block("conv_3x3x3", 8, 1), block("multi_scale_fusion", 16, 2),
                    block("identity", 16, 1), block("identity", 16, 1));
            NetworkSpec spec = SPACE.decode(genome, PATCHES);

            // 12 -> 6 (the stem's pool) -> 6 -> 3: an odd map cannot be halved and upsampled back
            assertThat(spec.node("layer1_coarse_conv").op()).isEqualTo(new Op.Conv(3, 16, 3, 1, 2, 1, false));
            assertThat(spec.nodes()).extracting(Node::id).doesNotContain("layer1_coarse_pool");
            assertThat(NetworkAnalysis.of(spec).valid()).isTrue();
        }

        @Test
        void theStemAndAConvolutionCountTheirParametersAndMultiplyAdds() {
            VolumetricGenome genome = VolumetricGenome.of(block("conv_3x3x3", 16, 2), block("identity", 16, 1),
                    block("identity", 16, 1), block("identity", 16, 1));
            NetworkSpec spec = SPACE.decode(genome, PATCHES);
            NetworkAnalysis analysis = NetworkAnalysis.of(spec);

            assertThat(spec.node("stem_pool").op()).isEqualTo(new Op.Pool(Op.PoolKind.MAX, 3, 2, 2));
            assertThat(analysis.shapes().get("stem_pool")).isEqualTo(Shape.of(16, 6, 6, 6));
            long stem = 27L * 1 * 16 + 2 * 16;
            long conv = 27L * 16 * 16 + 2 * 16;
            long widening = 16L * 64 + 2 * 64;
            long head = 64L * 6 + 6;
            assertThat(analysis.parameters()).isEqualTo(stem + conv + widening + head);
            // the stem at 12^3, the convolution and the final 1x1x1 convolution at 3^3
            assertThat(analysis.macs()).isEqualTo(1728L * 16 * 27 + 27L * 16 * 27 * 16 + 27L * 64 * 16 + 64 * 6);
            assertThat(analysis.shapes().get("final_relu")).isEqualTo(Shape.of(64, 3, 3, 3));
        }

        @Test
        void withoutTheStemPoolLayersWorkAtFullResolution() {
            VolumetricSpace full = new VolumetricSpace(new VolumetricSpace.Options(VolumetricSpace.OPS, 4,
                    List.of(8, 16, 32), List.of(1, 2), 8, false, 0));
            NetworkSpec spec = full.decode(full.at(BigInteger.ZERO), PATCHES);

            assertThat(spec.nodes()).extracting(Node::id).doesNotContain("stem_pool");
            assertThat(NetworkAnalysis.of(spec).shapes().get("layer3_relu")).isEqualTo(Shape.of(8, 12, 12, 12));
        }

        @Test
        void decodingNeedsAVolume() {
            ClassificationHead image = new ClassificationHead(Shape.of(1, 28, 28), 10);
            assertThatThrownBy(() -> SPACE.decode(SPACE.at(BigInteger.ZERO), image))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[C, D, H, W]");
        }
    }
}
