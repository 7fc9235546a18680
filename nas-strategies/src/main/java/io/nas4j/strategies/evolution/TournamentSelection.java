package io.nas4j.strategies.evolution;

import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Tournament selection: draw {@code size} distinct candidates uniformly and keep the best. The size sets
 * the selection pressure (1 is a uniform pick; the pool's size always picks its best). Among equals the
 * first drawn wins, so the outcome depends only on the random draws.
 *
 * @param size how many candidates meet in a tournament, at least 1; a smaller pool meets whole
 */
record TournamentSelection(int size) {

    TournamentSelection {
        if (size < 1) {
            throw new IllegalArgumentException("tournament size must be at least 1, got " + size);
        }
    }

    /**
     * The winner of one tournament among {@code pool}.
     *
     * @param order best first: {@code order.compare(a, b) < 0} when {@code a} beats {@code b}
     */
    <T> T select(List<T> pool, Comparator<? super T> order, RandomGenerator random) {
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("a tournament needs at least one candidate");
        }
        int entrants = Math.min(size, pool.size());
        // A partial Fisher-Yates shuffle of the indices draws distinct entrants in O(pool) time.
        int[] indices = new int[pool.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        T winner = null;
        for (int i = 0; i < entrants; i++) {
            int pick = i + random.nextInt(indices.length - i);
            int index = indices[pick];
            indices[pick] = indices[i];
            indices[i] = index;
            T candidate = pool.get(index);
            if (winner == null || order.compare(candidate, winner) < 0) {
                winner = candidate;
            }
        }
        return winner;
    }
}
