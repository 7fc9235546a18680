package io.nas4j.runner.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.core.engine.Engines;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.search.Strategies;


/**
 * The recipe factory of a detection search's worker processes: it builds there the same space and estimator
 * as the search, from the {@link TrainingSearchSpec} as JSON and the engines installed on the class path
 * ({@link Engines}).
 */
public final class DetectionJobFactory implements TrialRecipe.Factory {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Override
    public TrialRecipe.Evaluation<?> create(String configuration) throws Exception {
        TrainingSearchSpec spec = JSON.readValue(configuration, TrainingSearchSpec.class);
        return evaluation(new DetectionSearch(Engines.installed().trainingBackends(), Strategies.installed()).job(spec));
    }

    private static <G extends Genome> TrialRecipe.Evaluation<G> evaluation(DetectionSearch.Job<G> job) {
        return new TrialRecipe.Evaluation<>(job.space(), job.searchEstimator());
    }
}
