package io.nas4j.runner.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.core.engine.Engines;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.search.Strategies;


/**
 * The recipe factory of a training search's worker processes: it builds there the same space and estimator as
 * the search, from the {@link TrainingSearchSpec} as JSON and the engines installed on the class path
 * ({@link Engines}).
 */
public final class TrainingJobFactory implements TrialRecipe.Factory {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The configuration a worker needs for {@code spec}. */
    public static String configuration(TrainingSearchSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the search spec as JSON", e);
        }
    }

    @Override
    public TrialRecipe.Evaluation<?> create(String configuration) throws Exception {
        TrainingSearchSpec spec = JSON.readValue(configuration, TrainingSearchSpec.class);
        TrainingSearch.Job<?> job = new TrainingSearch(Engines.installed().trainingBackends(), Strategies.installed()).job(spec);
        return evaluation(job);
    }

    private static <G extends Genome> TrialRecipe.Evaluation<G> evaluation(TrainingSearch.Job<G> job) {
        return new TrialRecipe.Evaluation<>(job.space(), job.searchEstimator());
    }
}
