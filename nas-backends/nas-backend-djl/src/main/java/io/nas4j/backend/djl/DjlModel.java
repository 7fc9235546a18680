package io.nas4j.backend.djl;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.TrainingBackend;

/**
 * A compiled network: the DJL model that owns the parameters (native memory, freed by {@link #close()}),
 * its {@link NetworkBlock} and the core's analysis of the spec. A model is fresh until its first training:
 * that training re-initialises the parameters from the plan's seed, later ones continue from where the
 * previous one stopped. Loaded models are never fresh.
 */
final class DjlModel implements TrainingBackend.Model {

    private final NetworkSpec spec;
    private final NetworkAnalysis analysis;
    private final Model model;
    private final NetworkBlock block;
    private final long parameterCount;
    private boolean fresh;
    private boolean closed;

    DjlModel(NetworkSpec spec, NetworkAnalysis analysis, Model model, NetworkBlock block, boolean fresh) {
        this.spec = spec;
        this.analysis = analysis;
        this.model = model;
        this.block = block;
        this.fresh = fresh;
        long trainable = 0;
        long buffers = 0;
        for (Parameter parameter : block.getParameters().values()) {
            if (parameter.requiresGradient()) {
                trainable += parameter.getArray().size();
            } else {
                buffers += parameter.getArray().size();
            }
        }
        if (trainable != analysis.parameters() || buffers != analysis.buffers()) {
            throw new IllegalArgumentException("the djl network has " + trainable + " parameters and " + buffers
                    + " buffers but the IR counts " + analysis.parameters() + " and " + analysis.buffers()
                    + ": a translation bug in the djl backend");
        }
        this.parameterCount = trainable;
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public long parameterCount() {
        return parameterCount;
    }

    NetworkAnalysis analysis() {
        return analysis;
    }

    Model model() {
        requireOpen();
        return model;
    }

    NetworkBlock block() {
        requireOpen();
        return block;
    }

    boolean fresh() {
        return fresh;
    }

    void trained() {
        fresh = false;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }
}
