package io.nas4j.strategies.multifidelity;

/**
 * The shape of one successive-halving bracket: it starts {@code size} new configurations at rung
 * {@code firstRung} and promotes the best of each rung to the next, up to the top rung.
 *
 * @param firstRung the rung new configurations start at, at least 0
 * @param size      how many new configurations the bracket starts, at least 1
 */
public record BracketShape(int firstRung, int size) {

    public BracketShape {
        if (firstRung < 0 || size < 1) {
            throw new IllegalArgumentException("a bracket needs firstRung >= 0 and size >= 1, got " + firstRung
                    + " and " + size);
        }
    }

    /**
     * How many configurations rung {@code rung} of this bracket evaluates: {@code size} at the first rung, then
     * {@code floor(previous / eta)} but at least one, so that every bracket reaches the top rung and produces
     * a full-fidelity result.
     */
    public int quota(int rung, int eta) {
        if (rung < firstRung) {
            return 0;
        }
        int quota = size;
        for (int r = firstRung; r < rung; r++) {
            quota = Math.max(1, quota / eta);
        }
        return quota;
    }
}
