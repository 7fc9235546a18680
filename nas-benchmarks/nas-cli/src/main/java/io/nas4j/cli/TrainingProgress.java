package io.nas4j.cli;

import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.SearchListener;
import io.nas4j.core.search.SearchResult;
import io.nas4j.runner.training.TrainingSearchSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * How a search that trains its candidates (classification, volumetric, detection) shows its progress on
 * standard error: once the data has loaded, a line saying what is searched; then a progress line with the
 * incumbent's value and the time left; then a line when the search ends.
 */
class TrainingProgress implements SearchListener {

    private final PrintWriter err;
    private final TrainingSearchSpec used;
    private final String heading;
    private final Function<Map<String, Double>, String> incumbent;
    private final String retraining;
    private final ProgressLine progress;
    private int resumed;
    private int finished;

    /**
     * @param candidates what is searched, after the space's name: empty for networks, {@code " detectors"}
     * @param trials     what the budget counts, after it: {@code " trials of 3 epochs"}
     * @param incumbent  the incumbent's value from its metrics, after {@code "trials"}: {@code ", best ... 0.9"}
     * @param retraining what follows the search when a trial completed: {@code "training the best network again ..."}
     */
    TrainingProgress(PrintWriter err, TrainingSearchSpec used, String candidates, String trials,
                     Function<Map<String, Double>, String> incumbent, String retraining) {
        this.err = err;
        this.used = used;
        this.heading = "searching " + used.space() + candidates + " on " + used.dataset() + " with " + used.strategy()
                + " (" + used.budget() + trials + ", " + (used.workers() == 0 ? "in process"
                : used.workers() + (used.workers() == 1 ? " worker" : " workers")) + ", backend " + used.backend() + ")";
        this.incumbent = incumbent;
        this.retraining = retraining;
        this.progress = new ProgressLine(err, "search " + used.space());
    }

    @Override
    public void searchStarted(int maxTrials, int resumedTrials) {
        // only once the data has loaded, so that an input error is the only line printed
        resumed = resumedTrials;
        finished = resumedTrials;
        progress.start(resumedTrials);
        err.println(heading);
        err.flush();
    }

    @Override
    public void trialFinished(TrialRecord trial, TrialRecord best) {
        // an interrupted trial that runs again was counted among the resumed ones
        if (trial.id() >= resumed) {
            finished++;
        }
        progress.update(finished, used.budget(), "trials" + (best == null ? "" : incumbent.apply(best.metrics())),
                used.timeLimitSeconds() == 0 ? null : Duration.ofSeconds(used.searchSeconds()));
    }

    @Override
    public void searchFinished(SearchResult<?> result) {
        progress.finish();
        err.println("search finished after " + result.trials().size() + " trials"
                + (result.best().isEmpty() ? "" : "; " + retraining));
        err.flush();
    }

    /** Ends the progress lines, whether or not the search got as far as finishing. */
    void finish() {
        progress.finish();
    }
}
