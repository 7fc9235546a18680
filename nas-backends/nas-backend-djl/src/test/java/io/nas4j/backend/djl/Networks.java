package io.nas4j.backend.djl;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.Loss;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.Op;
import io.nas4j.core.network.Shape;

/** Small networks for backend tests. */
final class Networks {

    private Networks() {
    }

    /** conv-bn-relu, max pool, conv-bn-relu, then the classification head. */
    static NetworkSpec smallCnn(Shape input, int channels, int classes, Loss loss) {
        NetworkSpec.Builder builder = NetworkSpec.builder(input);
        String features = convBnRelu(builder, "block1", NetworkSpec.INPUT, channels);
        features = builder.add("pool", new Op.Pool(Op.PoolKind.MAX, 2, 2, 2), features);
        features = convBnRelu(builder, "block2", features, 2 * channels);
        String logits = new ClassificationHead(input, classes).attach(builder, features);
        return builder.build(logits, loss);
    }

    static NetworkSpec smallCnn() {
        return smallCnn(Bars.SHAPE, 8, Bars.CLASSES, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    /**
     * conv-relu, flatten, linear-relu, linear: nothing normalises, so a huge learning rate blows the
     * activations up to infinity and the loss to NaN (with batch norm the loss stays large but finite).
     */
    static NetworkSpec unnormalised() {
        NetworkSpec.Builder builder = NetworkSpec.builder(Bars.SHAPE);
        String features = builder.add("conv", Op.Conv.of2d(8, 3, 1), NetworkSpec.INPUT);
        features = builder.add("relu", Op.Activation.relu(), features);
        features = builder.add("flatten", new Op.Flatten(), features);
        features = builder.add("hidden", new Op.Linear(32, true), features);
        features = builder.add("hidden_relu", Op.Activation.relu(), features);
        String logits = builder.add("logits", new Op.Linear(Bars.CLASSES, true), features);
        return builder.build(logits, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    static String convBnRelu(NetworkSpec.Builder builder, String name, String input, int channels) {
        String conv = builder.add(name + "_conv", Op.Conv.of2d(channels, 3, 1), input);
        String norm = builder.add(name + "_bn", new Op.BatchNorm(), conv);
        return builder.add(name + "_relu", Op.Activation.relu(), norm);
    }
}
