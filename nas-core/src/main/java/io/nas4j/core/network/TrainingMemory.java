package io.nas4j.core.network;

/**
 * The peak memory of one training step of a network, predicted from the IR alone: what a search limits
 * with a memory bound and minimises as the objective {@code memory_mb}.
 *
 * <p>The step trains {@code batchSize} examples at once and holds, at its peak (the start of the backward
 * pass), four things:
 * <ul>
 *   <li><b>activations</b>: every node's output and the input, for each example of the batch, kept for the
 *       backward pass ({@link NetworkAnalysis#activationElements()} times the batch);</li>
 *   <li><b>parameters</b> and their <b>gradients</b>, one copy each;</li>
 *   <li><b>optimiser state</b>: {@code optimizerSlots} more copies of the parameters (Adam keeps two moments,
 *       SGD with momentum one velocity, plain SGD none);</li>
 *   <li><b>buffers</b>: batch norm's running statistics.</li>
 * </ul>
 * Everything is float32, four bytes an element; a megabyte is {@code 10^6} bytes, as in
 * {@code activation_mb}. What an engine adds on top (its own code and caches, convolution workspaces, the
 * gradients of activations during the backward pass) is not in the count, and what an engine frees early is:
 * measured as the growth of a training process per extra example ({@code docs/benchmarks.md}, the
 * conformance kit's {@code TrainingMemoryConformance}), TensorFlow took 0.99 to 1.12 times the predicted
 * activations and DJL (PyTorch) 1.35 to 1.5 times.
 *
 * @param batchSize       examples per step
 * @param activationBytes the activations of the whole batch
 * @param parameterBytes  the trainable parameters
 * @param gradientBytes   their gradients
 * @param optimizerBytes  the optimiser's state
 * @param bufferBytes     the non-trainable buffers
 */
public record TrainingMemory(int batchSize, long activationBytes, long parameterBytes, long gradientBytes,
                             long optimizerBytes, long bufferBytes) {

    /** Bytes in a megabyte, as every {@code _mb} metric counts them. */
    public static final double BYTES_PER_MEGABYTE = 1e6;

    public TrainingMemory {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (activationBytes < 0 || parameterBytes < 0 || gradientBytes < 0 || optimizerBytes < 0 || bufferBytes < 0) {
            throw new IllegalArgumentException("memory counts cannot be negative");
        }
    }

    /**
     * The memory of one training step of {@code network} on {@code batchSize} examples with an optimiser that
     * keeps {@code optimizerSlots} values per parameter.
     *
     * @throws IllegalArgumentException when the network is invalid, the batch is below 1 or the slots below 0
     */
    public static TrainingMemory of(NetworkAnalysis network, int batchSize, int optimizerSlots) {
        if (!network.valid()) {
            throw new IllegalArgumentException("an invalid network has no training memory: "
                    + network.invalidReason().orElse("unknown reason"));
        }
        if (optimizerSlots < 0) {
            throw new IllegalArgumentException("optimizer slots cannot be negative, got " + optimizerSlots);
        }
        long parameters = Math.multiplyExact(network.parameters(), (long) Float.BYTES);
        return new TrainingMemory(batchSize, Math.multiplyExact(network.activationBytes(), (long) batchSize), parameters,
                parameters, Math.multiplyExact(parameters, (long) optimizerSlots),
                Math.multiplyExact(network.buffers(), (long) Float.BYTES));
    }

    /** The peak of the step: activations, parameters, gradients, optimiser state and buffers. */
    public long totalBytes() {
        return activationBytes + parameterBytes + gradientBytes + optimizerBytes + bufferBytes;
    }

    /** {@link #totalBytes()} in megabytes. */
    public double totalMegabytes() {
        return totalBytes() / BYTES_PER_MEGABYTE;
    }

    /** The activations of one example: the part that grows with the batch. */
    public long activationBytesPerExample() {
        return activationBytes / batchSize;
    }
}
