package io.nas4j.runner.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The multi-fidelity strategies' settings when candidates train: their rungs are epochs. Without given
 * {@code resources} the strategies default to the 12- and 200-epoch NAS-Bench-201 tables, which on live
 * training would train a candidate for 200 epochs whatever the search's epochs say; here the rungs end at
 * the search's epochs instead ({@code epochs}, {@code epochs / eta}, {@code epochs / eta^2}, ... rounded,
 * down to 1). Without a given {@code n}, the first bracket is sized to fit the trial budget (at most the
 * strategies' own 27), so that some candidates reach the top rung.
 */
public final class EpochRungs {

    /** The strategies whose fidelities are rungs of {@code resources}. */
    public static final List<String> STRATEGIES = List.of("successive-halving", "hyperband", "bohb");

    private EpochRungs() {
    }

    /** {@code given} with {@code resources} and {@code n} filled in for a multi-fidelity strategy. */
    public static Map<String, Object> settings(String strategy, int budget, int epochs, Map<String, Object> given) {
        Map<String, Object> settings = new LinkedHashMap<>(given == null ? Map.of() : given);
        if (!STRATEGIES.contains(strategy)) {
            return settings;
        }
        int eta = 3;
        Object givenEta = settings.get("eta");
        if (givenEta != null) {
            try {
                eta = Math.max(2, Integer.parseInt(givenEta.toString().trim()));
            } catch (NumberFormatException e) {
                // the strategy reports the bad setting with its allowed values
                return settings;
            }
        }
        if (!settings.containsKey("resources")) {
            settings.put("resources", String.join(",", rungs(epochs, eta).stream().map(String::valueOf).toList()));
        }
        if (!settings.containsKey("n")) {
            int count = settings.get("resources").toString().split(",").length;
            double trialsPerConfiguration = 0;
            for (int rung = 0; rung < count; rung++) {
                trialsPerConfiguration += Math.pow(eta, -rung);
            }
            settings.put("n", (int) Math.max(1, Math.min(27, Math.floor(budget / trialsPerConfiguration))));
        }
        return settings;
    }

    /** {@code epochs}, {@code epochs / eta}, ... rounded, down to 1 epoch, lowest first and without repeats. */
    public static List<Integer> rungs(int epochs, int eta) {
        if (epochs < 1 || eta < 2) {
            throw new IllegalArgumentException("epochs must be at least 1 and eta at least 2, got " + epochs + " and " + eta);
        }
        TreeSet<Integer> rungs = new TreeSet<>();
        for (double resource = epochs; ; resource /= eta) {
            rungs.add((int) Math.max(1, Math.round(resource)));
            if (resource < 1.5) {
                break;
            }
        }
        return List.copyOf(rungs);
    }
}
