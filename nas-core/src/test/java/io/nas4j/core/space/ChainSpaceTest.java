package io.nas4j.core.space;

import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.genome.ChainGenome.Layer;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Node;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainSpaceTest {

    private static final ChainSpace DEFAULT = new ChainSpace();

    /** 2 ops x 2 connections x 1 channel x 2 strides = 8 choices per layer, depths 2 and 3. */
    private static final ChainSpace SMALL = new ChainSpace(new ChainSpace.Options(
            List.of("conv_3x3", "zero"), List.of("series", "skip"), 2, 3, List.of(8), List.of(1, 2)));

    private static Layer layer(String op, String connection, int channels, int stride) {
        return new Layer(op, connection, channels, stride);
    }

    @Nested
    class Size {

        @Test
        void defaultSizeCountsEveryDepthFromOneToTen() {
            BigInteger expected = BigInteger.ZERO;
            for (int depth = 1; depth <= 10; depth++) {
                expected = expected.add(BigInteger.valueOf(432).pow(depth));
            }
            assertThat(DEFAULT.options().choicesPerLayer()).isEqualTo(432);
            assertThat(DEFAULT.size()).isEqualTo(expected)
                    .isEqualTo(new BigInteger("226904936703065833103035056"));
        }

        @Test
        void customListsGiveTheProductPerLayerSummedOverDepths() {
            assertThat(SMALL.size()).isEqualTo(BigInteger.valueOf(8 * 8 + 8 * 8 * 8));
        }

        @Test
        void nameIsChain() {
            assertThat(DEFAULT.name()).isEqualTo("chain");
            assertThat(DEFAULT.genomeType()).isEqualTo(ChainGenome.class);
        }
    }

    @Nested
    class Numbering {

        @Test
        void everyIndexOfASmallSpaceRoundTripsToADistinctGenome() {
            Set<ChainGenome> seen = new HashSet<>();
            for (int index = 0; index < SMALL.size().intValueExact(); index++) {
                ChainGenome genome = SMALL.at(BigInteger.valueOf(index));
                assertThat(SMALL.indexOf(genome)).isEqualTo(BigInteger.valueOf(index));
                seen.add(genome);
            }
            assertThat(seen).hasSize(SMALL.size().intValueExact());
        }

        @Test
        void randomIndicesOfTheDefaultSpaceRoundTrip() {
            SplittableRandom random = new SplittableRandom(7);
            List<BigInteger> indices = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.valueOf(431),
                    BigInteger.valueOf(432), DEFAULT.size().subtract(BigInteger.ONE)));
            for (int draw = 0; draw < 200; draw++) {
                indices.add(SearchSpace.uniformBelow(DEFAULT.size(), random));
            }
            for (BigInteger index : indices) {
                assertThat(DEFAULT.indexOf(DEFAULT.at(index))).isEqualTo(index);
            }
        }

        @Test
        void shallowGenomesComeFirstInLexicographicOrder() {
            assertThat(DEFAULT.at(BigInteger.ZERO)).isEqualTo(ChainGenome.of(layer("conv_3x3", "series", 16, 1)));
            assertThat(DEFAULT.at(BigInteger.ONE)).isEqualTo(ChainGenome.of(layer("conv_3x3", "series", 16, 2)));
            assertThat(DEFAULT.at(BigInteger.valueOf(431))).isEqualTo(ChainGenome.of(layer("zero", "parallel", 512, 2)));
            assertThat(DEFAULT.at(BigInteger.valueOf(432))).isEqualTo(ChainGenome.of(
                    layer("conv_3x3", "series", 16, 1), layer("conv_3x3", "series", 16, 1)));
            assertThat(DEFAULT.at(DEFAULT.size().subtract(BigInteger.ONE)).depth()).isEqualTo(10);
        }

        @Test
        void indicesOutsideTheSpaceAreRejected() {
            assertThatThrownBy(() -> DEFAULT.at(DEFAULT.size())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> DEFAULT.at(BigInteger.valueOf(-1))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void genomesOutsideTheSpaceHaveNoIndex() {
            assertThatThrownBy(() -> DEFAULT.indexOf(ChainGenome.of(layer("conv_3x3", "series", 24, 1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("channels")
                    .hasMessageContaining("24");
        }
    }

    @Nested
    class Sampling {

        @Test
        void theSameSeedGivesTheSameGenomes() {
            SplittableRandom first = new SplittableRandom(42);
            SplittableRandom second = new SplittableRandom(42);
            for (int draw = 0; draw < 20; draw++) {
                assertThat(DEFAULT.sample(first)).isEqualTo(DEFAULT.sample(second));
                assertThat(DEFAULT.sampleByDepth(first)).isEqualTo(DEFAULT.sampleByDepth(second));
            }
        }

        @Test
        void aUniformIndexIsDominatedByTheDeepestChains() {
            SplittableRandom random = new SplittableRandom(1);
            long deepest = 0;
            for (int draw = 0; draw < 200; draw++) {
                if (DEFAULT.at(SearchSpace.uniformBelow(DEFAULT.size(), random)).depth() == 10) {
                    deepest++;
                }
            }
            assertThat(deepest).isGreaterThanOrEqualTo(195);
        }

        @Test
        void samplingDrawsTheDepthFirstSoEveryDepthAppears() {
            SplittableRandom random = new SplittableRandom(3);
            Set<Integer> depths = new HashSet<>();
            for (int draw = 0; draw < 500; draw++) {
                ChainGenome genome = DEFAULT.sampleByDepth(random);
                DEFAULT.indexOf(genome);
                depths.add(genome.depth());
            }
            assertThat(depths).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        }
    }

    @Nested
    class Neighbours {

        private final ChainGenome distinct = ChainGenome.of(
                layer("conv_3x3", "series", 16, 1), layer("max_pool_3x3", "skip", 32, 2),
                layer("zero", "dense", 64, 1));

        @Test
        void countIsEveryGeneChangePlusEveryInsertionAndRemoval() {
            int geneChanges = (9 - 1) + (4 - 1) + (6 - 1) + (2 - 1);
            assertThat(DEFAULT.neighbours(distinct)).hasSize(3 * geneChanges + 3 + 3);
        }

        @Test
        void equalAdjacentLayersCountTheirInsertionAndRemovalOnce() {
            Layer repeated = layer("conv_3x3", "series", 16, 1);
            ChainGenome genome = ChainGenome.of(repeated, repeated, layer("identity", "skip", 32, 1));
            int geneChanges = (9 - 1) + (4 - 1) + (6 - 1) + (2 - 1);
            assertThat(DEFAULT.neighbours(genome)).hasSize(3 * geneChanges + 2 + 2).doesNotHaveDuplicates();
        }

        @Test
        void noInsertionAtTheMaximumDepthAndNoRemovalAtTheMinimum() {
            ChainGenome one = ChainGenome.of(layer("conv_3x3", "series", 16, 1));
            assertThat(DEFAULT.neighbours(one)).hasSize(17 + 1).allMatch(neighbour -> neighbour.depth() <= 2);
            ChainGenome deepest = DEFAULT.at(DEFAULT.size().subtract(BigInteger.ONE));
            assertThat(DEFAULT.neighbours(deepest)).allMatch(neighbour -> neighbour.depth() <= 10)
                    .anyMatch(neighbour -> neighbour.depth() == 9);
        }

        @Test
        void everyNeighbourIsOneEditAwayAndInTheSpace() {
            SplittableRandom random = new SplittableRandom(11);
            for (int draw = 0; draw < 20; draw++) {
                ChainGenome genome = DEFAULT.sampleByDepth(random);
                List<ChainGenome> neighbours = DEFAULT.neighbours(genome);
                assertThat(neighbours).doesNotHaveDuplicates().doesNotContain(genome);
                assertThat(DEFAULT.neighbours(genome)).isEqualTo(neighbours);
                for (ChainGenome neighbour : neighbours) {
                    DEFAULT.indexOf(neighbour);
                    assertThat(oneEditApart(genome, neighbour)).as("%s -> %s", genome, neighbour).isTrue();
                }
            }
        }

        @Test
        void mutationPicksANeighbour() {
            SplittableRandom random = new SplittableRandom(5);
            ChainGenome mutated = DEFAULT.mutate(distinct, random);
            assertThat(DEFAULT.neighbours(distinct)).contains(mutated);
        }

        private static boolean oneEditApart(ChainGenome genome, ChainGenome neighbour) {
            List<Layer> a = genome.layers();
            List<Layer> b = neighbour.layers();
            if (a.size() == b.size()) {
                int differingLayers = 0;
                int differingGenes = 0;
                for (int position = 0; position < a.size(); position++) {
                    Layer x = a.get(position);
                    Layer y = b.get(position);
                    int genes = (x.op().equals(y.op()) ? 0 : 1) + (x.connection().equals(y.connection()) ? 0 : 1)
                            + (x.channels() == y.channels() ? 0 : 1) + (x.stride() == y.stride() ? 0 : 1);
                    differingGenes += genes;
                    differingLayers += genes > 0 ? 1 : 0;
                }
                return differingLayers == 1 && differingGenes == 1;
            }
            List<Layer> longer = a.size() > b.size() ? a : b;
            List<Layer> shorter = a.size() > b.size() ? b : a;
            if (longer.size() != shorter.size() + 1) {
                return false;
            }
            for (int position = 0; position < longer.size(); position++) {
                List<Layer> removed = new ArrayList<>(longer);
                removed.remove(position);
                if (removed.equals(shorter)) {
                    return true;
                }
            }
            return false;
        }
    }

    @Nested
    class Crossover {

        private final ChainSpace bounded = new ChainSpace(new ChainSpace.Options(ChainSpace.DEFAULT_OPS,
                ChainSpace.CONNECTIONS, 3, 5, List.of(16, 32), List.of(1, 2)));

        @Test
        void childrenStayWithinTheDepthBounds() {
            SplittableRandom random = new SplittableRandom(13);
            for (int draw = 0; draw < 300; draw++) {
                ChainGenome child = bounded.crossover(bounded.sampleByDepth(random), bounded.sampleByDepth(random),
                        random);
                assertThat(child.depth()).isBetween(3, 5);
                bounded.indexOf(child);
            }
        }

        @Test
        void aChildIsAPrefixOfOneParentFollowedByASuffixOfTheOther() {
            SplittableRandom random = new SplittableRandom(17);
            for (int draw = 0; draw < 100; draw++) {
                ChainGenome first = bounded.sampleByDepth(random);
                ChainGenome second = bounded.sampleByDepth(random);
                ChainGenome child = bounded.crossover(first, second, random);
                assertThat(splices(first, second, child) || splices(second, first, child)).isTrue();
            }
        }

        private static boolean splices(ChainGenome head, ChainGenome tail, ChainGenome child) {
            List<Layer> layers = child.layers();
            for (int prefix = 0; prefix <= Math.min(head.depth(), layers.size()); prefix++) {
                int suffix = layers.size() - prefix;
                if (suffix <= tail.depth()
                        && layers.subList(0, prefix).equals(head.layers().subList(0, prefix))
                        && layers.subList(prefix, layers.size())
                        .equals(tail.layers().subList(tail.depth() - suffix, tail.depth()))) {
                    return true;
                }
            }
            return false;
        }
    }

    @Nested
    class TextForm {

        @Test
        void formatIsOneReadableLine() {
            ChainGenome genome = ChainGenome.of(layer("conv_3x3", "skip", 32, 1),
                    layer("max_pool_3x3", "series", 32, 2));
            assertThat(DEFAULT.format(genome)).isEqualTo("conv_3x3/skip/32/1 | max_pool_3x3/series/32/2");
        }

        @Test
        void parseReadsFormatBack() {
            SplittableRandom random = new SplittableRandom(19);
            for (int draw = 0; draw < 100; draw++) {
                ChainGenome genome = DEFAULT.sampleByDepth(random);
                assertThat(DEFAULT.parse(DEFAULT.format(genome))).isEqualTo(genome);
            }
            assertThat(DEFAULT.parse("  conv_3x3 / skip / 32 / 1|zero/series/16/2 "))
                    .isEqualTo(ChainGenome.of(layer("conv_3x3", "skip", 32, 1), layer("zero", "series", 16, 2)));
        }

        @Test
        void parseExplainsWhatIsWrong() {
            assertThatThrownBy(() -> DEFAULT.parse(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> DEFAULT.parse("conv_3x3/skip/32")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("layer 0").hasMessageContaining("op/connection/channels/stride");
            assertThatThrownBy(() -> DEFAULT.parse("conv_3x3/skip/32/1 |")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("layer 1");
            assertThatThrownBy(() -> DEFAULT.parse("conv_3x3/skip/wide/1")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("channels").hasMessageContaining("wide");
            assertThatThrownBy(() -> DEFAULT.parse("conv_9x9/skip/32/1")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("op").hasMessageContaining("conv_9x9").hasMessageContaining("conv_7x7");
            assertThatThrownBy(() -> DEFAULT.parse("conv_3x3/loop/32/1")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("connection").hasMessageContaining("parallel");
            assertThatThrownBy(() -> DEFAULT.parse("conv_3x3/skip/0/1")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("layer 0");
            String tooDeep = String.join(" | ", Collections.nCopies(11, "conv_3x3/skip/32/1"));
            assertThatThrownBy(() -> DEFAULT.parse(tooDeep)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("depth").hasMessageContaining("11");
        }
    }

    @Nested
    class CategoricalView {

        @Test
        void decisionsAreTheDepthThenFourPerSlot() {
            List<Decision> decisions = DEFAULT.decisions();
            assertThat(decisions).hasSize(1 + 4 * 10);
            assertThat(decisions.get(0).name()).isEqualTo("depth");
            assertThat(decisions.get(0).options()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
            assertThat(decisions.subList(1, 5)).extracting(Decision::name)
                    .containsExactly("layer0.op", "layer0.connection", "layer0.channels", "layer0.stride");
            assertThat(decisions.get(40).name()).isEqualTo("layer9.stride");
        }

        @Test
        void choicesRoundTripAndInactiveSlotsAreZero() {
            SplittableRandom random = new SplittableRandom(23);
            for (int draw = 0; draw < 100; draw++) {
                ChainGenome genome = DEFAULT.sampleByDepth(random);
                int[] choices = DEFAULT.choices(genome);
                assertThat(choices[0]).isEqualTo(genome.depth() - 1);
                assertThat(Arrays.stream(choices, 1 + 4 * genome.depth(), choices.length).boxed().toList())
                        .allMatch(choice -> choice == 0);
                assertThat(DEFAULT.fromChoices(choices)).isEqualTo(genome);
            }
        }

        @Test
        void fromChoicesIgnoresSlotsPastTheDepth() {
            int[] choices = new int[41];
            Arrays.fill(choices, 1);
            choices[0] = 1;
            ChainGenome genome = DEFAULT.fromChoices(choices);
            assertThat(genome).isEqualTo(ChainGenome.of(layer("conv_5x5", "skip", 32, 2),
                    layer("conv_5x5", "skip", 32, 2)));
        }

        @Test
        void fromChoicesRejectsAWrongLengthOrAnOutOfRangeChoice() {
            assertThatThrownBy(() -> DEFAULT.fromChoices(new int[3])).isInstanceOf(IllegalArgumentException.class);
            int[] choices = new int[41];
            choices[1] = 9;
            assertThatThrownBy(() -> DEFAULT.fromChoices(choices)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("layer0.op");
        }

        @Test
        void encodingIsOneHotOfActiveDecisionsWithTheSumOfAritiesAsLength() {
            assertThat(DEFAULT.encodingLength()).isEqualTo(10 + 10 * (9 + 4 + 6 + 2));
            SplittableRandom random = new SplittableRandom(29);
            for (int draw = 0; draw < 50; draw++) {
                ChainGenome genome = DEFAULT.sampleByDepth(random);
                double[] encoding = DEFAULT.encode(genome);
                assertThat(encoding).hasSize(DEFAULT.encodingLength());
                assertThat(Arrays.stream(encoding).sum()).isEqualTo(1 + 4.0 * genome.depth());
                assertThat(Arrays.stream(encoding).allMatch(value -> value == 0 || value == 1)).isTrue();
                int activeLength = 10 + genome.depth() * 21;
                assertThat(Arrays.stream(encoding, activeLength, encoding.length).boxed().toList())
                        .allMatch(value -> value == 0);
            }
        }
    }

    @Nested
    class Key {

        @Test
        void channelsOfZeroLayersDoNotMatter() {
            ChainGenome narrow = ChainGenome.of(layer("conv_3x3", "skip", 32, 1), layer("zero", "parallel", 16, 2));
            ChainGenome wide = ChainGenome.of(layer("conv_3x3", "skip", 32, 1), layer("zero", "parallel", 512, 2));
            assertThat(DEFAULT.key(narrow)).isEqualTo(DEFAULT.key(wide))
                    .isEqualTo("conv_3x3/skip/32/1 | zero/parallel/*/2");
            assertThat(DEFAULT.format(narrow)).isNotEqualTo(DEFAULT.format(wide));
        }

        @Test
        void everyOtherGeneMatters() {
            ChainGenome pool = ChainGenome.of(layer("max_pool_3x3", "series", 16, 1));
            ChainGenome projectedPool = ChainGenome.of(layer("max_pool_3x3", "series", 32, 1));
            ChainGenome identity = ChainGenome.of(layer("identity", "series", 16, 1));
            ChainGenome projectedIdentity = ChainGenome.of(layer("identity", "series", 32, 1));
            assertThat(DEFAULT.key(pool)).isNotEqualTo(DEFAULT.key(projectedPool));
            assertThat(DEFAULT.key(identity)).isNotEqualTo(DEFAULT.key(projectedIdentity));
        }

        @Test
        void genomesWithTheSameKeyDecodeToTheSameNetwork() {
            ClassificationHead head = new ClassificationHead(Shape.of(3, 16, 16), 10);
            ChainGenome narrow = ChainGenome.of(layer("zero", "parallel", 16, 2), layer("conv_3x3", "dense", 32, 1));
            ChainGenome wide = ChainGenome.of(layer("zero", "parallel", 512, 2), layer("conv_3x3", "dense", 32, 1));
            assertThat(DEFAULT.decode(narrow, head)).isEqualTo(DEFAULT.decode(wide, head));
        }
    }

    @Nested
    class OptionsValidation {

        @Test
        void defaultsAreTheDesignedSpace() {
            ChainSpace.Options options = ChainSpace.Options.defaults();
            assertThat(options.ops()).isEqualTo(ChainSpace.DEFAULT_OPS).hasSize(9);
            assertThat(options.connections()).containsExactly("series", "skip", "dense", "parallel");
            assertThat(options.channels()).containsExactly(16, 32, 64, 128, 256, 512);
            assertThat(options.strides()).containsExactly(1, 2);
            assertThat(options.minLayers()).isEqualTo(1);
            assertThat(options.maxLayers()).isEqualTo(10);
        }

        @Test
        void smallImagesGetANarrowerShallowerSpace() {
            ChainSpace digits = ChainSpace.forInput(Shape.of(1, 8, 8));
            assertThat(digits.options()).isEqualTo(ChainSpace.Options.forSmallImages());
            assertThat(digits.options().channels()).containsExactly(16, 32, 64);
            assertThat(digits.options().maxLayers()).isEqualTo(6);
            assertThat(ChainSpace.forInput(Shape.of(3, 32, 32)).options()).isEqualTo(ChainSpace.Options.forMediumImages());
            assertThat(ChainSpace.forInput(Shape.of(3, 64, 64)).options()).isEqualTo(ChainSpace.Options.defaults());
        }

        @Test
        void invalidOptionsNameTheFieldAndTheAllowedValues() {
            List<String> ops = ChainSpace.DEFAULT_OPS;
            List<String> connections = ChainSpace.CONNECTIONS;
            List<Integer> channels = List.of(16);
            List<Integer> strides = List.of(1);
            assertThatThrownBy(() -> new ChainSpace.Options(List.of(), connections, 1, 2, channels, strides))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ops");
            assertThatThrownBy(() -> new ChainSpace.Options(List.of("conv_4x4"), connections, 1, 2, channels, strides))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ops")
                    .hasMessageContaining("conv_4x4").hasMessageContaining("identity");
            assertThatThrownBy(() -> new ChainSpace.Options(ops, List.of("loop"), 1, 2, channels, strides))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connections")
                    .hasMessageContaining("series, skip, dense, parallel");
            assertThatThrownBy(() -> new ChainSpace.Options(ops, connections, 0, 2, channels, strides))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minLayers");
            assertThatThrownBy(() -> new ChainSpace.Options(ops, connections, 3, 2, channels, strides))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLayers");
            assertThatThrownBy(() -> new ChainSpace.Options(ops, connections, 1, 2, List.of(16, 16), strides))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channels");
            assertThatThrownBy(() -> new ChainSpace.Options(ops, connections, 1, 2, channels, List.of(0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strides");
        }

        @Test
        void invertedResidualsNameAnExpansionFromOneToNineAndAnOddKernel() {
            assertThat(ChainSpace.isOp("mbconv6_3x3")).isTrue();
            assertThat(ChainSpace.isOp("mbconv1_5x5")).isTrue();
            assertThat(ChainSpace.isOp("mbconv0_3x3")).isFalse();
            assertThat(ChainSpace.isOp("mbconv10_3x3")).isFalse();
            assertThat(ChainSpace.isOp("mbconv6_4x4")).isFalse();
            assertThatThrownBy(() -> new ChainSpace.Options(List.of("mbconv6_2x2"), ChainSpace.CONNECTIONS, 1, 2,
                    List.of(16), List.of(1))).hasMessageContaining("ops: unknown op 'mbconv6_2x2'")
                    .hasMessageContaining("mbconvE_KxK");
        }

        @Test
        void otherOddKernelsAreAccepted() {
            ChainSpace.Options options = new ChainSpace.Options(List.of("conv_1x1", "depthwise_conv_7x7",
                    "avg_pool_5x5"), ChainSpace.CONNECTIONS, 1, 2, List.of(16), List.of(1));
            assertThat(options.ops()).hasSize(3);
        }
    }

    @Nested
    class Decode {

        private final ClassificationHead head = new ClassificationHead(Shape.of(1, 8, 8), 10);

        private NetworkSpec decode(String text) {
            return DEFAULT.decode(DEFAULT.parse(text), head);
        }

        private static List<String> kinds(NetworkSpec spec) {
            return spec.nodes().stream().map(node -> node.op().kind()).toList();
        }

        @Test
        void aSeriesConvolutionReadsTheInputAndFeedsTheHead() {
            NetworkSpec spec = decode("conv_5x5/series/32/2");
            assertThat(spec.nodes()).extracting(Node::id)
                    .containsExactly("layer0_conv", "layer0_bn", "layer0_relu", "head_pool", "head_logits");
            assertThat(spec.node("layer0_conv").op()).isEqualTo(Op.Conv.of2d(32, 5, 2));
            assertThat(spec.node("layer0_conv").inputs()).containsExactly(NetworkSpec.INPUT);
            assertThat(spec.node("head_pool").inputs()).containsExactly("layer0_relu");
            assertThat(spec.output()).isEqualTo("head_logits");
            assertThat(spec.loss()).isEqualTo(head.loss());
        }

        @Test
        void aDepthwiseConvolutionIsSeparable() {
            NetworkSpec spec = decode("depthwise_conv_5x5/series/32/2");
            assertThat(kinds(spec)).containsExactly("depthwise_conv2d", "batch_norm", "relu", "conv2d", "batch_norm",
                    "relu", "global_avg_pool", "linear");
            assertThat(spec.node("layer0_depthwise").op()).isEqualTo(new Op.DepthwiseConv(2, 5, 2, 1, false));
            assertThat(spec.node("layer0_pointwise").op()).isEqualTo(Op.Conv.of2d(32, 1, 1));
        }

        @Test
        void aSkipAcrossAChannelChangeProjectsTheShortcut() {
            NetworkSpec spec = decode("conv_3x3/skip/32/1");
            assertThat(spec.node("layer0_shortcut").op()).isEqualTo(Op.Conv.of2d(32, 1, 1));
            assertThat(spec.node("layer0_shortcut").inputs()).containsExactly(NetworkSpec.INPUT);
            assertThat(spec.node("layer0_shortcut_bn").op()).isEqualTo(new Op.BatchNorm());
            assertThat(spec.node("layer0_add").op()).isEqualTo(new Op.Add());
            assertThat(spec.node("layer0_add").inputs()).containsExactly("layer0_relu", "layer0_shortcut_bn");
        }

        @Test
        void aSkipThatKeepsTheShapeAddsTheLayerInputItself() {
            NetworkSpec spec = decode("conv_3x3/series/16/1 | conv_3x3/skip/16/1");
            assertThat(spec.node("layer1_add").inputs()).containsExactly("layer1_relu", "layer0_relu");
            assertThat(spec.nodesById()).doesNotContainKey("layer1_shortcut");
        }

        @Test
        void aStridedSkipProjectsWithTheStride() {
            NetworkSpec spec = decode("conv_3x3/series/16/1 | conv_3x3/skip/16/2");
            assertThat(spec.node("layer1_shortcut").op()).isEqualTo(Op.Conv.of2d(16, 1, 2));
        }

        @Test
        void denseConcatenatesTheOpOutputWithTheLayerInput() {
            NetworkSpec spec = decode("conv_3x3/dense/16/1");
            assertThat(spec.node("layer0_concat").op()).isEqualTo(new Op.Concat());
            assertThat(spec.node("layer0_concat").inputs()).containsExactly("layer0_relu", NetworkSpec.INPUT);
        }

        @Test
        void aStridedDenseLayerPoolsItsInputToTheSameExtent() {
            NetworkSpec spec = decode("conv_3x3/dense/16/2");
            assertThat(spec.node("layer0_align").op()).isEqualTo(new Op.Pool(Op.PoolKind.AVG, 2, 3, 2));
            assertThat(spec.node("layer0_concat").inputs()).containsExactly("layer0_relu", "layer0_align");
        }

        @Test
        void anInvertedResidualExpandsFiltersDepthwiseProjectsAndAddsItsInputWhenTheShapeIsKept() {
            ChainSpace mobile = new ChainSpace(new ChainSpace.Options(List.of("mbconv6_3x3", "mbconv3_5x5"),
                    List.of("series"), 1, 3, List.of(16), List.of(1, 2)));

            NetworkSpec spec = mobile.decode(mobile.parse("mbconv6_3x3/series/16/2 | mbconv3_5x5/series/16/1"), head);

            assertThat(spec.node("layer0_expand").op()).isEqualTo(Op.Conv.of2d(6, 1, 1));
            assertThat(spec.node("layer0_depthwise").op()).isEqualTo(new Op.DepthwiseConv(2, 3, 2, 1, false));
            assertThat(spec.node("layer0_project").op()).isEqualTo(Op.Conv.of2d(16, 1, 1));
            assertThat(spec.nodesById()).doesNotContainKey("layer0_residual");
            assertThat(spec.node("layer1_expand").op()).isEqualTo(Op.Conv.of2d(48, 1, 1));
            assertThat(spec.node("layer1_depthwise").op()).isEqualTo(new Op.DepthwiseConv(2, 5, 1, 1, false));
            assertThat(spec.node("layer1_residual").inputs()).containsExactly("layer1_project_bn", "layer0_project_bn");
            assertThat(spec.node("head_pool").inputs()).containsExactly("layer1_residual");
        }

        @Test
        void denseGrowthIsCountedInTheNextLayersChannels() {
            // 16 op channels + 1 input channel = 17, so a 17-channel identity would be the input itself;
            // 32 channels need a projection for the op and for the shortcut.
            NetworkSpec spec = decode("conv_3x3/dense/16/1 | identity/skip/32/1");
            assertThat(spec.node("layer1_projection").op()).isEqualTo(Op.Conv.of2d(32, 1, 1));
            assertThat(spec.node("layer1_projection").inputs()).containsExactly("layer0_concat");
            assertThat(spec.node("layer1_shortcut").op()).isEqualTo(Op.Conv.of2d(32, 1, 1));
        }

        @Test
        void parallelAddsAThreeByThreeBranchWithTheSameChannelsAndStride() {
            NetworkSpec spec = decode("max_pool_3x3/parallel/64/2");
            assertThat(spec.node("layer0_branch_conv").op()).isEqualTo(Op.Conv.of2d(64, 3, 2));
            assertThat(spec.node("layer0_branch_conv").inputs()).containsExactly(NetworkSpec.INPUT);
            assertThat(spec.node("layer0_add").inputs()).containsExactly("layer0_projection_bn", "layer0_branch_relu");
        }

        @Test
        void aPoolProjectsOnlyWhenTheChannelsChange() {
            NetworkSpec projected = decode("avg_pool_3x3/series/32/2");
            assertThat(projected.node("layer0_pool").op()).isEqualTo(new Op.Pool(Op.PoolKind.AVG, 2, 3, 2));
            assertThat(projected.node("layer0_projection").op()).isEqualTo(Op.Conv.of2d(32, 1, 1));
            NetworkSpec kept = decode("conv_3x3/series/16/1 | max_pool_3x3/series/16/2");
            assertThat(kept.nodesById()).doesNotContainKey("layer1_projection");
            assertThat(kept.node("head_pool").inputs()).containsExactly("layer1_pool");
        }

        @Test
        void identityIsTheInputUnlessItMustReshape() {
            NetworkSpec kept = decode("identity/series/16/1 | identity/series/16/1");
            assertThat(kept.node("layer1_identity").op()).isEqualTo(new Op.Identity());
            assertThat(kept.node("layer1_identity").inputs()).containsExactly("layer0_projection_bn");
            NetworkSpec strided = decode("conv_3x3/series/16/1 | identity/series/16/2");
            assertThat(strided.node("layer1_projection").op()).isEqualTo(Op.Conv.of2d(16, 1, 2));
        }

        @Test
        void zeroKeepsTheInputChannelsEvenInAParallelLayer() {
            NetworkSpec spec = decode("zero/parallel/64/2");
            assertThat(spec.node("layer0_zero").op()).isEqualTo(new Op.Zero(2));
            assertThat(spec.node("layer0_branch_conv").op()).isEqualTo(Op.Conv.of2d(1, 3, 2));
        }

        @Test
        void everySampledGenomeDecodes() {
            SplittableRandom random = new SplittableRandom(31);
            for (int draw = 0; draw < 200; draw++) {
                ChainGenome genome = DEFAULT.sampleByDepth(random);
                NetworkSpec spec = DEFAULT.decode(genome, head);
                assertThat(spec.output()).isEqualTo("head_logits");
                assertThat(spec.nodes()).anyMatch(node -> node.id().startsWith("layer" + (genome.depth() - 1) + "_"));
            }
        }

        @Test
        void nonImageInputsAreRejected() {
            ClassificationHead vectors = new ClassificationHead(Shape.of(64), 10);
            assertThatThrownBy(() -> DEFAULT.decode(DEFAULT.parse("conv_3x3/series/16/1"), vectors))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[C, H, W]");
        }
    }
}
