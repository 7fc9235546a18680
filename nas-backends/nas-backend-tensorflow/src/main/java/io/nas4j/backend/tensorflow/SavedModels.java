package io.nas4j.backend.tensorflow;

import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads a SavedModel the way any TensorFlow user would, with TensorFlow's own loader
 * ({@link SavedModelBundle#load}), and runs its {@value TensorFlowBackend#SIGNATURE} signature once on
 * zeros: the check that an export is usable outside nas4j.
 */
public final class SavedModels {

    private SavedModels() {
    }

    /**
     * What a loaded SavedModel's serving signature takes and gives.
     *
     * @param input       the input tensor's shape, batch axis first ({@code -1}: any batch)
     * @param output      the output tensor's shape for one example, batch axis first
     * @param inputName   the signature's input key
     * @param outputName  the signature's output key
     */
    public record Description(List<Long> input, List<Long> output, String inputName, String outputName) {
    }

    /**
     * Loads the SavedModel in {@code directory} with the {@code serve} tag and runs its serving signature on
     * one example of zeros.
     *
     * @throws IOException when the folder holds no SavedModel, the signature is missing, or it does not run
     */
    public static Description read(Path directory) throws IOException {
        if (!Files.isRegularFile(directory.resolve("saved_model.pb"))) {
            throw new IOException(directory + " holds no saved_model.pb");
        }
        TensorFlowRuntime.load();
        try (SavedModelBundle bundle = SavedModelBundle.load(directory.toString(), SavedModelBundle.DEFAULT_TAG)) {
            SessionFunction function = bundle.function(TensorFlowBackend.SIGNATURE);
            Signature signature = function.signature();
            if (signature.inputNames().size() != 1 || signature.outputNames().size() != 1) {
                throw new IOException("the signature " + TensorFlowBackend.SIGNATURE + " of " + directory
                        + " should have one input and one output, it has " + signature.inputNames() + " and "
                        + signature.outputNames());
            }
            String inputName = signature.inputNames().iterator().next();
            String outputName = signature.outputNames().iterator().next();
            long[] inputShape = signature.getInputs().get(inputName).shape.asArray();
            long[] one = inputShape.clone();
            one[0] = 1;
            long elements = Arrays.stream(one).reduce(1, (a, b) -> a * b);
            if (Arrays.stream(one).anyMatch(extent -> extent < 1)) {
                throw new IOException("the input " + inputName + " of " + directory + " has no fixed example shape: "
                        + Arrays.toString(inputShape));
            }
            try (TFloat32 zeros = TFloat32.tensorOf(Shape.of(one), DataBuffers.of(new float[Math.toIntExact(elements)],
                         true, false));
                 Result result = function.call(Map.of(inputName, zeros))) {
                Tensor output = result.get(outputName).orElseThrow(() -> new IOException("the signature gave no "
                        + outputName));
                return new Description(boxed(inputShape), boxed(output.shape().asArray()), inputName, outputName);
            }
        } catch (TensorFlowException e) {
            throw new IOException("TensorFlow cannot load and run the SavedModel in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
