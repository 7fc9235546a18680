package io.nas4j.backend.tensorflow;

import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.SupernetPlan;
import io.nas4j.core.supernet.SupernetSpec;

import java.util.Objects;

/**
 * The supernet backend on TensorFlow Java in graph mode, on the CPU, chosen by the name
 * {@value TensorFlowBackend#NAME} beside {@link TensorFlowBackend}; found through {@link TensorFlowModule}.
 * A supernet is one graph ({@link TensorFlowSupernet}) whose nodes are built by the same op builders as an
 * ordinary network ({@link ForwardPass}); the alphas are variables of their own with an Adam optimiser of
 * their own, the weights follow the plan's optimiser and schedule. Subnets extracted from a supernet are
 * ordinary models of {@link TensorFlowBackend}. TensorFlow has no process-wide gradient recorder, so no
 * JVM-wide lock is taken; one thread uses a supernet at a time.
 */
public final class TensorFlowSupernetBackend implements SupernetBackend {

    /** Creates the backend; the TensorFlow runtime loads on first use. */
    public TensorFlowSupernetBackend() {
    }

    @Override
    public String name() {
        return TensorFlowBackend.NAME;
    }

    @Override
    public Supernet build(SupernetSpec spec, SupernetPlan plan) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(plan, "plan");
        return TensorFlowSupernet.build(spec, plan);
    }
}
