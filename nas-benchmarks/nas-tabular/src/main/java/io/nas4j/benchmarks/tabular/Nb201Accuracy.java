package io.nas4j.benchmarks.tabular;

/**
 * What NAS-Bench-201 recorded for one cell on one data set, in percent.
 *
 * @param validation12 validation accuracy after 12 epochs: the cheap, noisy signal a search sees
 * @param test12       test accuracy after 12 epochs
 * @param test200      test accuracy after 200 epochs: what a benchmark reports for the cell it returns
 */
public record Nb201Accuracy(double validation12, double test12, double test200) {
}
