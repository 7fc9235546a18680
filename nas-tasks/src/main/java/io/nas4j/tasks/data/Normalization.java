package io.nas4j.tasks.data;

import io.nas4j.core.port.Dataset;

import java.util.List;
import java.util.Objects;

/**
 * Per-channel standardisation: {@code (x - mean[c]) / std[c]} for every value of channel {@code c}.
 *
 * <p>Contract: {@link #fit} computes the statistics from the data it is given, which should be the training
 * part only, so that nothing about validation or test examples leaks into training; {@link #standardize}
 * does exactly that for a {@link Split}. {@link #apply} never changes its argument: it returns a new
 * {@link TensorDataset} under the same name. A channel whose training values are all equal has standard
 * deviation 0 and is only centred (divided by 1), not blown up.
 *
 * @param mean the mean of each channel
 * @param std  the population standard deviation of each channel, finite and at least 0
 */
public record Normalization(List<Double> mean, List<Double> std) {

    /** Examples read per {@link Dataset#copyInputs} call, so fitting never copies a whole large set. */
    private static final int CHUNK = 1024;

    public Normalization {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.isEmpty() || mean.size() != std.size()) {
            throw new IllegalArgumentException("need one mean and one standard deviation per channel, got "
                    + mean.size() + " means and " + std.size() + " deviations");
        }
        for (int channel = 0; channel < mean.size(); channel++) {
            if (!Double.isFinite(mean.get(channel)) || !(std.get(channel) >= 0) || std.get(channel).isInfinite()) {
                throw new IllegalArgumentException("channel " + channel + " has mean " + mean.get(channel)
                        + " and standard deviation " + std.get(channel) + "; both must be finite, the deviation "
                        + "at least 0");
            }
        }
    }

    /** Mean 0 and deviation 1 for each of {@code channels} channels: inputs used as they are. */
    public static Normalization identity(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be at least 1, got " + channels);
        }
        return new Normalization(java.util.Collections.nCopies(channels, 0.0), java.util.Collections.nCopies(channels, 1.0));
    }

    /** Whether applying these statistics leaves every value as it is. */
    public boolean isIdentity() {
        return mean.stream().allMatch(value -> value == 0.0) && std.stream().allMatch(value -> value == 1.0 || value == 0.0);
    }

    /** The per-channel mean and standard deviation of every value of {@code data} (two passes, in double). */
    public static Normalization fit(Dataset data) {
        Objects.requireNonNull(data, "data");
        if (data.size() == 0) {
            throw new IllegalArgumentException(data.name() + " is empty: no statistics to normalise with");
        }
        int channels = data.inputShape().channels();
        int plane = TensorDataset.elementsOf(data.inputShape()) / channels;
        double[] sums = new double[channels];
        forEachChunk(data, (values, count) -> {
            for (int position = 0; position < count * channels * plane; position++) {
                sums[(position / plane) % channels] += values[position];
            }
        });
        double perChannel = 1.0 * data.size() * plane;
        double[] means = new double[channels];
        for (int channel = 0; channel < channels; channel++) {
            means[channel] = sums[channel] / perChannel;
        }
        double[] squares = new double[channels];
        forEachChunk(data, (values, count) -> {
            for (int position = 0; position < count * channels * plane; position++) {
                int channel = (position / plane) % channels;
                double deviation = values[position] - means[channel];
                squares[channel] += deviation * deviation;
            }
        });
        Double[] meanList = new Double[channels];
        Double[] stdList = new Double[channels];
        for (int channel = 0; channel < channels; channel++) {
            meanList[channel] = means[channel];
            stdList[channel] = Math.sqrt(squares[channel] / perChannel);
        }
        return new Normalization(List.of(meanList), List.of(stdList));
    }

    /**
     * Fits on {@code split.train()} only and applies the result to all three parts.
     */
    public static Split standardize(Split split) {
        return fit(split.train()).apply(split);
    }

    /** The three parts of {@code split}, each normalised with these statistics. */
    public Split apply(Split split) {
        return new Split(apply(split.train()), apply(split.validation()), apply(split.test()));
    }

    /**
     * A new dataset holding {@code data}'s examples normalised with these statistics.
     *
     * @throws IllegalArgumentException when {@code data} has a different channel count
     */
    public TensorDataset apply(Dataset data) {
        Objects.requireNonNull(data, "data");
        int channels = data.inputShape().channels();
        if (channels != mean.size()) {
            throw new IllegalArgumentException(data.name() + " has " + channels + " channels, these statistics "
                    + "are for " + mean.size());
        }
        int elements = TensorDataset.elementsOf(data.inputShape());
        int plane = elements / channels;
        float[] shifts = new float[channels];
        float[] scales = new float[channels];
        for (int channel = 0; channel < channels; channel++) {
            shifts[channel] = mean.get(channel).floatValue();
            double deviation = std.get(channel);
            scales[channel] = (float) (1.0 / (deviation > 0 ? deviation : 1.0));
        }
        float[] result = new float[Math.multiplyExact(data.size(), elements)];
        data.copyInputs(Datasets.allIndices(data.size()), result);
        for (int position = 0; position < result.length; position++) {
            int channel = (position / plane) % channels;
            result[position] = (result[position] - shifts[channel]) * scales[channel];
        }
        return TensorDataset.wrap(data.name(), data.inputShape(), data.classes(), result, Datasets.labels(data));
    }

    private interface ChunkConsumer {
        void accept(float[] values, int count);
    }

    private static void forEachChunk(Dataset data, ChunkConsumer consumer) {
        int elements = TensorDataset.elementsOf(data.inputShape());
        int chunk = Math.max(1, Math.min(CHUNK, data.size()));
        float[] values = new float[Math.multiplyExact(chunk, elements)];
        for (int start = 0; start < data.size(); start += chunk) {
            int count = Math.min(chunk, data.size() - start);
            int[] indices = new int[count];
            for (int offset = 0; offset < count; offset++) {
                indices[offset] = start + offset;
            }
            data.copyInputs(indices, values);
            consumer.accept(values, count);
        }
    }
}
