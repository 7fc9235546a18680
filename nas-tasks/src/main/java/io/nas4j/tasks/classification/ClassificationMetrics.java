package io.nas4j.tasks.classification;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The quality of a classifier's predictions, computed in plain Java from logits and true labels: the
 * confusion matrix, top-1 accuracy and per-class accuracy (recall).
 *
 * <p>Contract: immutable; accessors return copies. The predicted class of a row of logits is its largest
 * entry, the lowest index winning ties. Logits containing NaN are rejected (a diverged network has no
 * prediction to score), as are rows of the wrong length and labels outside {@code [0, classes)}. With no
 * examples, accuracy is NaN; a class with no examples has per-class accuracy NaN.
 */
public final class ClassificationMetrics {

    /** The name of top-1 accuracy in metric maps and objectives. */
    public static final String ACCURACY = "accuracy";

    /** Every metric name {@link #value} knows. */
    public static final List<String> NAMES = List.of(ACCURACY);

    private final int[][] confusion;
    private final int count;
    private final int correct;

    private ClassificationMetrics(int[][] confusion) {
        this.confusion = confusion;
        int total = 0;
        int diagonal = 0;
        for (int actual = 0; actual < confusion.length; actual++) {
            for (int predicted = 0; predicted < confusion.length; predicted++) {
                total += confusion[actual][predicted];
            }
            diagonal += confusion[actual][actual];
        }
        this.count = total;
        this.correct = diagonal;
    }

    /**
     * Scores {@code logits} (one row of {@code classes} values per example) against {@code labels}.
     *
     * @throws IllegalArgumentException when the sizes disagree, a label is out of range or a logit is NaN
     */
    public static ClassificationMetrics of(float[][] logits, int[] labels, int classes) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(labels, "labels");
        if (logits.length != labels.length) {
            throw new IllegalArgumentException(logits.length + " rows of logits for " + labels.length + " labels");
        }
        int[] predicted = new int[logits.length];
        for (int example = 0; example < logits.length; example++) {
            float[] row = logits[example];
            if (row.length != classes) {
                throw new IllegalArgumentException("logits row " + example + " has " + row.length
                        + " values, expected one per class (" + classes + ")");
            }
            int best = 0;
            for (int candidate = 0; candidate < row.length; candidate++) {
                if (Float.isNaN(row[candidate])) {
                    throw new IllegalArgumentException("logits row " + example + " holds NaN at class " + candidate);
                }
                if (row[candidate] > row[best]) {
                    best = candidate;
                }
            }
            predicted[example] = best;
        }
        return ofPredictions(predicted, labels, classes);
    }

    /** Scores predicted class indices against {@code labels}. */
    public static ClassificationMetrics ofPredictions(int[] predicted, int[] labels, int classes) {
        Objects.requireNonNull(predicted, "predicted");
        Objects.requireNonNull(labels, "labels");
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " labels");
        }
        int[][] confusion = new int[classes][classes];
        for (int example = 0; example < labels.length; example++) {
            checkClass("label", labels[example], example, classes);
            checkClass("prediction", predicted[example], example, classes);
            confusion[labels[example]][predicted[example]]++;
        }
        return new ClassificationMetrics(confusion);
    }

    /**
     * Metrics from a confusion matrix (rows: true class, columns: predicted class), the form
     * {@link io.nas4j.core.port.TrainingBackend.Evaluation} reports.
     */
    public static ClassificationMetrics ofConfusion(int[][] confusion) {
        Objects.requireNonNull(confusion, "confusion");
        if (confusion.length < 1) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class");
        }
        int[][] copy = new int[confusion.length][];
        for (int actual = 0; actual < confusion.length; actual++) {
            if (confusion[actual].length != confusion.length) {
                throw new IllegalArgumentException("confusion matrix row " + actual + " has "
                        + confusion[actual].length + " columns, expected " + confusion.length);
            }
            copy[actual] = confusion[actual].clone();
            for (int cell : copy[actual]) {
                if (cell < 0) {
                    throw new IllegalArgumentException("confusion matrix row " + actual + " holds a negative count");
                }
            }
        }
        return new ClassificationMetrics(copy);
    }

    private static void checkClass(String what, int value, int example, int classes) {
        if (value < 0 || value >= classes) {
            throw new IllegalArgumentException(what + " " + value + " of example " + example + " is outside [0, "
                    + classes + ")");
        }
    }

    public int classes() {
        return confusion.length;
    }

    /** The number of examples scored. */
    public int count() {
        return count;
    }

    /** The number of examples whose predicted class is their label. */
    public int correct() {
        return correct;
    }

    /** Top-1 accuracy in [0, 1]: {@code correct() / count()}; NaN with no examples. */
    public double accuracy() {
        return count == 0 ? Double.NaN : (double) correct / count;
    }

    /** For each class, the fraction of its examples predicted as that class; NaN for a class with none. */
    public double[] perClassAccuracy() {
        double[] accuracy = new double[confusion.length];
        for (int actual = 0; actual < confusion.length; actual++) {
            int examples = 0;
            for (int cell : confusion[actual]) {
                examples += cell;
            }
            accuracy[actual] = examples == 0 ? Double.NaN : (double) confusion[actual][actual] / examples;
        }
        return accuracy;
    }

    /** A copy of the confusion matrix: element {@code [actual][predicted]} counts such examples. */
    public int[][] confusion() {
        int[][] copy = new int[confusion.length][];
        for (int actual = 0; actual < confusion.length; actual++) {
            copy[actual] = confusion[actual].clone();
        }
        return copy;
    }

    /**
     * The metric called {@code name}, one of {@link #NAMES}.
     *
     * @throws IllegalArgumentException for any other name, listing the known ones
     */
    public double value(String name) {
        if (ACCURACY.equals(name)) {
            return accuracy();
        }
        throw new IllegalArgumentException("unknown classification metric '" + name + "'; known: " + NAMES);
    }

    /** Every named metric, in the form trial results and objectives use. */
    public Map<String, Double> values() {
        return Map.of(ACCURACY, accuracy());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassificationMetrics metrics && Arrays.deepEquals(confusion, metrics.confusion);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(confusion);
    }

    @Override
    public String toString() {
        return "accuracy " + correct + "/" + count + ", confusion " + Arrays.deepToString(confusion);
    }
}
