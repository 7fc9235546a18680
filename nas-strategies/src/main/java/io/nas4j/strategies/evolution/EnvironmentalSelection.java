package io.nas4j.strategies.evolution;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.objective.Pareto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NSGA-II's survivor selection (Deb et al. 2002): fill the population front by front of the
 * non-dominated sorting; the front that does not fit whole contributes its members with the largest
 * crowding distance, which keeps the front spread out and its extremes (infinite distance) alive.
 * Members that could not be measured come last, only when the measured ones do not fill the population.
 */
final class EnvironmentalSelection {

    private EnvironmentalSelection() {
    }

    /** At most {@code size} survivors of {@code candidates}, each network once, best first. */
    static <G extends Genome> List<RankedMember<G>> select(List<Member<G>> candidates, int size) {
        Map<String, Member<G>> byKey = new LinkedHashMap<>();
        for (Member<G> candidate : candidates) {
            byKey.putIfAbsent(candidate.key(), candidate);
        }
        List<Member<G>> measured = new ArrayList<>();
        List<Member<G>> unmeasured = new ArrayList<>();
        for (Member<G> member : byKey.values()) {
            (member.measured() ? measured : unmeasured).add(member);
        }
        List<double[]> points = measured.stream().map(Member::scores).toList();
        List<List<Integer>> fronts = Pareto.sort(points);
        List<RankedMember<G>> survivors = new ArrayList<>(size);
        for (int rank = 0; rank < fronts.size() && survivors.size() < size; rank++) {
            List<Integer> front = fronts.get(rank);
            double[] crowding = Pareto.crowdingDistance(points, front);
            List<RankedMember<G>> ranked = new ArrayList<>(front.size());
            for (int i = 0; i < front.size(); i++) {
                ranked.add(new RankedMember<>(measured.get(front.get(i)), rank, crowding[i]));
            }
            if (survivors.size() + ranked.size() > size) {
                // Stable: equally crowded members keep their order, so the cut depends on nothing else.
                ranked.sort(Comparator.<RankedMember<G>>comparingDouble(RankedMember::crowding).reversed());
                ranked = ranked.subList(0, size - survivors.size());
            }
            survivors.addAll(ranked);
        }
        for (int i = 0; i < unmeasured.size() && survivors.size() < size; i++) {
            survivors.add(new RankedMember<>(unmeasured.get(i), fronts.size(), 0));
        }
        return survivors;
    }
}
