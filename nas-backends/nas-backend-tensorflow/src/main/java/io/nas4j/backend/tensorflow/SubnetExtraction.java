package io.nas4j.backend.tensorflow;

import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.TrainingBackend;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A path's subnet out of a {@link TensorFlowSupernet}: the discrete network compiled by the training backend,
 * its parameters (weights and batch-norm statistics) copied from the supernet ops the path picks. Subnet node
 * {@code i} is the path's op {@code i} in the {@link SupernetLayout}'s node order, and a parameter's name is
 * the node's prefix plus a suffix the two graphs share, so each parameter finds its counterpart by name; one
 * missing or of another size is a programming error ({@link IllegalStateException}).
 */
final class SubnetExtraction {

    private SubnetExtraction() {
    }

    /** The trained model of {@code path}'s subnet, owned by the caller; the supernet is left as it is. */
    static TrainingBackend.Model extract(SupernetGraph network, int[] path) {
        NetworkSpec discrete = network.spec().discrete(path);
        TensorFlowModel extracted = (TensorFlowModel) new TensorFlowBackend().compile(discrete);
        try {
            List<String> keys = network.layout().pathKeys(path);
            if (keys.size() != discrete.nodes().size()) {
                throw new IllegalStateException("the subnet has " + discrete.nodes().size()
                        + " nodes but the supernet path " + keys.size());
            }
            Map<String, String> targetPrefixes = TensorFlowModel.prefixes(discrete);
            Map<String, String> sourcePrefixes = network.layout().prefixes();
            Map<String, String> sourcePrefixByNode = new HashMap<>();
            for (int index = 0; index < keys.size(); index++) {
                sourcePrefixByNode.put(discrete.nodes().get(index).id(), sourcePrefixes.get(keys.get(index)));
            }
            Map<String, float[]> source = network.parameters().read(network.session());
            Map<String, float[]> values = new LinkedHashMap<>();
            for (Parameters.Entry entry : extracted.parameters().all()) {
                String suffix = entry.name().substring(targetPrefixes.get(entry.node()).length());
                String name = sourcePrefixByNode.get(entry.node()) + suffix;
                float[] value = source.get(name);
                if (value == null || value.length != entry.size()) {
                    throw new IllegalStateException("node " + entry.node() + ": parameter " + entry.name()
                            + " has no counterpart of its size in the supernet (" + name + ")");
                }
                values.put(entry.name(), value.clone());
            }
            extracted.parameters().write(extracted.session(), values);
            extracted.trained();
            return extracted;
        } catch (RuntimeException e) {
            extracted.close();
            throw e;
        }
    }
}
