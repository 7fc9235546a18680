package io.nas4j.runner;

import io.nas4j.core.engine.Engines;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.search.Strategies;
import io.nas4j.runner.training.TrainingExecutors;
import io.nas4j.runner.training.TrainingSearch;
import io.nas4j.runner.training.TrainingSearchSpec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The entry point for host applications: a search that trains its candidates on the engines installed on
 * the class path ({@link Engines}: add {@code nas-backend-djl}, {@code nas-backend-tensorflow} or both) with
 * the strategies installed there, run in a few lines without the command line:
 *
 * <pre>{@code
 * TrainingSearch.Outcome outcome = NeuralArchitectureSearch.create()
 *         .run(TrainingSearchSpec.builder().budget(10, 0).seed(7).build(), Path.of("out"));
 * double testAccuracy = outcome.test().accuracy();
 * }</pre>
 */
public final class NeuralArchitectureSearch {

    private final TrainingSearch search;

    private NeuralArchitectureSearch(Engines engines, Strategies strategies) {
        this.search = new TrainingSearch(engines.trainingBackends(), engines.proxyScorers(), strategies);
    }

    /** A search on the installed engines and strategies. */
    public static NeuralArchitectureSearch create() {
        return create(Engines.installed(), Strategies.installed());
    }

    /** A search on these engines and strategies. */
    public static NeuralArchitectureSearch create(Engines engines, Strategies strategies) {
        return new NeuralArchitectureSearch(Objects.requireNonNull(engines, "engines"),
                Objects.requireNonNull(strategies, "strategies"));
    }

    /** Runs the search; the final model goes to {@code output/model}. */
    public TrainingSearch.Outcome run(TrainingSearchSpec spec, Path output) {
        return run(spec, output, new SearchListener() { });
    }

    /** Runs the search, telling {@code listener} about every trial. */
    public TrainingSearch.Outcome run(TrainingSearchSpec spec, Path output, SearchListener listener) {
        return search.run(spec, job -> TrainingExecutors.forSpec(job, spec), TrainingSearch.memoryStore(), listener, output);
    }
}
