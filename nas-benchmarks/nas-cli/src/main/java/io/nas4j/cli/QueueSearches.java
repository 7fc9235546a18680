package io.nas4j.cli;

import io.nas4j.core.UserInputException;
import io.nas4j.runner.training.QueuedTrials;
import io.nas4j.runner.training.TrainingSearchSpec;

import java.util.Map;

/** What {@code nas search --executor queue} changes: which searches may queue their trials, and how the store says so. */
final class QueueSearches {

    private QueueSearches() {
    }

    /** Refuses {@code --executor queue} for a search whose trials cannot leave this process, saying {@code why}. */
    static void refuse(ExecutorOptions executor, String why) {
        if (executor.queue()) {
            throw new UserInputException("--executor queue is for training searches; " + why + ", so use --executor local");
        }
    }

    /** Marks a new training search as queued in its store's description, when {@code --executor queue} asks for it. */
    static void describe(ExecutorOptions executor, TrainingSearchSpec used, Map<String, String> description) {
        if (!executor.queue()) {
            return;
        }
        description.put(QueuedTrials.EXECUTOR, QueuedTrials.QUEUE);
    }
}
