package io.nas4j.backend.tensorflow;

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
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The TensorFlow backend passes the conformance kit ({@code nas-backend-tck}). */
class TensorFlowConformanceTest {

    private static final TensorFlowBackend BACKEND = new TensorFlowBackend();

    @Nested
    class Ops extends OpConformance {
        @Override
        protected TrainingBackend backend() {
            return BACKEND;
        }

        @Override
        protected long[] outputShape(TrainingBackend.Model model, float[] inputs, int batch, boolean training) {
            TensorFlowModel network = (TensorFlowModel) model;
            long[] dims = new long[network.spec().input().rank() + 1];
            dims[0] = batch;
            for (int axis = 0; axis < network.spec().input().rank(); axis++) {
                dims[axis + 1] = network.spec().input().dims().get(axis);
            }
            Operand<TFloat32> output = training ? network.trainingPass().output() : network.output();
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(inputs, true, false));
                 TInt32 seed = TInt32.vectorOf(1);
                 Result result = network.session().runner()
                         .feed(network.input(), x)
                         .feed(network.trainingPass().seed(), seed)
                         .fetch(output)
                         .run()) {
                return result.get(0).shape().asArray();
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
