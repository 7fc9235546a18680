package io.nas4j.backend.djl;

import io.nas4j.backend.tck.SupernetConformance;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.TrainingBackend;

import java.util.Map;
import java.util.Set;

/** The DJL supernet passes the supernet conformance kit on the embedded digits. */
class DjlSupernetTest extends SupernetConformance {

    private static final DjlSupernetBackend BACKEND = new DjlSupernetBackend();
    private static final DjlBackend TRAINER = new DjlBackend();

    @Override
    protected SupernetBackend supernetBackend() {
        return BACKEND;
    }

    @Override
    protected TrainingBackend trainingBackend() {
        return TRAINER;
    }

    @Override
    protected float[][] outputs(SupernetBackend.Supernet supernet, Dataset data, int[] path) {
        return ((DjlSupernet) supernet).outputs(data, path);
    }

    @Override
    protected Map<String, float[]> weightValues(SupernetBackend.Supernet supernet) {
        return ((DjlSupernet) supernet).weightValues();
    }

    @Override
    protected Set<String> pathWeightIds(SupernetBackend.Supernet supernet, int[] path) {
        return ((DjlSupernet) supernet).pathWeightIds(path);
    }
}
