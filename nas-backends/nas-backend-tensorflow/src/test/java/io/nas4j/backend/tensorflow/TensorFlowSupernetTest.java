package io.nas4j.backend.tensorflow;

import io.nas4j.backend.tck.SupernetConformance;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.TrainingBackend;

import java.util.Map;
import java.util.Set;

/** The TensorFlow supernet passes the supernet conformance kit on the embedded digits. */
class TensorFlowSupernetTest extends SupernetConformance {

    private static final TensorFlowSupernetBackend BACKEND = new TensorFlowSupernetBackend();
    private static final TensorFlowBackend TRAINER = new TensorFlowBackend();

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
        return ((TensorFlowSupernet) supernet).outputs(data, path);
    }

    @Override
    protected Map<String, float[]> weightValues(SupernetBackend.Supernet supernet) {
        return ((TensorFlowSupernet) supernet).weightValues();
    }

    @Override
    protected Set<String> pathWeightIds(SupernetBackend.Supernet supernet, int[] path) {
        return ((TensorFlowSupernet) supernet).pathWeightIds(path);
    }
}
