package io.nas4j.backend.tensorflow;

import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.List;

/**
 * The gradient of {@code Conv3D}, which TensorFlow's C++ gradient registry (the one graph-mode
 * {@code addGradients} uses) lacks: the input gradient is {@code Conv3DBackpropInputV2} and the filter
 * gradient {@code Conv3DBackpropFilterV2} of the incoming gradient, with the forward op's strides, padding,
 * dilations and layout. Registered once per JVM by {@link TensorFlowRuntime}; checked against finite
 * differences in the tests.
 */
final class Conv3dGradient {

    private Conv3dGradient() {
    }

    /** Registers the gradient; a TensorFlow that already has one keeps its own. */
    @SuppressWarnings("unchecked")
    static void register() {
        TensorFlow.registerCustomGradient(Conv3d.Inputs.class, (tf, op, gradients) -> {
            Operand<TFloat32> upstream = (Operand<TFloat32>) gradients.get(0);
            Operand<TFloat32> input = (Operand<TFloat32>) op.input;
            Operand<TFloat32> filter = (Operand<TFloat32>) op.filter;
            List<Long> strides = list(op.strides);
            List<Long> dilations = list(op.dilations);
            Operand<TFloat32> inputGradient = tf.nn.conv3dBackpropInput(tf.shape(input), filter, upstream, strides,
                    op.padding, Conv3dBackpropInput.dilations(dilations), Conv3dBackpropInput.dataFormat(op.dataFormat));
            Operand<TFloat32> filterGradient = tf.nn.conv3dBackpropFilter(input, tf.shape(filter), upstream, strides,
                    op.padding, Conv3dBackpropFilter.dilations(dilations), Conv3dBackpropFilter.dataFormat(op.dataFormat));
            return List.of(inputGradient, filterGradient);
        });
    }

    private static List<Long> list(long[] values) {
        List<Long> list = new ArrayList<>(values.length);
        for (long value : values) {
            list.add(value);
        }
        return list;
    }
}
