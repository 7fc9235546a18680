package io.nas4j.backend.tensorflow;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The variables of one network graph, by name, in creation order: each is created once (the training and
 * the inference pass share it), read through one {@code Identity} (feeding a raw reference variable into
 * some ops makes {@code addGradients} crash the JVM), and written through its own placeholder and
 * {@code Assign}, so that initial values come from a seeded Java random source and saved values can be
 * copied between graphs.
 *
 * <p>Initial values follow the DJL backend's (and PyTorch's Kaiming) conventions: weights normal with
 * standard deviation {@code sqrt(2 / fanIn)}, biases and batch-norm shifts and running means 0, batch-norm
 * scales and running variances 1.
 */
final class Parameters {

    /** What a variable holds; buffers are not trained by gradients. */
    enum Kind {
        WEIGHT(true), BIAS(true), GAMMA(true), BETA(true), RUNNING_MEAN(false), RUNNING_VARIANCE(false);

        private final boolean trainable;

        Kind(boolean trainable) {
            this.trainable = trainable;
        }

        boolean trainable() {
            return trainable;
        }
    }

    /** One variable: its node, kind, shape and fan-in (for weights), and the ops that read and write it. */
    record Entry(String name, String node, Kind kind, long[] shape, long fanIn, Variable<TFloat32> variable,
                 Operand<TFloat32> read, Placeholder<TFloat32> value, Assign<TFloat32> assign) {

        long size() {
            long size = 1;
            for (long extent : shape) {
                size *= extent;
            }
            return size;
        }
    }

    private final Ops tf;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Parameters(Ops tf) {
        this.tf = tf;
    }

    /**
     * The variable named {@code name} of node {@code node}: created with this kind and shape on first
     * request, the existing one afterwards (which must have the same shape).
     */
    Entry get(String node, String name, Kind kind, long[] shape, long fanIn) {
        Entry existing = entries.get(name);
        if (existing != null) {
            if (!Arrays.equals(existing.shape(), shape)) {
                throw new IllegalStateException("variable " + name + " was created with shape "
                        + Arrays.toString(existing.shape()) + ", now asked for " + Arrays.toString(shape));
            }
            return existing;
        }
        Variable<TFloat32> variable = tf.withName(name).variable(Shape.of(shape), TFloat32.class);
        Operand<TFloat32> read = tf.withName(name + ".read").identity(variable);
        Placeholder<TFloat32> value = tf.withName(name + ".value").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(shape)));
        Assign<TFloat32> assign = tf.withName(name + ".assign").assign(variable, value);
        Entry entry = new Entry(name, node, kind, shape.clone(), fanIn, variable, read, value, assign);
        entries.put(name, entry);
        return entry;
    }

    List<Entry> all() {
        return List.copyOf(entries.values());
    }

    long trainableElements() {
        return entries.values().stream().filter(entry -> entry.kind().trainable()).mapToLong(Entry::size).sum();
    }

    long bufferElements() {
        return entries.values().stream().filter(entry -> !entry.kind().trainable()).mapToLong(Entry::size).sum();
    }

    /** Sets every variable to a fresh initial value drawn from {@code random}, in creation order. */
    void initialize(Session session, SplittableRandom random) {
        write(session, initialValues(random));
    }

    /** Fresh initial values of every variable, by name, drawn from {@code random} in creation order. */
    Map<String, float[]> initialValues(SplittableRandom random) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Entry entry : entries.values()) {
            float[] value = new float[Math.toIntExact(entry.size())];
            switch (entry.kind()) {
                case WEIGHT -> {
                    double deviation = Math.sqrt(2.0 / Math.max(1, entry.fanIn()));
                    for (int index = 0; index < value.length; index++) {
                        value[index] = (float) (random.nextGaussian() * deviation);
                    }
                }
                case GAMMA, RUNNING_VARIANCE -> Arrays.fill(value, 1f);
                case BIAS, BETA, RUNNING_MEAN -> {
                    // zeros
                }
            }
            values.put(entry.name(), value);
        }
        return values;
    }

    /** Sets the variables named in {@code values}; every variable must be named. */
    void write(Session session, Map<String, float[]> values) {
        if (entries.isEmpty()) {
            return;
        }
        List<Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (Entry entry : entries.values()) {
                float[] value = Objects.requireNonNull(values.get(entry.name()), () -> "no value for " + entry.name());
                if (value.length != entry.size()) {
                    throw new IllegalArgumentException("variable " + entry.name() + " holds " + entry.size()
                            + " values, got " + value.length);
                }
                TFloat32 tensor = TFloat32.tensorOf(Shape.of(entry.shape()), DataBuffers.of(value, true, false));
                tensors.add(tensor);
                runner.feed(entry.value(), tensor).addTarget(entry.assign());
            }
            runner.run().close();
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    /**
     * Feeds {@code values} to {@code runner} in place of each named variable's read, so that a graph run once
     * needs no assignment run (the variables themselves stay unset and unread). Returns the tensors fed,
     * which the caller closes after the run.
     */
    List<Tensor> feedReads(Session.Runner runner, Map<String, float[]> values) {
        List<Tensor> tensors = new ArrayList<>();
        try {
            for (Map.Entry<String, float[]> value : values.entrySet()) {
                Entry entry = Objects.requireNonNull(entries.get(value.getKey()), () -> "no variable " + value.getKey());
                if (value.getValue().length != entry.size()) {
                    throw new IllegalArgumentException("variable " + entry.name() + " holds " + entry.size()
                            + " values, got " + value.getValue().length);
                }
                TFloat32 tensor = TFloat32.tensorOf(Shape.of(entry.shape()), DataBuffers.of(value.getValue(), true, false));
                tensors.add(tensor);
                runner.feed(entry.read(), tensor);
            }
            return tensors;
        } catch (RuntimeException e) {
            tensors.forEach(Tensor::close);
            throw e;
        }
    }

    /** The current values of every variable, by name. */
    Map<String, float[]> read(Session session) {
        Map<String, float[]> values = new LinkedHashMap<>();
        if (entries.isEmpty()) {
            return values;
        }
        Session.Runner runner = session.runner();
        entries.values().forEach(entry -> runner.fetch(entry.read()));
        try (Result result = runner.run()) {
            int index = 0;
            for (Entry entry : entries.values()) {
                TFloat32 tensor = (TFloat32) result.get(index++);
                float[] value = new float[Math.toIntExact(entry.size())];
                tensor.copyTo(DataBuffers.of(value, false, false));
                values.put(entry.name(), value);
            }
        }
        return values;
    }
}
