package io.nas4j.benchmarks.tabular;

import java.util.List;
import java.util.Objects;

/**
 * One architecture of NAS-Bench-Macro with its CIFAR-10 results.
 *
 * @param key            the 8-digit block choice string, as {@link io.nas4j.core.genome.MacroGenome#key} writes it
 * @param testAccuracies test accuracy of each training seed, in percent
 * @param meanAccuracy   their mean, in percent: what the suite searches on and reports
 * @param std            their standard deviation
 * @param params         parameter count
 * @param flops          floating-point operations of one forward pass
 */
public record MacroEntry(String key, List<Double> testAccuracies, double meanAccuracy, double std, double params,
                         double flops) {

    public MacroEntry {
        Objects.requireNonNull(key, "key");
        testAccuracies = List.copyOf(testAccuracies);
    }
}
