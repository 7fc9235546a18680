package io.nas4j.cli.spark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.cli.config.SearchConfig;
import io.nas4j.benchmarks.tabular.TabularBackend;
import io.nas4j.cli.wiring.NasModule;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.space.SearchSpace;

import java.nio.file.Path;
import java.util.Map;

/**
 * Builds a tabular search's estimator on a Spark executor from the search's resolved configuration (the
 * JSON of its {@link SearchConfig}): the same space and benchmark table, read from the same data folder,
 * which every executor must therefore see.
 */
public final class TabularRemoteFactory implements TrialRecipe.Factory {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Override
    public TrialRecipe.Evaluation<?> create(String configuration) throws Exception {
        SearchConfig config = JSON.readValue(configuration, SearchConfig.class);
        var injector = com.google.inject.Guice.createInjector(new NasModule());
        Map<String, SearchSpace<?>> spaces = injector.getInstance(com.google.inject.Key.get(
                new com.google.inject.TypeLiteral<Map<String, SearchSpace<?>>>() { }));
        return remote(spaces.get(config.space()), injector.getInstance(TabularBackend.class), config);
    }

    private static <G extends Genome> TrialRecipe.Evaluation<G> remote(SearchSpace<G> space, TabularBackend backend,
                                                                      SearchConfig config) {
        return new TrialRecipe.Evaluation<>(space, backend.estimator(space, Path.of(config.dataDir()), config.dataset()));
    }
}
