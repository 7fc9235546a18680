package io.nas4j.core.port;

import io.nas4j.core.supernet.SupernetSpec;

/**
 * An engine that builds and trains weight-sharing supernets ({@link SupernetSpec}) for one-shot search:
 * DARTS (every choice node mixes its candidates by the softmax of its point's architecture weights,
 * alphas, which learn on validation batches) and single-path one-shot (each weight step trains one path;
 * paths are then scored with the weights they inherit). Adapters sit beside the training backend of the
 * same engine and are chosen by the same name ({@code djl}, {@code tensorflow}).
 *
 * <p>Contract: {@link #build} initialises the weights and the alphas from the plan's seed, so the same
 * spec, plan and sequence of calls give the same numbers. A {@link Supernet} owns native memory and must
 * be closed; one thread uses it at a time, and an engine may train one supernet or model at a time (one
 * gradient recorder per process). Batches are given as example indices into a {@link Dataset}; the caller
 * owns their order and its seed. A weight step changes weights and batch-norm statistics, never alphas; an
 * alpha step changes alphas (and batch-norm statistics), never weights. A step whose loss is NaN or
 * infinite throws {@link TrainingBackend.TrainingDivergedException} without updating.
 */
public interface SupernetBackend {

    /** The name under which the backend is chosen, the same as its engine's training backend, for example {@code djl}. */
    String name();

    /** Builds the supernet; throws {@link IllegalArgumentException} naming a node that cannot be built. */
    Supernet build(SupernetSpec spec, SupernetPlan plan);

    /** A built supernet with its weights and architecture weights. */
    interface Supernet extends AutoCloseable {

        SupernetSpec spec();

        /** Trainable weights (alphas excluded), counted as the core's analysis counts parameters. */
        long weightCount();

        /**
         * One weight step with every choice node mixing all its candidates by {@code softmax(alpha)}; the
         * examples' augmentation applies. Returns the batch's mean loss.
         */
        double trainWeightsMixed(Dataset data, int[] indices);

        /**
         * One weight step on the subnet of {@code path} only: the weights of other candidates do not change
         * (no momentum or decay either). Returns the batch's mean loss.
         */
        double trainWeightsPath(Dataset data, int[] indices, int[] path);

        /**
         * One first-order DARTS step on the alphas: the gradient of the mixed network's loss on these
         * (validation) examples with respect to the alphas, the weights held fixed. Returns the batch's mean loss.
         */
        double trainAlphas(Dataset data, int[] indices);

        /** The architecture weights, {@code [point][option]}, before the softmax. */
        double[][] alphas();

        /** Loss and accuracy of the mixed network (softmax of the alphas) on {@code data}, in inference mode. */
        TrainingBackend.Evaluation evaluateMixed(Dataset data);

        /**
         * Loss and accuracy of the subnet of {@code path} with the weights it inherits. First its batch-norm
         * statistics are recalibrated, as single-path one-shot does: reset, then averaged over the first
         * {@code calibrationBatches} batches of {@code batchSize} examples of {@code calibration} (in order),
         * in training mode without updating any weight. Statistics of nodes off the path do not change.
         */
        TrainingBackend.Evaluation evaluatePath(int[] path, Dataset data, Dataset calibration, int calibrationBatches,
                                                int batchSize);

        /**
         * The subnet of {@code path} as a stand-alone model of the engine's training backend, holding a copy
         * of the weights and batch-norm statistics it has in the supernet now; further training of the model
         * starts from them. Owned by the caller.
         */
        TrainingBackend.Model extract(int[] path);

        /**
         * Writes the weights, the alphas and the batch-norm statistics to {@code file}, in the engine's own format,
         * so that a trained supernet can be searched again without training it ({@link #load}). Optimiser state
         * is not kept: a loaded supernet is for scoring and extracting paths.
         *
         * @throws java.io.IOException when the file cannot be written
         */
        void save(java.nio.file.Path file) throws java.io.IOException;

        /**
         * Replaces the weights, alphas and batch-norm statistics with what {@link #save} wrote for a supernet of
         * the same spec on the same engine.
         *
         * @throws java.io.IOException when the file cannot be read or does not fit this supernet (another spec,
         *                             another engine), saying what does not fit
         */
        void load(java.nio.file.Path file) throws java.io.IOException;

        @Override
        void close();
    }
}
