package io.nas4j.core.space;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CellSpaceTest {

    private final CellSpace space = new CellSpace();

    @Test
    void holdsTheFifteenThousandSixHundredTwentyFiveCellsOfNasBench201() {
        assertThat(space.size()).isEqualTo(BigInteger.valueOf(15_625));
    }

    @Test
    void numbersEveryCellOnceAndReadsTheNumberBack() {
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < 15_625; index++) {
            CellGenome cell = space.at(BigInteger.valueOf(index));
            assertThat(space.indexOf(cell)).isEqualTo(BigInteger.valueOf(index));
            seen.add(space.format(cell));
        }
        assertThat(seen).hasSize(15_625);
    }

    @Test
    void printsAndParsesTheStandardCellString() {
        String text = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        CellGenome cell = space.parse(text);
        assertThat(cell.ops()).containsExactly("nor_conv_3x3", "nor_conv_3x3", "avg_pool_3x3", "skip_connect",
                "nor_conv_3x3", "skip_connect");
        assertThat(space.format(cell)).isEqualTo(text);
    }

    @Test
    void rejectsAMalformedCellStringNamingTheProblem() {
        assertThatThrownBy(() -> space.parse("|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown cell operation conv");
        assertThatThrownBy(() -> space.parse("|none~0|+|none~0|none~1|"))
                .hasMessageContaining("3 nodes");
        assertThatThrownBy(() -> space.parse("|none~1|+|none~0|none~1|+|none~0|none~1|none~2|"))
                .hasMessageContaining("op~0");
    }

    @Test
    void everyCellHasTwentyFourNeighboursEachOneEditAway() {
        CellGenome cell = space.sample(new SplittableRandom(3));
        List<CellGenome> neighbours = space.neighbours(cell);
        assertThat(neighbours).hasSize(24).doesNotContain(cell).doesNotHaveDuplicates();
        for (CellGenome neighbour : neighbours) {
            int differences = 0;
            for (int edge = 0; edge < CellGenome.EDGES; edge++) {
                differences += neighbour.ops().get(edge).equals(cell.ops().get(edge)) ? 0 : 1;
            }
            assertThat(differences).isEqualTo(1);
        }
    }

    @Test
    void sampleIsDeterministicForASeed() {
        SplittableRandom a = new SplittableRandom(42);
        SplittableRandom b = new SplittableRandom(42);
        for (int i = 0; i < 100; i++) {
            assertThat(space.sample(a)).isEqualTo(space.sample(b));
        }
    }

    @Test
    void keyIgnoresEdgesThatCannotReachTheOutput() {
        CellGenome deadEnd = space.parse("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|");
        CellGenome plain = space.parse("|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|");
        assertThat(space.key(deadEnd)).isEqualTo(space.key(plain));
        CellGenome live = space.parse("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|nor_conv_1x1~1|none~2|");
        assertThat(space.key(live)).isNotEqualTo(space.key(plain));
    }

    @Test
    void keyIgnoresEdgesFromNodesTheInputCannotReach() {
        CellGenome unreachable = space.parse("|none~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|avg_pool_3x3~2|");
        CellGenome plain = space.parse("|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|");
        assertThat(space.key(unreachable)).isEqualTo(space.key(plain));
    }

    @Test
    void encodesEveryCellAsThirtyOneHotEntries() {
        CellGenome cell = space.sample(new SplittableRandom(5));
        double[] encoding = space.encode(cell);
        assertThat(space.encodingLength()).isEqualTo(30);
        assertThat(encoding).hasSize(30);
        assertThat(java.util.Arrays.stream(encoding).sum()).isEqualTo(6.0);
    }

    @Test
    void choicesRoundTrip() {
        CellGenome cell = space.sample(new SplittableRandom(9));
        assertThat(space.fromChoices(space.choices(cell))).isEqualTo(cell);
        assertThat(space.decisions()).hasSize(6).allSatisfy(d -> assertThat(d.arity()).isEqualTo(5));
    }

    @Test
    void crossoverTakesAPrefixFromOneParentAndTheRestFromTheOther() {
        CellGenome first = space.at(BigInteger.ZERO);
        CellGenome second = space.at(space.size().subtract(BigInteger.ONE));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20; i++) {
            CellGenome child = space.crossover(first, second, random);
            String joined = String.join(",", child.ops());
            assertThat(joined).matches("(none,)+(avg_pool_3x3,?)+");
        }
    }

    @Test
    void otherEdgeOpsMakeASpaceOfTheirNumberToTheSixth() {
        CellSpace wide = new CellSpace(List.of("none", "nor_conv_5x5", "max_pool_3x3"), 8, 1);

        assertThat(wide.size()).isEqualTo(BigInteger.valueOf(729));
        assertThat(wide.name()).isEqualTo("cell");
        assertThat(wide.ops()).containsExactly("none", "nor_conv_5x5", "max_pool_3x3");
        CellGenome cell = wide.parse("|nor_conv_5x5~0|+|none~0|max_pool_3x3~1|+|none~0|none~1|nor_conv_5x5~2|");
        assertThat(wide.format(cell)).isEqualTo("|nor_conv_5x5~0|+|none~0|max_pool_3x3~1|+|none~0|none~1|nor_conv_5x5~2|");
        NetworkSpec network = wide.decode(cell, new ClassificationHead(Shape.of(1, 8, 8), 10));
        assertThat(network.node("stage0_cell0_edge0_conv").op()).isEqualTo(Op.Conv.of2d(8, 5, 1));
        assertThat(network.node("stage0_cell0_edge2_pool").op()).isEqualTo(new Op.Pool(Op.PoolKind.MAX, 2, 3, 1));
        assertThat(NetworkAnalysis.of(network).valid()).isTrue();
    }

    @Test
    void aSubsetOfTheBenchmarksOpsKeepsItsName() {
        CellSpace subset = new CellSpace(List.of("skip_connect", "nor_conv_3x3"), 16, 5);

        assertThat(subset.name()).isEqualTo("nb201");
        assertThat(subset.size()).isEqualTo(BigInteger.valueOf(64));
        // no edge can be none, so every edge is live and the key is the cell itself
        CellGenome cell = subset.at(BigInteger.valueOf(37));
        assertThat(subset.key(cell)).isEqualTo(subset.format(cell));
        assertThatThrownBy(() -> subset.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"))
                .hasMessageContaining("unknown cell operation none; allowed: skip_connect, nor_conv_3x3");
    }

    @Test
    void opsOutsideTheSkeletonRepeatsAndEmptyListsAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> new CellSpace(List.of("nor_conv_4x4"), 16, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ops: unknown cell op 'nor_conv_4x4'; allowed: " + Nb201Skeleton.EDGE_OP_FORMS);
        assertThatThrownBy(() -> new CellSpace(List.of("none", "none"), 16, 1)).hasMessageContaining("ops must not repeat");
        assertThatThrownBy(() -> new CellSpace(List.of(), 16, 1)).hasMessage("ops must not be empty");
        assertThatThrownBy(() -> new CellSpace(CellSpace.OPS, 0, 1)).hasMessage("stemChannels must be positive, got 0");
        assertThatThrownBy(() -> new CellSpace(CellSpace.OPS, 16, 0)).hasMessage("cellsPerStage must be positive, got 0");
    }
}
