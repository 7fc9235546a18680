package io.nas4j.runner.space;

import io.nas4j.core.UserInputException;
import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.genome.ChainGenome;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.genome.VolumetricGenome;
import io.nas4j.core.network.Shape;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.space.ChainSpace;
import io.nas4j.core.space.SearchSpace;
import io.nas4j.core.space.VolumetricSpace;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpaceFileTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("nas4j.repository")).resolve("examples");

    private static final String TINY_CHAIN = """
            space: chain
            layers:
              ops: [conv_3x3, mbconv3_3x3, zero]
              connections: [series, dense]
              depth: {min: 1, max: 2}
              channels: [8, 16]
              strides: [1, 2]
            """;

    private static SpaceFile file(String text) {
        return new SpaceFile("my.yaml", text);
    }

    @Nested
    class Examples {

        @Test
        void theLayerWiseExampleIsTheSeedsFullSpace() {
            SpaceFile seed = SpaceFile.read(EXAMPLES.resolve("space-layer-wise.yaml"));

            assertThat(seed.kind()).isEqualTo("chain");
            ChainSpace space = (ChainSpace) seed.space();
            assertThat(space.options()).isEqualTo(ChainSpace.Options.defaults());
            assertThat(space.options().ops()).hasSize(9);
            assertThat(space.options().connections()).hasSize(4);
            BigInteger perLayer = BigInteger.valueOf(9 * 4 * 6 * 2);
            BigInteger expected = BigInteger.ZERO;
            for (int depth = 1; depth <= 10; depth++) {
                expected = expected.add(perLayer.pow(depth));
            }
            assertThat(space.size()).isEqualTo(expected).isEqualTo(new BigInteger("226904936703065833103035056"));
        }

        @Test
        void theMobileExampleHoldsOnlySeparableConvolutionsAndInvertedResiduals() {
            ChainSpace space = (ChainSpace) SpaceFile.read(EXAMPLES.resolve("space-mobile.yaml")).space();

            assertThat(space.options().ops()).allMatch(op -> op.startsWith("depthwise_conv_") || op.startsWith("mbconv"));
            assertThat(space.options().channels()).containsExactly(16, 24, 32, 48);
        }

        @Test
        void theCellAndVolumetricExamplesDefineTheirSpaces() {
            SpaceFile cell = SpaceFile.read(EXAMPLES.resolve("space-cell.yaml"));
            SpaceFile volumetric = SpaceFile.read(EXAMPLES.resolve("space-volumetric.yaml"));

            assertThat(cell.kind()).isEqualTo("cell");
            assertThat(cell.space().size()).isEqualTo(BigInteger.valueOf(117_649));
            assertThat(((CellSpace) cell.space()).cellsPerStage()).isEqualTo(1);
            assertThat(volumetric.kind()).isEqualTo("volumetric");
            VolumetricSpace.Options options = ((VolumetricSpace) volumetric.space()).options();
            assertThat(options).isEqualTo(new VolumetricSpace.Options(List.of("conv_3x3x3", "conv_5x5x5", "conv_7x7x7",
                    "depthwise_conv_3x3x3", "max_pool_3x3x3", "avg_pool_3x3x3", "identity", "attention_skip",
                    "multi_scale_fusion"), 4, List.of(8, 16, 32), List.of(1, 2), 16, true, 64));
            assertThat(volumetric.space().size()).isEqualTo(BigInteger.valueOf(8_503_056));
        }
    }

    @Nested
    class ExactSize {

        @Test
        void aTinyChainHoldsExactlyTheGenomesABruteForceEnumerationFinds() {
            SearchSpace<?> space = file(TINY_CHAIN).space();
            Set<String> enumerated = new HashSet<>();
            List<ChainGenome.Layer> layers = new ArrayList<>();
            for (String op : List.of("conv_3x3", "mbconv3_3x3", "zero")) {
                for (String connection : List.of("series", "dense")) {
                    for (int channels : List.of(8, 16)) {
                        for (int stride : List.of(1, 2)) {
                            layers.add(new ChainGenome.Layer(op, connection, channels, stride));
                        }
                    }
                }
            }
            for (ChainGenome.Layer first : layers) {
                enumerated.add(format(space, ChainGenome.of(first)));
                for (ChainGenome.Layer second : layers) {
                    enumerated.add(format(space, ChainGenome.of(first, second)));
                }
            }

            assertThat(enumerated).hasSize(24 + 24 * 24);
            assertThat(space.size()).isEqualTo(BigInteger.valueOf(enumerated.size()));
            assertThat(everyNumbered(space)).isEqualTo(enumerated);
        }

        @Test
        void aTinyCellSpaceHoldsEveryAssignmentOfItsOpsToTheSixEdges() {
            SearchSpace<?> space = file("""
                    space: cell
                    edges: {ops: [skip_connect, max_pool_3x3, nor_conv_5x5]}
                    skeleton: {stemChannels: 4, cellsPerStage: 1}
                    """).space();
            Set<String> enumerated = new HashSet<>();
            List<String> ops = List.of("skip_connect", "max_pool_3x3", "nor_conv_5x5");
            for (int code = 0; code < 729; code++) {
                List<String> edges = new ArrayList<>();
                for (int edge = 0, rest = code; edge < CellGenome.EDGES; edge++, rest /= 3) {
                    edges.add(ops.get(rest % 3));
                }
                enumerated.add(format(space, new CellGenome(edges)));
            }

            assertThat(space.size()).isEqualTo(BigInteger.valueOf(enumerated.size())).isEqualTo(BigInteger.valueOf(729));
            assertThat(everyNumbered(space)).isEqualTo(enumerated);
        }

        @Test
        void aTinyVolumetricSpaceHoldsEveryChoiceOfEveryLayer() {
            SearchSpace<?> space = file("""
                    space: volumetric
                    stem: {channels: 4, pool: false}
                    layers: {count: 2, ops: [conv_3x3x3, attention_skip, avg_pool_5x5x5], channels: [4, 8], strides: [1]}
                    final: {channels: 0}
                    """).space();
            Set<String> enumerated = new HashSet<>();
            for (String first : List.of("conv_3x3x3", "attention_skip", "avg_pool_5x5x5")) {
                for (String second : List.of("conv_3x3x3", "attention_skip", "avg_pool_5x5x5")) {
                    for (int firstChannels : List.of(4, 8)) {
                        for (int secondChannels : List.of(4, 8)) {
                            enumerated.add(format(space, VolumetricGenome.of(new VolumetricGenome.Block(first, firstChannels, 1),
                                    new VolumetricGenome.Block(second, secondChannels, 1))));
                        }
                    }
                }
            }

            assertThat(space.size()).isEqualTo(BigInteger.valueOf(enumerated.size())).isEqualTo(BigInteger.valueOf(36));
            assertThat(everyNumbered(space)).isEqualTo(enumerated);
        }

        private static <G extends Genome> String format(SearchSpace<G> space, Genome genome) {
            // a genome the space does not hold is refused here, so the enumeration only counts members
            String text = space.formatAny(genome);
            space.indexOf(space.parse(text));
            return text;
        }

        private static <G extends Genome> Set<String> everyNumbered(SearchSpace<G> space) {
            Set<String> numbered = new HashSet<>();
            for (long index = 0; index < space.size().longValueExact(); index++) {
                numbered.add(space.format(space.at(BigInteger.valueOf(index))));
            }
            return numbered;
        }
    }

    @Nested
    class BadFiles {

        /** Each row: the file's text ({@code ;} for a line break) and the exact sentence it gets. */
        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 1, max: 2}, channels: [0, 16], strides: [1]} | space file my.yaml: layers.channels must be a list of positive integers, got [0, 16]
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 1, max: 2}, channels: 16, strides: [1]} | space file my.yaml: layers.channels must be a list of positive integers, got 16
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 1, max: 2}, channels: [16.5], strides: [1]} | space file my.yaml: layers.channels must be a list of positive integers, got [16.5]
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 1, max: 2}, channels: [16], strides: ["1"]} | space file my.yaml: layers.strides must be a list of positive integers, got ["1"]
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 1, max: 2}, channels: [16, 16], strides: [1]} | space file my.yaml: layers.channels must not repeat a value, got [16, 16]
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 1, max: 2}, channels: [16, 8192], strides: [1]} | space file my.yaml: layers.channels must hold values up to 4096, got [16, 8192]
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 1, max: 2}, channels: [16], strides: [1, 16]} | space file my.yaml: layers.strides must hold values up to 8, got [1, 16]
                space: chain;layers: {ops: [], connections: [series], depth: {min: 1, max: 2}, channels: [16], strides: [1]} | space file my.yaml: layers.ops must be a list of ops (conv_KxK, depthwise_conv_KxK, mbconvE_KxK, max_pool_KxK, avg_pool_KxK (K odd, E from 1 to 9), identity, zero), got []
                space: chain;layers: {ops: [conv_4x4], connections: [series], depth: {min: 1, max: 2}, channels: [16], strides: [1]} | space file my.yaml: layers.ops has an unknown op conv_4x4; allowed: conv_KxK, depthwise_conv_KxK, mbconvE_KxK, max_pool_KxK, avg_pool_KxK (K odd, E from 1 to 9), identity, zero
                space: chain;layers: {ops: [conv_3x3], connections: [loop], depth: {min: 1, max: 2}, channels: [16], strides: [1]} | space file my.yaml: layers.connections has an unknown connection pattern loop; allowed: series, skip, dense, parallel
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 0, max: 2}, channels: [16], strides: [1]} | space file my.yaml: layers.depth.min must be a whole number from 1 to 100, got 0
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 3, max: 2}, channels: [16], strides: [1]} | space file my.yaml: layers.depth.max must be a whole number from 3 to 100, got 2
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: 4, channels: [16], strides: [1]} | space file my.yaml: layers.depth must be a mapping of fields (min, max), got 4
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 1, max: 2}, channels: [16]} | space file my.yaml: layers.strides is missing; it must be a list of positive integers
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 1, max: 2}, channels: [16], strides: [1], kernels: [3]} | space file my.yaml: unknown field layers.kernels; allowed in layers: ops, connections, depth, channels, strides
                space: chain;widths: [16] | space file my.yaml: unknown field widths; allowed: space, layers, input
                space: ring | space file my.yaml: space must be one of chain, cell, volumetric, got ring
                layers: {} | space file my.yaml: space is missing; it must be one of chain, cell, volumetric
                - chain;- cell | space file my.yaml: the file must be a mapping of fields that begins with space: chain, cell, volumetric, got [chain, cell]
                space: cell;edges: {ops: [none, sep_conv_3x3]};skeleton: {stemChannels: 16, cellsPerStage: 1} | space file my.yaml: edges.ops has an unknown edge op sep_conv_3x3; allowed: none, skip_connect, nor_conv_KxK, avg_pool_KxK, max_pool_KxK (K odd)
                space: cell;edges: {ops: [none]};skeleton: {stemChannels: 16, cellsPerStage: 33} | space file my.yaml: skeleton.cellsPerStage must be a whole number from 1 to 32, got 33
                space: cell;edges: {ops: [none]};skeleton: {stemChannels: 16, cellsPerStage: 1};input: {kind: volume} | space file my.yaml: input.kind is volume, but a cell space builds 2D networks on images
                space: volumetric;stem: {channels: 16, pool: 1};layers: {count: 2, ops: [identity], channels: [8], strides: [1]};final: {channels: 0} | space file my.yaml: stem.pool must be true or false, got 1
                space: volumetric;stem: {channels: 16, pool: true};layers: {count: 2, ops: [conv_3x3], channels: [8], strides: [1]};final: {channels: 0} | space file my.yaml: layers.ops has an unknown op conv_3x3; allowed: conv_KxKxK, depthwise_conv_KxKxK, max_pool_KxKxK, avg_pool_KxKxK (K odd), identity, attention_skip, multi_scale_fusion
                space: volumetric;stem: {channels: 16, pool: true};layers: {count: 2, ops: [identity], channels: [8], strides: [1]};final: {channels: -1} | space file my.yaml: final.channels must be a whole number from 0 to 4096, got -1
                space: volumetric;stem: {channels: 16, pool: true};layers: {count: 2, ops: [identity], channels: [8], strides: [1]} | space file my.yaml: final is missing; it must be a mapping of fields (channels)
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 1, max: 2}, channels: [16], strides: [1]};input: {minSize: 16, maxSize: 8} | space file my.yaml: input.maxSize must be a whole number from 16 to 65536, got 8
                space: chain;layers: {ops: [conv_3x3], connections: [series], depth: {min: 1, max: 2}, channels: [16], strides: [1]};input: {kind: picture} | space file my.yaml: input.kind must be one of image, volume, got picture
                """)
        void isRefusedWithOneSentenceNamingTheField(String text, String sentence) {
            assertThatThrownBy(() -> file(text.replace(";", "\n")))
                    .isInstanceOf(UserInputException.class)
                    .hasMessage(sentence)
                    .satisfies(e -> assertThat(((UserInputException) e).field()).contains("spaceFile"));
        }

        @Test
        void aFileOfCommentsOnlyIsEmpty() {
            assertThatThrownBy(() -> file("# nothing but a comment\n")).hasMessage("space file my.yaml is empty");
            assertThatThrownBy(() -> file("")).hasMessage("space file my.yaml is empty");
        }

        @Test
        void aliasesDuplicateKeysAndBrokenYamlAreRefused() {
            assertThatThrownBy(() -> file(TINY_CHAIN + "input: {channels: &c [1, 3]}\nextra: *c\n"))
                    .hasMessage("space file my.yaml uses a YAML alias (*c at line 9); aliases are not supported in space"
                            + " files");
            assertThatThrownBy(() -> file(TINY_CHAIN.replace("  strides: [1, 2]", "  strides: [1, 2]\n  ops: [zero]")))
                    .hasMessageStartingWith("space file my.yaml is not valid YAML: ").hasMessageContaining("ops");
            assertThatThrownBy(() -> file("space: chain\nlayers: [unclosed\n"))
                    .hasMessageStartingWith("space file my.yaml is not valid YAML: ");
        }

        @Test
        void aMissingFolderWronglyNamedLargeOrNonUtf8FileIsNamed(@TempDir Path folder) throws Exception {
            Path missing = folder.resolve("absent.yaml");
            assertThatThrownBy(() -> SpaceFile.read(missing)).hasMessage("space file " + missing + " does not exist");
            Path directory = Files.createDirectory(folder.resolve("spaces.yaml"));
            assertThatThrownBy(() -> SpaceFile.read(directory)).hasMessage("space file " + directory + " is a folder, not a file");
            Path text = Files.writeString(folder.resolve("space.txt"), TINY_CHAIN);
            assertThatThrownBy(() -> SpaceFile.read(text))
                    .hasMessage("space file " + text + " has an unknown format; allowed extensions: .yaml, .yml, .json");
            Path latin1 = Files.write(folder.resolve("latin1.yaml"), new byte[] {'s', 'p', (byte) 0xE9, '\n'});
            assertThatThrownBy(() -> SpaceFile.read(latin1)).hasMessage("space file " + latin1 + " is not UTF-8 text");
            Path large = Files.writeString(folder.resolve("large.yaml"), "#".repeat(1_000_001));
            assertThatThrownBy(() -> SpaceFile.read(large)).hasMessage("space file " + large + " is larger than 1000000 bytes");
        }

        @Test
        void aFileReadFromDiskNamesItselfAsGivenAndKeepsItsText(@TempDir Path folder) throws Exception {
            Path written = Files.writeString(folder.resolve("tiny.yml"), "\uFEFF" + TINY_CHAIN);

            SpaceFile read = SpaceFile.read(written);

            assertThat(read.file()).isEqualTo(written.toString());
            assertThat(read.text()).isEqualTo(TINY_CHAIN);
            assertThat(read.space().size()).isEqualTo(BigInteger.valueOf(24 + 24 * 24));
        }
    }

    @Nested
    class Inputs {

        @Test
        void inputConstraintsAreCheckedAgainstTheDataSetsShape() {
            SpaceFile constrained = file(TINY_CHAIN + "input: {kind: image, channels: [3], minSize: 16, maxSize: 64}\n");

            assertThat(constrained.spaceFor(Shape.of(3, 32, 32), "cifar10").size()).isEqualTo(BigInteger.valueOf(600));
            assertThatThrownBy(() -> constrained.spaceFor(Shape.of(1, 28, 28), "mnist")).isInstanceOf(UserInputException.class)
                    .hasMessage("space file my.yaml: input.channels is [3], but data set mnist has inputs of shape [1, 28, 28]");
            assertThatThrownBy(() -> constrained.spaceFor(Shape.of(3, 8, 8), "tiny"))
                    .hasMessage("space file my.yaml: input.minSize is 16, but data set tiny has inputs of shape [3, 8, 8]");
            assertThatThrownBy(() -> constrained.spaceFor(Shape.of(3, 96, 96), "stl10"))
                    .hasMessage("space file my.yaml: input.maxSize is 64, but data set stl10 has inputs of shape [3, 96, 96]");
            assertThatThrownBy(() -> constrained.spaceFor(Shape.of(3, 32, 32, 32), "volumes"))
                    .hasMessage("space file my.yaml: input.kind is image, but data set volumes has inputs of shape [3, 32, 32, 32]");
        }

        @Test
        void aChainBuildsOnImagesAndVolumesACellOnImagesOnlyAVolumetricSpaceOnVolumesOnly() {
            SpaceFile chain = file(TINY_CHAIN);
            SpaceFile cell = file("space: cell\nedges: {ops: [none, skip_connect]}\nskeleton: {stemChannels: 4, cellsPerStage: 1}\n");
            SpaceFile volumetric = file("space: volumetric\nstem: {channels: 4, pool: false}\n"
                    + "layers: {count: 1, ops: [identity], channels: [4], strides: [1]}\nfinal: {channels: 0}\n");

            assertThat(chain.spaceFor(Shape.of(1, 8, 8, 8), "atlas")).isInstanceOf(ChainSpace.class);
            assertThat(chain.spaceFor(Shape.of(1, 8, 8), "digits")).isInstanceOf(ChainSpace.class);
            assertThat(cell.spaceFor(Shape.of(1, 8, 8), "digits")).isInstanceOf(CellSpace.class);
            assertThatThrownBy(() -> cell.spaceFor(Shape.of(1, 8, 8, 8), "atlas"))
                    .hasMessage("space file my.yaml: a cell space builds 2D networks on images, but data set atlas has"
                            + " inputs of shape [1, 8, 8, 8]");
            assertThatThrownBy(() -> volumetric.spaceFor(Shape.of(1, 8, 8), "digits"))
                    .hasMessage("space file my.yaml: a volumetric space builds 3D networks on volumes, but data set digits"
                            + " has inputs of shape [1, 8, 8]");
            assertThatThrownBy(() -> cell.requireTask(true)).hasMessageStartingWith("space file my.yaml: a cell space builds 2D");
            assertThatThrownBy(() -> volumetric.requireTask(false))
                    .hasMessage("space file my.yaml: a volumetric space builds 3D networks and needs volumes (task volumetric)");
            chain.requireTask(true);
            chain.requireTask(false);
        }
    }
}
