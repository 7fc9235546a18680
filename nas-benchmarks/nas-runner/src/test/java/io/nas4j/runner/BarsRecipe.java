package io.nas4j.runner;

import io.nas4j.core.port.TrialRecipe;

/**
 * What a host writes to run its trials in worker processes: a factory that builds, in the worker, the same
 * search it runs (here the test's bars search with the seed the configuration names) and returns its
 * evaluation.
 */
public final class BarsRecipe implements TrialRecipe.Factory {

    @Override
    public TrialRecipe.Evaluation<?> create(String configuration) {
        long seed = Long.parseLong(configuration);
        return ArchitectureSearchTest.search(seed, java.nio.file.Path.of("unused")).build().evaluation();
    }
}
