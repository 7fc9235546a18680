package io.nas4j.core.space;

import io.nas4j.core.genome.CellGenome;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.TaskHead;

/** Placeholder until the skeleton decoder lands. */
final class Nb201Skeleton {
    private Nb201Skeleton() {
    }

    static NetworkSpec decode(CellGenome cell, TaskHead head, int stemChannels, int cellsPerStage) {
        throw new UnsupportedOperationException("the NB201 skeleton decoder arrives with the space work");
    }
}
