package io.nas4j.core.search;

import io.nas4j.core.trial.Incumbent;

import io.nas4j.core.trial.Fidelity;

import io.nas4j.core.trial.TrialResult;

import io.nas4j.core.trial.Trial;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.objective.Objective;
import io.nas4j.core.space.MacroSpace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Each trial the search starts carries the best result at its own fidelity so far. */
class TrialIncumbentTest {

    private final MacroSpace space = new MacroSpace();

    /** Proposes random genomes, every third one at fidelity 2, the others at full fidelity. */
    private final class AlternatingFidelities implements SearchStrategy<MacroGenome> {
        private final SplittableRandom random = new SplittableRandom(5);
        private int asked;

        @Override
        public List<Proposal<MacroGenome>> ask(int n) {
            List<Proposal<MacroGenome>> proposals = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Fidelity fidelity = asked++ % 3 == 2 ? Fidelity.of(2) : Fidelity.FULL;
                proposals.add(new Proposal<>(space.sample(random), fidelity));
            }
            return proposals;
        }

        @Override
        public void tell(Observation<MacroGenome> observation) {
        }
    }

    private static double accuracy(MacroGenome genome) {
        return genome.choices().stream().mapToInt(Integer::intValue).sum() / 16.0;
    }

    @Test
    void aTrialCarriesTheBestAccuracyAtItsFidelityWhenItStarts() {
        List<Trial<MacroGenome>> seen = new ArrayList<>();
        SearchResult<MacroGenome> result = Search.builder(space)
                .strategy(new AlternatingFidelities())
                .estimator(trial -> {
                    seen.add(trial);
                    // the low-fidelity evaluation reads lower, so it must never be the full trials' incumbent
                    double value = trial.fidelity().isFull() ? accuracy(trial.genome()) : accuracy(trial.genome()) / 2;
                    return TrialResult.complete(Map.of("accuracy", value), 1);
                })
                .objective(Objective.maximize("accuracy"))
                .budget(Budget.trials(12))
                .build()
                .run();

        assertThat(seen).hasSize(12);
        for (int i = 0; i < seen.size(); i++) {
            Trial<MacroGenome> trial = seen.get(i);
            double fidelity = trial.fidelity().resource();
            Optional<TrialResultRecordView> best = result.trials().subList(0, i).stream()
                    .filter(record -> record.fidelity() == fidelity)
                    .max((a, b) -> Double.compare(a.metrics().get("accuracy"), b.metrics().get("accuracy")))
                    .map(record -> new TrialResultRecordView(record.id(), record.metrics().get("accuracy")));
            assertThat(trial.incumbent().map(Incumbent::value)).as("trial " + i).isEqualTo(best.map(TrialResultRecordView::value));
            assertThat(trial.incumbent().map(Incumbent::trialId)).isEqualTo(best.map(TrialResultRecordView::id));
            trial.incumbent().ifPresent(incumbent -> assertThat(incumbent.metric()).isEqualTo("accuracy"));
        }
        assertThat(seen.get(0).incumbent()).isEmpty();
        assertThat(seen.get(2).incumbent()).as("the first low-fidelity trial has no incumbent of its own").isEmpty();
    }

    private record TrialResultRecordView(long id, double value) {
    }
}
