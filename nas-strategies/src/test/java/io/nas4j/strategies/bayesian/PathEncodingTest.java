package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.space.CellSpace;
import io.nas4j.core.space.MacroSpace;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathEncodingTest {

    private final CellSpace space = new CellSpace();
    private final PathEncoding encoding = new PathEncoding();

    @Test
    void hasOneIndicatorPerRouteAndOperationSequence() {
        // routes of 1, 2, 2 and 3 edges over four operations: 4 + 16 + 16 + 64
        assertThat(encoding.length()).isEqualTo(100);
    }

    @Test
    void aCellWithEveryEdgeLiveHasAllFourPaths() {
        CellGenome convolutions = new CellGenome(List.of("nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3",
                "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3"));
        assertThat(Arrays.stream(encoding.encode(convolutions)).sum()).isEqualTo(4);
    }

    @Test
    void aCellWithNoRouteToTheOutputEncodesAsZeros() {
        CellGenome cut = new CellGenome(List.of("nor_conv_3x3", "skip_connect", "nor_conv_1x1", "none", "none",
                "none"));
        assertThat(Arrays.stream(encoding.encode(cut)).sum()).isZero();
    }

    @Test
    void cellsWithTheSameCanonicalKeyShareAnEncoding() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            CellGenome cell = space.sample(random);
            CellGenome canonical = space.parse(space.key(cell));
            assertThat(encoding.encode(cell)).containsExactly(encoding.encode(canonical));
        }
    }

    @Test
    void distinguishesMostDistinctNetworks() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        java.util.Set<String> encodings = new java.util.HashSet<>();
        for (int index = 0; index < 15_625; index++) {
            CellGenome cell = space.at(BigInteger.valueOf(index));
            keys.add(space.key(cell));
            encodings.add(Arrays.toString(encoding.encode(cell)));
        }
        assertThat(encodings.size()).isGreaterThan(keys.size() * 9 / 10);
    }

    @Test
    void isOfferedOnCellSpacesOnly() {
        assertThat(Encoding.named("path", space)).isInstanceOf(PathEncoding.class);
        assertThat(Encoding.named("one-hot+path", space).length()).isEqualTo(space.encodingLength() + 100);
        assertThatThrownBy(() -> Encoding.named("path", new MacroSpace())).hasMessageContaining("encoding");
    }
}
