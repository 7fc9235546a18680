package io.nas4j.runner.training;

import io.nas4j.core.objective.Objective;
import io.nas4j.core.port.TrialRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which members of a Pareto front are trained again at the end of a search with several objectives, and why,
 * in this order: the best by each objective (in the objectives' order), then the knee point, then the members
 * nearest the knee's ideal, until {@code count} are chosen.
 *
 * <p>The <b>knee</b> is the member closest (Euclidean) to the ideal point after each objective is scaled over the
 * front to [0, 1] (0 the front's worst value, 1 its best; an objective on which the whole front agrees counts 1
 * for all): the member that gives up least on every objective at once. Ties go to the lower trial id. Members
 * with the same architecture (the same key) count once, as the lowest trial id.
 */
public final class FrontSelection {

    /** The reason given to the knee point. */
    public static final String KNEE = "knee";

    /** The reason given to the members chosen after the knee, nearest the ideal first. */
    public static final String NEAR_KNEE = "near-knee";

    private FrontSelection() {
    }

    /**
     * A chosen member and why: the names of the objectives it is best by, {@value #KNEE}, or {@value #NEAR_KNEE}.
     */
    public record Choice(TrialRecord trial, List<String> reasons) {

        public Choice {
            Objects.requireNonNull(trial, "trial");
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * Up to {@code count} members of {@code front} to train again.
     *
     * @param front      the non-dominated complete trials, each with every objective's metric
     * @param objectives the objectives, the primary first
     * @param names      the objectives' names as the user gave them, aligned with {@code objectives}
     * @param count      at least 1
     */
    public static List<Choice> choose(List<TrialRecord> front, List<Objective> objectives, List<String> names, int count) {
        if (objectives.size() != names.size()) {
            throw new IllegalArgumentException("one name per objective: " + names + " for " + objectives);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        List<TrialRecord> members = distinct(front);
        if (members.isEmpty()) {
            return List.of();
        }
        Map<TrialRecord, List<String>> chosen = new LinkedHashMap<>();
        for (int index = 0; index < objectives.size(); index++) {
            Objective objective = objectives.get(index);
            TrialRecord best = members.stream()
                    .max(Comparator.comparingDouble((TrialRecord trial) -> objective.score(trial.metrics()))
                            .thenComparing(Comparator.comparingLong(TrialRecord::id).reversed()))
                    .orElseThrow();
            chosen.computeIfAbsent(best, trial -> new ArrayList<>()).add(names.get(index));
        }
        List<TrialRecord> byDistance = new ArrayList<>(members);
        double[] distances = distancesToIdeal(members, objectives);
        Map<TrialRecord, Double> distance = new LinkedHashMap<>();
        for (int index = 0; index < members.size(); index++) {
            distance.put(members.get(index), distances[index]);
        }
        byDistance.sort(Comparator.comparingDouble((TrialRecord trial) -> distance.get(trial))
                .thenComparingLong(TrialRecord::id));
        chosen.computeIfAbsent(byDistance.get(0), trial -> new ArrayList<>()).add(KNEE);
        for (TrialRecord trial : byDistance) {
            chosen.computeIfAbsent(trial, next -> new ArrayList<>(List.of(NEAR_KNEE)));
        }
        return chosen.entrySet().stream().limit(count).map(entry -> new Choice(entry.getKey(), entry.getValue())).toList();
    }

    /** Each member's distance to the ideal point with every objective scaled over the front to [0, 1]. */
    static double[] distancesToIdeal(List<TrialRecord> members, List<Objective> objectives) {
        double[] squared = new double[members.size()];
        for (Objective objective : objectives) {
            double worst = Double.POSITIVE_INFINITY;
            double best = Double.NEGATIVE_INFINITY;
            for (TrialRecord trial : members) {
                double score = objective.score(trial.metrics());
                worst = Math.min(worst, score);
                best = Math.max(best, score);
            }
            for (int index = 0; index < members.size(); index++) {
                double scaled = best == worst ? 1 : (objective.score(members.get(index).metrics()) - worst) / (best - worst);
                squared[index] += (1 - scaled) * (1 - scaled);
            }
        }
        for (int index = 0; index < squared.length; index++) {
            squared[index] = Math.sqrt(squared[index]);
        }
        return squared;
    }

    /** The front in trial order, one trial per architecture key (the lowest id). */
    private static List<TrialRecord> distinct(List<TrialRecord> front) {
        Map<String, TrialRecord> byKey = new LinkedHashMap<>();
        front.stream().sorted(Comparator.comparingLong(TrialRecord::id)).forEach(trial -> byKey.putIfAbsent(trial.key(), trial));
        return List.copyOf(byKey.values());
    }
}
