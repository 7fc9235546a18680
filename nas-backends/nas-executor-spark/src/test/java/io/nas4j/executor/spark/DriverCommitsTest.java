package io.nas4j.executor.spark;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecipe;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.search.Budget;
import io.nas4j.core.search.Search;
import io.nas4j.core.search.SearchResult;
import io.nas4j.core.space.MacroSpace;
import io.nas4j.core.trial.TrialState;
import io.nas4j.store.jdbc.JdbcTrialStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spark in this JVM ({@code local[1]}) with an SQLite store only the driver opens: the tasks return their
 * results, the driver commits them under a lease labelled with the task that ran, and each trial reaches its
 * task with the incumbent the search started it with.
 */
class DriverCommitsTest {

    private static final int BUDGET = 6;

    @TempDir
    Path folder;

    @Test
    void anSqliteStoreIsTheDriversAndAPostgresStoreTheTasks() {
        assertThat(SparkTrialExecutor.Results.forStore("jdbc:sqlite:/tmp/x/trials.db"))
                .isEqualTo(SparkTrialExecutor.Results.DRIVER);
        assertThat(SparkTrialExecutor.Results.forStore("jdbc:postgresql://db/nas?user=u"))
                .isEqualTo(SparkTrialExecutor.Results.TASKS);
    }

    @Test
    void theDriverCommitsWhatTasksReturnAndTheIncumbentTravelsWithEachTrial() {
        MacroSpace space = new MacroSpace();
        String url = JdbcTrialStore.sqliteUrl(folder.resolve("trials.db"));
        SparkTrialExecutor.Settings settings = new SparkTrialExecutor.Settings("local[1]", 1, space, url,
                TrialRecipe.of(IncumbentEchoFactory.class, ""), SparkTrialExecutor.settings(
                "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1"));
        assertThat(settings.results()).isEqualTo(SparkTrialExecutor.Results.DRIVER);
        try (JdbcTrialStore store = JdbcTrialStore.open(url);
             SparkTrialExecutor executor = new SparkTrialExecutor(settings)) {
            store.acquireSearch();
            SearchResult<MacroGenome> result = Search.builder(space)
                    .strategy(new RandomMacro(space, 3))
                    .estimator(trial -> {
                        throw new AssertionError("the driver never evaluates");
                    })
                    .objective(Objective.maximize("accuracy"))
                    .budget(Budget.trials(BUDGET))
                    .executor(executor)
                    .store(store)
                    .build().run();

            List<TrialRecord> trials = store.trials();
            assertThat(trials).hasSize(BUDGET).allSatisfy(trial -> assertThat(trial.state()).isEqualTo(TrialState.COMPLETE));
            assertThat(store.workers()).hasSize(BUDGET)
                    .allSatisfy((id, worker) -> assertThat(worker).contains("spark executor driver task attempt 0"));
            assertThat(trials.get(0).metrics().get("incumbent")).as("the first trial has none").isEqualTo(-1.0);
            for (int k = 1; k < BUDGET; k++) {
                TrialRecord best = trials.subList(0, k).stream()
                        .max(java.util.Comparator.comparingDouble((TrialRecord trial) -> trial.metrics().get("accuracy"))
                                .thenComparing(trial -> -trial.id()))
                        .orElseThrow();
                assertThat(trials.get(k).metrics().get("incumbent")).as("trial %d's incumbent", k)
                        .isEqualTo(best.metrics().get("accuracy"));
            }
            assertThat(result.trials()).isEqualTo(trials);
        }
    }
}
