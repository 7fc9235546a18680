package io.nas4j.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.nas4j.backend.tck.DetectionConformance;
import io.nas4j.backend.tck.EveryOpTrainsConformance;
import io.nas4j.backend.tck.LatencyConformance;
import io.nas4j.backend.tck.OpConformance;
import io.nas4j.backend.tck.PersistenceConformance;
import io.nas4j.backend.tck.ResidentMemoryConformance;
import io.nas4j.backend.tck.TrainingConformance;
import io.nas4j.backend.tck.TrainingMemoryConformance;
import io.nas4j.backend.tck.VolumetricSpaceConformance;
import io.nas4j.core.port.TrainingBackend;
import org.junit.jupiter.api.Nested;

/** The DJL backend passes the conformance kit ({@code nas-backend-tck}). */
class DjlConformanceTest {

    private static final DjlBackend BACKEND = new DjlBackend();

    @Nested
    class Ops extends OpConformance {
        @Override
        protected TrainingBackend backend() {
            return BACKEND;
        }

        @Override
        protected long[] outputShape(TrainingBackend.Model model, float[] inputs, int batch, boolean training) {
            DjlModel network = (DjlModel) model;
            try (NDManager manager = network.model().getNDManager().newSubManager()) {
                NDArray input = manager.create(inputs, OpBlocks.batched(network.spec().input(), batch));
                NDArray output = network.block()
                        .forward(new ParameterStore(manager, false), new NDList(input), training)
                        .singletonOrThrow();
                return output.getShape().getShape();
            }
        }
    }

    @Nested
    class Training extends TrainingConformance {
        @Override
        protected TrainingBackend backend() {
            return BACKEND;
        }

        @Override
        protected boolean supportsDetectionLoss() {
            return true;
        }
    }

    @Nested
    class Detection extends DetectionConformance {
        @Override
        protected TrainingBackend backend() {
            return BACKEND;
        }
    }

    @Nested
    class Persistence extends PersistenceConformance {
        @Override
        protected TrainingBackend backend() {
            return BACKEND;
        }
    }

    @Nested
    class Latency extends LatencyConformance {
        @Override
        protected TrainingBackend backend() {
            return BACKEND;
        }
    }

    @Nested
    class EveryOpTrains extends EveryOpTrainsConformance {
        @Override
        protected TrainingBackend backend() {
            return BACKEND;
        }
    }

    @Nested
    class VolumetricSpace extends VolumetricSpaceConformance {
        @Override
        protected TrainingBackend backend() {
            return BACKEND;
        }
    }

    @Nested
    class ResidentMemory extends ResidentMemoryConformance {
        @Override
        protected TrainingBackend backend() {
            return BACKEND;
        }
    }

    @Nested
    class TrainingMemory extends TrainingMemoryConformance {
        @Override
        protected TrainingBackend backend() {
            return BACKEND;
        }
    }
}
