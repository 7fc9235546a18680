package io.nas4j.core.port;

import java.util.List;
import java.util.Optional;

/**
 * Where a search keeps its trials, so that a killed search resumes with nothing completed lost.
 *
 * <p>Contract: {@link #insert} and {@link #update} are durable when they return (the search acts on a
 * state change only after storing it). Records are returned in id order. Attributes hold the search's
 * configuration and seed as text. Implementations are safe for use from one search thread; shared
 * stores (PostgreSQL) also from many processes.
 */
public interface TrialStore extends AutoCloseable {

    void putAttribute(String name, String value);

    Optional<String> attribute(String name);

    /** Stores a new trial; its id must not exist yet. */
    void insert(TrialRecord trial);

    /**
     * Stores new trials together (the trials one {@code ask} proposed), all or none where the store
     * allows; by default one after another.
     */
    default void insertAll(List<TrialRecord> trials) {
        for (TrialRecord trial : trials) {
            insert(trial);
        }
    }

    /** Replaces the stored trial with the same id. */
    void update(TrialRecord trial);

    /** Every trial, in id order. */
    List<TrialRecord> trials();

    @Override
    void close();
}
