package io.nas4j.runner.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.executor.process.WorkerPoolExecutor;
import io.nas4j.core.engine.Engines;
import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.DetectionLayout;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.port.TrainingBackend;
import io.nas4j.core.port.TrainingPlan;
import io.nas4j.core.port.TrialExecutor;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.trial.Fidelity;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.trial.Trial;
import io.nas4j.core.trial.TrialResult;
import io.nas4j.core.trial.TrialState;
import io.nas4j.tasks.detection.DetectionEstimator;
import io.nas4j.tasks.detection.DetectionTask;
import io.nas4j.tasks.detection.MeanAveragePrecision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The final training of the chosen detector: from scratch on training and validation images, then once on
 * the test images; the model and its input statistics are saved. With worker processes it runs as the one
 * trial of a one-worker pool ({@link Factory}), so that it trains, like the candidates, with one engine
 * thread in a process of its own: on a CPU shared with other work, two threads in the command's JVM were
 * measured 5.8 times slower per step than one thread in a worker.
 */
public final class DetectionFinalTraining {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private DetectionFinalTraining() {
    }

    /**
     * What the final training measured.
     *
     * @param test          the test images' mAP
     * @param seconds       training time
     * @param epochsTrained epochs trained (fewer than asked when the deadline came first)
     */
    public record Result(MeanAveragePrecision.Result test, double seconds, int epochsTrained) {
    }

    /** What a worker needs besides the search spec: the genome's text, epochs, where to save, the deadline. */
    public record Request(TrainingSearchSpec spec, String genome, int epochs, String model, long deadlineEpochMillis) {
    }

    /** Trains {@code best} for {@code epochs}, in a worker process when the spec has workers, else here. */
    static <G extends Genome> Result run(DetectionSearch.Job<G> job, G best, int epochs, Path model, Instant deadline) {
        if (job.spec().workers() == 0) {
            return train(job, best, epochs, model, deadline);
        }
        Request request = new Request(job.spec(), job.space().format(best), epochs, model.toAbsolutePath().toString(),
                deadline == null ? 0 : deadline.toEpochMilli());
        String configuration;
        try {
            configuration = JSON.writeValueAsString(request);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the final training request as JSON", e);
        }
        try (TrialExecutor pool = new WorkerPoolExecutor(WorkerPoolExecutor.Settings.of(job.space(),
                TrialRecipe.of(Factory.class, configuration), 1)
                .withThreadsPerWorker(1)
                .withJvmOptions(List.of("-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error")))) {
            TrialResult result = pool.submit(new Trial<>(0, best, Fidelity.of(epochs), 1), trial -> {
                throw new IllegalStateException("the final training runs in the worker");
            }).get();
            if (result.state() != TrialState.COMPLETE) {
                throw new IllegalStateException("the final training failed: " + result.reason());
            }
            return fromMetrics(result.metrics(), job.task().train().classes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the final training", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the final training failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The final training itself, in this JVM. */
    static <G extends Genome> Result train(DetectionSearch.Job<G> job, G best, int epochs, Path model, Instant deadline) {
        DetectionTask task = job.task();
        NetworkSpec network = job.space().decode(best, task.head());
        DetectionLayout layout = DetectionLayout.of(network);
        return DivergenceRetry.train(job.estimator().planFor(best, epochs).withDataFraction(1.0),
                plan -> train(job, network, layout, plan, model, deadline));
    }

    private static <G extends Genome> Result train(DetectionSearch.Job<G> job, NetworkSpec network, DetectionLayout layout,
                                                   TrainingPlan plan, Path model, Instant deadline) {
        DetectionTask task = job.task();
        TrainingBackend backend = job.backend();
        try (TrainingBackend.Model trained = backend.compile(network)) {
            TrainingBackend.TrainingReport report = backend.train(trained,
                    job.estimator().trainingView(network, task.trainAndValidation()), null, plan,
                    FinalTrainingBudget.fill(deadline, job.spec().finalEpochs()));
            MeanAveragePrecision.Result test = DetectionEstimator.evaluate(layout, backend.predict(trained, task.test()),
                    task.test());
            backend.save(trained, model);
            JSON.writeValue(model.resolve(TrainingSearch.NORMALIZATION_FILE).toFile(), task.normalization());
            return new Result(test, report.seconds(), report.trainLoss().size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the final model to " + model + ": " + e.getMessage(), e);
        }
    }

    /** The result as trial metrics: NaN per-class APs (classes absent from the test images) are left out. */
    static Map<String, Double> toMetrics(Result result) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("map50", result.test().map50());
        metrics.put("map", result.test().map());
        metrics.put("coco50", result.test().coco50());
        for (int label = 0; label < result.test().perClassAp50().size(); label++) {
            double ap = result.test().perClassAp50().get(label);
            if (!Double.isNaN(ap)) {
                metrics.put("ap50_" + label, ap);
            }
        }
        metrics.put("train_seconds", result.seconds());
        metrics.put("epochs", (double) result.epochsTrained());
        return metrics;
    }

    static Result fromMetrics(Map<String, Double> metrics, int classes) {
        List<Double> perClass = new ArrayList<>();
        for (int label = 0; label < classes; label++) {
            perClass.add(metrics.getOrDefault("ap50_" + label, Double.NaN));
        }
        return new Result(new MeanAveragePrecision.Result(metrics.get("map50"), metrics.get("map"), metrics.get("coco50"),
                perClass), metrics.get("train_seconds"), metrics.get("epochs").intValue());
    }

    /** Builds, in the worker process, the job that runs the one final-training trial of a {@link Request}. */
    public static final class Factory implements TrialRecipe.Factory {

        @Override
        public TrialRecipe.Evaluation<?> create(String configuration) throws Exception {
            Request request = JSON.readValue(configuration, Request.class);
            return evaluation(new DetectionSearch(Engines.installed().trainingBackends(), Strategies.installed())
                    .job(request.spec()), request);
        }

        private static <G extends Genome> TrialRecipe.Evaluation<G> evaluation(DetectionSearch.Job<G> job,
                                                                             Request request) {
            Instant deadline = request.deadlineEpochMillis() == 0 ? null : Instant.ofEpochMilli(request.deadlineEpochMillis());
            return new TrialRecipe.Evaluation<>(job.space(), trial -> new TrialResult(TrialState.COMPLETE,
                    toMetrics(train(job, trial.genome(), request.epochs(), Path.of(request.model()), deadline)),
                    request.epochs(), "", List.of()));
        }
    }
}
