package io.nas4j.strategies.bayesian;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.space.CellSpace;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class CandidatePoolTest {

    private final CellSpace space = new CellSpace();

    @Test
    void holdsTheNeighboursOfTheBestAndRandomSamplesButNothingTried() {
        SplittableRandom random = new SplittableRandom(1);
        CellGenome best = space.sample(random);
        Set<String> tried = new HashSet<>();
        tried.add(space.key(best));
        CellGenome triedNeighbour = space.neighbours(best).get(0);
        tried.add(space.key(triedNeighbour));
        List<CellGenome> pool = new CandidatePool(1, 200, 50).candidates(space, List.of(best), tried::contains, random);
        Set<String> keys = new HashSet<>();
        for (CellGenome candidate : pool) {
            assertThat(keys.add(space.key(candidate))).isTrue();
        }
        assertThat(keys).doesNotContainAnyElementsOf(tried);
        assertThat(keys).contains(space.key(space.neighbours(best).get(5)));
        assertThat(pool.size()).isGreaterThan(50);
    }

    @Test
    void capsTheNeighboursWithASeededSubset() {
        List<CellGenome> best = List.of(space.sample(new SplittableRandom(2)), space.sample(new SplittableRandom(3)));
        CandidatePool pool = new CandidatePool(2, 10, 0);
        List<CellGenome> first = pool.candidates(space, best, key -> false, new SplittableRandom(4));
        assertThat(first).hasSize(10);
        assertThat(pool.candidates(space, best, key -> false, new SplittableRandom(4))).isEqualTo(first);
    }
}
