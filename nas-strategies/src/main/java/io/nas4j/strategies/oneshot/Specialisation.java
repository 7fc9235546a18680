package io.nas4j.strategies.oneshot;

import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.port.Dataset;
import io.nas4j.core.port.SupernetBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Once-for-all style specialisation: from one trained weight-sharing supernet, the best subnet (by
 * inherited-weight validation accuracy) under each of several resource limits, found by
 * {@link InheritedWeightEvolution} restricted to the subnets within the limit. The supernet is not
 * retrained; each subnet can be taken out with its inherited weights ({@link SupernetBackend.Supernet#extract}).
 */
public final class Specialisation {

    private Specialisation() {
    }

    /** What a limit bounds: trainable parameters or multiply-adds per example, as the core's analysis counts them. */
    public enum Measure {
        PARAMETERS, MACS;

        long of(NetworkAnalysis analysis) {
            return this == PARAMETERS ? analysis.parameters() : analysis.macs();
        }
    }

    /** An upper bound on one measure. */
    public record Limit(Measure measure, long value) {
        public Limit {
            Objects.requireNonNull(measure, "measure");
            if (value < 1) {
                throw new IllegalArgumentException("a limit must be positive, got " + value);
            }
        }

        @Override
        public String toString() {
            return measure.name().toLowerCase(Locale.ROOT) + " <= " + value;
        }
    }

    /** The best subnet within a limit (null when the search found none within it) and how many subnets it scored. */
    public record Specialised(Limit limit, InheritedWeightEvolution.Candidate best, int evaluated) {
    }

    public static List<Specialised> specialise(SupernetBackend.Supernet supernet, List<Limit> limits, Dataset validation,
                                               Dataset calibration, InheritedWeightEvolution.Settings settings) {
        List<Specialised> results = new ArrayList<>();
        for (Limit limit : limits) {
            InheritedWeightEvolution.Outcome outcome = InheritedWeightEvolution.search(supernet, validation, calibration,
                    settings, analysis -> limit.measure().of(analysis) <= limit.value());
            results.add(new Specialised(limit, outcome.best(), outcome.evaluated().size()));
        }
        return results;
    }
}
