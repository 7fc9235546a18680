package io.nas4j.core.network;

/** Shape inference and counting over the IR (implemented in the foundation work). */
final class ShapeInference {
    private ShapeInference() {
    }

    static NetworkAnalysis analyse(NetworkSpec spec) {
        throw new UnsupportedOperationException("shape inference arrives with the IR analysis");
    }
}
