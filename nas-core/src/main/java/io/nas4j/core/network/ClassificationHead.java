package io.nas4j.core.network;

/**
 * The classification head: global average pooling and a linear layer to the class logits, trained with
 * softmax cross entropy.
 */
public record ClassificationHead(Shape input, int classes) implements TaskHead {

    public ClassificationHead {
        java.util.Objects.requireNonNull(input, "input");
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
    }

    @Override
    public String attach(NetworkSpec.Builder builder, String features) {
        String pooled = builder.add("head_pool", new Op.GlobalPool(Op.PoolKind.AVG), features);
        return builder.add("head_logits", new Op.Linear(classes, true), pooled);
    }

    @Override
    public Loss loss() {
        return Loss.SOFTMAX_CROSS_ENTROPY;
    }
}
