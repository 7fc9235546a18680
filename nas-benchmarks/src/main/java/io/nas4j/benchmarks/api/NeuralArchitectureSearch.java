package io.nas4j.benchmarks.api;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import io.nas4j.benchmarks.training.TrainingExecutors;
import io.nas4j.benchmarks.training.TrainingSearch;
import io.nas4j.benchmarks.training.TrainingSearchSpec;
import io.nas4j.benchmarks.wiring.NasModule;
import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.search.Strategies;

import java.nio.file.Path;
import java.util.Map;

/**
 * The entry point for host applications: a search that trains its candidates, composed by Guice from
 * {@link NasModule} (spaces, strategies, the DJL backend) and any modules of the host's own (another
 * backend, say), run in a few lines without the command line:
 *
 * <pre>{@code
 * TrainingSearch.Outcome outcome = NeuralArchitectureSearch.create()
 *         .run(TrainingSearchSpec.builder().budget(10, 0).seed(7).build(), Path.of("out"));
 * double testAccuracy = outcome.test().accuracy();
 * }</pre>
 */
public final class NeuralArchitectureSearch {

    private final TrainingSearch search;

    private NeuralArchitectureSearch(Injector injector) {
        Map<String, TrainingBackend> backends = injector.getInstance(Key.get(new TypeLiteral<Map<String, TrainingBackend>>() { }));
        Map<String, ProxyScorer> proxyScorers = injector.getInstance(Key.get(new TypeLiteral<Map<String, ProxyScorer>>() { }));
        this.search = new TrainingSearch(backends, proxyScorers, injector.getInstance(Strategies.class));
    }

    /** Composed from {@link NasModule} and {@code extra} modules. */
    public static NeuralArchitectureSearch create(Module... extra) {
        Module[] modules = new Module[extra.length + 1];
        modules[0] = new NasModule();
        System.arraycopy(extra, 0, modules, 1, extra.length);
        return new NeuralArchitectureSearch(Guice.createInjector(modules));
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
