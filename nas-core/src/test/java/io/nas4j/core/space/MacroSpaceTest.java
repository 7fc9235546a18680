package io.nas4j.core.space;

import io.nas4j.core.genome.MacroGenome;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MacroSpaceTest {

    private final MacroSpace space = new MacroSpace();

    @Test
    void holdsSixThousandFiveHundredSixtyOneNetworks() {
        assertThat(space.size()).isEqualTo(BigInteger.valueOf(6_561));
    }

    @Test
    void readsAndWritesNasBenchMacroKeys() {
        MacroGenome genome = space.parse("22212220");
        assertThat(genome.choices()).containsExactly(2, 2, 2, 1, 2, 2, 2, 0);
        assertThat(space.format(genome)).isEqualTo("22212220");
        assertThat(space.key(genome)).isEqualTo("22212220");
        assertThat(space.indexOf(genome)).isEqualTo(new BigInteger("22212220", 3));
    }

    @Test
    void rejectsKeysOfTheWrongLengthOrDigits() {
        assertThatThrownBy(() -> space.parse("2221222")).hasMessageContaining("8 digits");
        assertThatThrownBy(() -> space.parse("22212223")).hasMessageContaining("0-2");
    }

    @Test
    void everyNetworkHasSixteenNeighbours() {
        MacroGenome genome = space.sample(new SplittableRandom(11));
        assertThat(space.neighbours(genome)).hasSize(16).doesNotContain(genome).doesNotHaveDuplicates();
    }

    @Test
    void mutationChangesExactlyOneLayer() {
        SplittableRandom random = new SplittableRandom(2);
        MacroGenome genome = space.parse("00000000");
        for (int i = 0; i < 50; i++) {
            MacroGenome mutant = space.mutate(genome, random);
            assertThat(mutant.key().chars().filter(c -> c != '0').count()).isEqualTo(1);
        }
    }
}
