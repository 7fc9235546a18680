package io.nas4j.runner.training;

import io.nas4j.core.UserInputException;
import io.nas4j.core.estimate.LatencyConstrainedEstimator;
import io.nas4j.core.estimate.MemoryConstrainedEstimator;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.search.Strategies;
import io.nas4j.core.search.StrategyProvider;
import io.nas4j.tasks.detection.DetectionEstimator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The objectives a search that trains its candidates can be given, by name ({@link TrainingSearchSpec#objectives()}):
 * <ul>
 *   <li>{@value #ACCURACY}, maximised: validation accuracy (mAP at IoU 0.5 for a detector); always the first;</li>
 *   <li>{@value #LATENCY}, minimised: the latency per example at batch 1 on one thread, predicted from the
 *       backend's per-op table and calibrated on this machine (not for detection);</li>
 *   <li>{@value #PARAMS}, minimised: trainable parameters;</li>
 *   <li>{@value #MACS}, minimised: multiply-adds per example (the metric {@code flops});</li>
 *   <li>{@value #MEMORY}, minimised: the peak memory of a training step at the search's batch size, predicted
 *       from the IR ({@link io.nas4j.core.network.TrainingMemory}).</li>
 * </ul>
 *
 * <p><b>Which strategies.</b> With more than accuracy, the search keeps a Pareto front, and only a strategy whose
 * provider says it searches several objectives ({@link StrategyProvider#multiObjective()}: {@code nsga2}, and
 * {@code random}, which does not rank at all) may run it. A single-objective strategy is refused with one
 * sentence rather than fed a weighted sum: any weights would be a choice the user did not make, and a sum
 * finds only the convex part of a front.
 */
public final class TrainingObjectives {

    public static final String ACCURACY = "accuracy";
    public static final String LATENCY = "latency_ms";
    public static final String PARAMS = "params";
    public static final String MACS = "macs";
    public static final String MEMORY = "memory_mb";

    /** Every name, in the order the documentation lists them. */
    public static final List<String> NAMES = List.of(ACCURACY, LATENCY, PARAMS, MACS, MEMORY);

    /** The objectives of a spec that gives none: accuracy alone. */
    public static final List<String> DEFAULT = List.of(ACCURACY);

    /** Front members trained again at the end unless a spec says otherwise: the best by each of two objectives and a knee. */
    public static final int DEFAULT_FINAL_FRONT = 3;

    private TrainingObjectives() {
    }

    /**
     * {@code given} checked: each entry split at commas ({@code ["accuracy,params"]} and
     * {@code ["accuracy", "params"]} read the same), blanks trimmed; accuracy first, then any other name once.
     *
     * @throws UserInputException naming {@code objectives}
     */
    public static List<String> check(List<String> given) {
        List<String> names = new ArrayList<>();
        for (String entry : given) {
            if (entry == null) {
                throw UserInputException.of("objectives", "{objectives} holds an empty name; allowed: {}", String.join(", ", NAMES));
            }
            for (String part : entry.split(",", -1)) {
                names.add(part.strip());
            }
        }
        for (String name : names) {
            if (!NAMES.contains(name)) {
                throw UserInputException.of("objectives", "{objectives} names '{}', which is not an objective; allowed: {}",
                        name, String.join(", ", NAMES));
            }
        }
        Set<String> distinct = new LinkedHashSet<>(names);
        if (names.isEmpty() || !names.get(0).equals(ACCURACY) || distinct.size() != names.size()) {
            throw UserInputException.of("objectives", "{objectives} must be accuracy, then any of {} each once, got {}",
                    String.join(", ", NAMES.subList(1, NAMES.size())), String.join(",", names));
        }
        return List.copyOf(names);
    }

    /** The objectives a spec's search optimises, the primary (accuracy, or a proxy's score) first. */
    public static List<Objective> of(TrainingSearchSpec spec) {
        return spec.objectives().stream().map(name -> objective(name, spec)).toList();
    }

    /** The objective named {@code name} in a search described by {@code spec}. */
    public static Objective objective(String name, TrainingSearchSpec spec) {
        return switch (name) {
            case ACCURACY -> spec.task().equals(DetectionSearch.TASK) ? DetectionEstimator.MAP50
                    : spec.scoredByProxy() ? Objective.maximize(spec.proxy()) : TrainingSearch.ACCURACY;
            case LATENCY -> Objective.minimize(LatencyConstrainedEstimator.LATENCY);
            case PARAMS -> Objective.minimize("params");
            case MACS -> Objective.minimize("flops");
            case MEMORY -> Objective.minimize(MemoryConstrainedEstimator.MEMORY);
            default -> throw new IllegalArgumentException("unknown objective " + name);
        };
    }

    /**
     * Refuses a single-objective strategy for a spec with several objectives.
     *
     * @throws UserInputException naming {@code strategy}, the objectives and the strategies that can run them
     */
    public static void requireStrategy(TrainingSearchSpec spec, Strategies installed) {
        StrategyProvider provider = installed.get(spec.strategy());
        if (spec.multiObjective() && !provider.multiObjective()) {
            throw refusal(provider, spec.objectives(), installed);
        }
    }

    static UserInputException refusal(StrategyProvider provider, List<String> objectives, Strategies installed) {
        List<String> able = installed.all().stream().filter(StrategyProvider::multiObjective).map(StrategyProvider::name)
                .toList();
        return UserInputException.of("strategy", "{strategy} {} optimises one objective, so it cannot search {objectives}"
                + " {}; choose one that keeps a Pareto front: {}", provider.name(), String.join(",", objectives),
                able.isEmpty() ? "none is installed" : String.join(", ", able));
    }
}
