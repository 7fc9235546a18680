package io.nas4j.backend.djl;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.SupernetPlan;
import io.nas4j.core.supernet.SupernetSpec;

import java.util.Objects;

/**
 * The supernet backend on DJL with the PyTorch engine, on the CPU, chosen by the name {@value DjlBackend#NAME}
 * beside {@link DjlBackend}; found through {@link DjlModule}. A supernet is one {@link SupernetBlock} whose
 * choice points own their architecture weights; weights and alphas are updated by two optimisers of their
 * own ({@link TrainingOptimizer}), each step under the JVM-wide lock {@link DjlBackend} trains under
 * (PyTorch records gradients with one collector per process). Subnets extracted from a supernet are
 * ordinary models of {@link DjlBackend}.
 */
public final class DjlSupernetBackend implements SupernetBackend {

    /** Creates the backend; the PyTorch engine loads on first use. */
    public DjlSupernetBackend() {
    }

    @Override
    public String name() {
        return DjlBackend.NAME;
    }

    @Override
    public Supernet build(SupernetSpec spec, SupernetPlan plan) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(plan, "plan");
        SupernetBlock block = new SupernetBlock(spec);
        DjlEngine.pytorch();
        ai.djl.Model model = ai.djl.Model.newInstance("nas4j-supernet", Device.cpu(), DjlEngine.ENGINE_NAME);
        model.setBlock(block);
        try {
            synchronized (DjlBackend.TRAINING) {
                DjlEngine.pytorch().setRandomSeed(Long.hashCode(plan.seed()));
                block.initialize(model.getNDManager(), DataType.FLOAT32, OpBlocks.batched(spec.input(), 1));
                // no Trainer attaches gradients here: the supernet steps record them itself
                for (Parameter parameter : block.getParameters().values()) {
                    if (parameter.requiresGradient() && !parameter.getArray().hasGradient()) {
                        parameter.getArray().setRequiresGradient(true);
                    }
                }
            }
            return new DjlSupernet(block, model, plan);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
