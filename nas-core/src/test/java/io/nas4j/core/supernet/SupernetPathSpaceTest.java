package io.nas4j.core.supernet;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.Shape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SupernetPathSpaceTest {

    private final SupernetPathSpace space =
            new SupernetPathSpace(CellSupernet.of(new ClassificationHead(Shape.of(1, 8, 8), 10), 8, 1));

    @Test
    void textFormRoundTrips() {
        SplittableRandom random = new SplittableRandom(1);
        for (int draw = 0; draw < 20; draw++) {
            PathGenome genome = space.sample(random);
            assertThat(space.parse(space.format(genome))).isEqualTo(genome);
        }
    }

    @Test
    void hasOneDecisionPerChoicePoint() {
        assertThat(space.size().intValueExact()).isEqualTo(15_625);
        assertThat(space.decisions()).hasSize(6);
    }

    @Test
    void rejectsAnUnknownOptionNamingTheAllowedOnes() {
        assertThatThrownBy(() -> space.parse("edge0->1=conv_9x9 edge0->2=none edge1->2=none edge0->3=none"
                + " edge1->3=none edge2->3=none"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nor_conv_3x3");
    }
}
