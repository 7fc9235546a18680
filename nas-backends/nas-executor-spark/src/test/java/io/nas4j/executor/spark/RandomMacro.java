package io.nas4j.executor.spark;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.search.Observation;
import io.nas4j.core.search.Proposal;
import io.nas4j.core.search.SearchStrategy;
import io.nas4j.core.space.MacroSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded uniform sampling of the macro space, for cluster tests. */
final class RandomMacro implements SearchStrategy<MacroGenome> {

    private final MacroSpace space;
    private final SplittableRandom random;

    RandomMacro(MacroSpace space, long seed) {
        this.space = space;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public List<Proposal<MacroGenome>> ask(int n) {
        List<Proposal<MacroGenome>> proposals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            proposals.add(Proposal.full(space.sample(random)));
        }
        return proposals;
    }

    @Override
    public void tell(Observation<MacroGenome> observation) {
        // sampling learns nothing
    }
}
