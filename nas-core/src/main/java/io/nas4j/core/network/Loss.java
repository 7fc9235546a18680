package io.nas4j.core.network;

/** The training loss a network declares; each backend implements every kind. */
public enum Loss {
    /** Softmax over the output logits with cross entropy against the class label. */
    SOFTMAX_CROSS_ENTROPY,
    /** Sigmoid per output with binary cross entropy. */
    BINARY_CROSS_ENTROPY,
    /** Mean squared error against a target vector. */
    MEAN_SQUARED_ERROR,
    /**
     * The detection loss: objectness, box regression and class terms over assigned anchors, trained against
     * a dataset's dense targets; the network ends in an {@link Op.DetectionOutput}, whose {@link DetectionLoss}
     * says which terms and how every backend computes them.
     */
    DETECTION
}
