package io.nas4j.strategies.multifidelity;

import io.nas4j.core.genome.MacroGenome;
import io.nas4j.core.space.MacroSpace;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class BracketTest {

    private final MacroSpace space = new MacroSpace();
    private final Rungs rungs = new Rungs(List.of(1.0, 3.0, 9.0), 3);

    /** Configurations 0, 1, 2, ... of the space, in order. */
    private Supplier<MacroGenome> numbered() {
        int[] next = {0};
        return () -> space.at(BigInteger.valueOf(next[0]++));
    }

    private Bracket<MacroGenome> bracket(int size) {
        return new Bracket<>(new BracketShape(0, size), rungs, space::key);
    }

    private List<Bracket.Start<MacroGenome>> drain(Bracket<MacroGenome> bracket, Supplier<MacroGenome> configurations) {
        List<Bracket.Start<MacroGenome>> starts = new ArrayList<>();
        for (Optional<Bracket.Start<MacroGenome>> start = bracket.next(configurations); start.isPresent();
             start = bracket.next(configurations)) {
            starts.add(start.get());
        }
        return starts;
    }

    @Test
    void waitsForTheWholeRungThenPromotesTheBestThird() {
        Bracket<MacroGenome> bracket = bracket(9);
        Supplier<MacroGenome> configurations = numbered();
        List<Bracket.Start<MacroGenome>> first = drain(bracket, configurations);
        assertThat(first).hasSize(9).allMatch(start -> start.rung() == 0);
        for (int i = 0; i < 8; i++) {
            bracket.record(space.key(first.get(i).genome()), 0, i);
        }
        assertThat(bracket.next(configurations)).as("one configuration of rung 0 is still running").isEmpty();
        bracket.record(space.key(first.get(8).genome()), 0, -1);
        List<Bracket.Start<MacroGenome>> second = drain(bracket, configurations);
        assertThat(second).extracting(Bracket.Start::genome)
                .containsExactly(first.get(7).genome(), first.get(6).genome(), first.get(5).genome());
        assertThat(second).allMatch(start -> start.rung() == 1);
    }

    @Test
    void neverPromotesAFailedConfigurationAndFinishesWithTheSurvivors() {
        Bracket<MacroGenome> bracket = bracket(3);
        Supplier<MacroGenome> configurations = numbered();
        List<Bracket.Start<MacroGenome>> first = drain(bracket, configurations);
        bracket.record(space.key(first.get(0).genome()), 0, Double.NaN);
        bracket.record(space.key(first.get(1).genome()), 0, Double.NaN);
        bracket.record(space.key(first.get(2).genome()), 0, 5);
        List<Bracket.Start<MacroGenome>> second = drain(bracket, configurations);
        assertThat(second).extracting(Bracket.Start::genome).containsExactly(first.get(2).genome());
        bracket.record(space.key(first.get(2).genome()), 1, Double.NaN);
        assertThat(drain(bracket, configurations)).isEmpty();
        assertThat(bracket.done()).isTrue();
    }

    @Test
    void everyBracketReachesTheTopRung() {
        assertThat(new BracketShape(0, 2).quota(2, 3)).isEqualTo(1);
        assertThat(new BracketShape(0, 27).quota(1, 3)).isEqualTo(9);
        assertThat(new BracketShape(1, 27).quota(0, 3)).isZero();
    }

    @Test
    void hyperbandBracketsMatchTheOriginalScheduleForFourRungs() {
        BracketSchedule schedule = BracketSchedule.hyperband(new Rungs(List.of(1.0, 3.0, 9.0, 27.0), 3), 27);
        assertThat(List.of(schedule.shape(0), schedule.shape(1), schedule.shape(2), schedule.shape(3), schedule.shape(4)))
                .containsExactly(new BracketShape(0, 27), new BracketShape(1, 12), new BracketShape(2, 6),
                        new BracketShape(3, 4), new BracketShape(0, 27));
    }

    @Test
    void schedulerOpensTheNextBracketOnlyWhileTheOpenOnesWait() {
        BracketScheduler<MacroGenome> scheduler = new BracketScheduler<>(rungs, BracketSchedule.successiveHalving(3),
                space::key);
        Supplier<MacroGenome> configurations = numbered();
        List<Bracket.Start<MacroGenome>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starts.add(scheduler.next(configurations));
        }
        // three from the first bracket, then the second opens since the first waits
        assertThat(starts).extracting(start -> space.indexOf(start.genome()).intValue()).containsExactly(0, 1, 2, 3);
        for (int i = 0; i < 3; i++) {
            scheduler.record(space.key(starts.get(i).genome()), 0, i);
        }
        Bracket.Start<MacroGenome> promotion = scheduler.next(configurations);
        assertThat(promotion.rung()).isEqualTo(1);
        assertThat(promotion.genome()).isEqualTo(starts.get(2).genome());
    }
}
