package io.nas4j.cli;

import io.nas4j.runner.training.DetectionSearch;
import io.nas4j.runner.training.FrontMember;
import io.nas4j.runner.training.TrainingObjectives;
import io.nas4j.runner.training.TrainingSearchSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How {@code nas search} prints the Pareto front of a search with several objectives: a heading with the front's
 * size, then one line per member trained again, with why it was chosen, its objectives, its test score and its
 * model folder.
 */
final class FrontLines {

    private FrontLines() {
    }

    /** Prints nothing for a search with one objective. */
    static <M> void print(PrintWriter printer, TrainingSearchSpec used, List<FrontMember<M>> front,
                          Function<M, String> test) {
        if (!used.multiObjective()) {
            return;
        }
        List<FrontMember<M>> trained = front.stream().filter(FrontMember::trainedAgain).toList();
        printer.println("Pareto front over " + String.join(",", used.objectives()) + ": " + front.size()
                + (front.size() == 1 ? " network" : " networks") + ", " + trained.size() + " trained again on"
                + " training and validation data (export one with 'nas export --trial ID'):");
        for (FrontMember<M> member : trained) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  trial %d (%s):", member.trial().id(),
                    String.join(", ", member.selectedAs())));
            for (String name : used.objectives()) {
                double value = TrainingObjectives.objective(name, used).value(member.trial().metrics());
                line.append(' ').append(!name.equals(TrainingObjectives.ACCURACY) ? name
                                : used.task().equals(DetectionSearch.TASK) ? "validation mAP@0.5" : "validation accuracy").append(' ')
                        .append(format(name, value)).append(',');
            }
            line.append(' ').append(test.apply(member.test())).append(", model ").append(member.model());
            printer.println(line);
        }
    }

    /** The line before a front member's final training. */
    static String retraining(long trial, List<String> selectedAs) {
        return "training front member trial " + trial + " (" + String.join(", ", selectedAs)
                + ") again on training and validation data";
    }

    private static String format(String objective, double value) {
        return switch (objective) {
            case TrainingObjectives.ACCURACY -> String.format(Locale.ROOT, "%.4f", value);
            case TrainingObjectives.PARAMS, TrainingObjectives.MACS -> String.format(Locale.ROOT, "%,d", Math.round(value));
            default -> String.format(Locale.ROOT, "%.3f", value);
        };
    }
}
