package io.nas4j.cli;

import com.google.inject.Inject;
import io.nas4j.core.UserInputException;
import io.nas4j.cli.config.SearchConfig;
import io.nas4j.runner.store.StoredSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code nas resume}: continues a search that stopped (killed, crashed, out of time) from its trial store.
 * Every finished trial is kept; trials that were running when their process died run again; the strategy
 * is rebuilt by replaying the stored ask/tell sequence, so a resumed search ends as an uninterrupted one
 * with the same seed would have.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "io.nas4j.cli.resume",
        description = "Continue an interrupted search from its trial store and write DIR/result.json.")
final class ResumeCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the search's output folder")
    private Path out;

    @Option(names = "--adopt-store", description = "continue the search in --out although its store was made for another "
            + "output folder (a copied or moved store, or another folder's --store); the store then belongs to --out")
    private boolean adoptStore;

    @Mixin
    private StoreOptions store;

    @Mixin
    private ExecutorOptions executor;

    @Spec
    private CommandSpec spec;

    private final SearchCommand search;
    private final TabularSearchCommand tabular;

    @Inject
    ResumeCommand(SearchCommand search, TabularSearchCommand tabular) {
        this.search = search;
        this.tabular = tabular;
    }

    @Override
    public Integer call() {
        Inputs.named(out, "--out");
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserInputException("--out " + out + " is a file, not a search's output folder");
        }
        Integer attemptsFlag = store.givenAttempts();
        PrintWriter printer = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (StoredSearch stored = StoredSearch.forResume(store.url(), out, adoptStore)) {
            int attempts = attemptsFlag != null ? attemptsFlag : storedAttempts(stored);
            SearchConfig config = stored.config(SearchConfig.class);
            stored.onTakeOver(recovery -> {
                err.println("resuming the search in " + stored.description() + ": " + recovery.finished()
                        + " finished trials kept, " + recovery.requeued() + " interrupted trials to run again");
                err.flush();
            });
            String kind = stored.required(StoredSearch.KIND);
            if (kind.equals(StoredSearch.TABULAR)) {
                QueueSearches.refuse(executor, "a tabular search looks its trials up in this process");
                if (executor.spark()) {
                    throw new UserInputException("--executor spark does not apply to resuming a tabular search: "
                            + "its remaining lookups run in this process, with the same results");
                }
            }
            return switch (kind) {
                case StoredSearch.TABULAR -> tabular.run(config, out, stored, attempts, printer, err);
                case StoredSearch.TRAINING -> search.resumeTraining(config, out, stored, attempts, executor, printer, err);
                default -> throw new UserInputException("the store " + stored.description() + " holds a search of kind "
                        + kind + ", which this nas4j cannot resume; allowed: " + StoredSearch.TABULAR + ", " + StoredSearch.TRAINING);
            };
        }
    }

    /**
     * Refuses a stored budget no search can have been started with (a store changed by hand), in the sentence
     * {@code resume} and {@code serve} both use.
     */
    static void checkStoredBudget(String store, Integer budget) {
        if (budget != null && budget < 1) {
            throw new UserInputException("the store " + store + " holds a search with budget " + budget
                    + "; a search runs at least 1 trial");
        }
    }

    private static int storedAttempts(StoredSearch stored) {
        String text = stored.attribute(StoredSearch.MAX_ATTEMPTS).orElse(Integer.toString(StoreOptions.DEFAULT_ATTEMPTS));
        try {
            return StoreOptions.attempts(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            throw new UserInputException("the store " + stored.description() + " holds maxAttempts " + text
                    + ", which is not a whole number", e);
        }
    }
}
