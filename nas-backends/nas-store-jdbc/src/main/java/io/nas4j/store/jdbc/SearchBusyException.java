package io.nas4j.store.jdbc;

/**
 * Another process that is still alive runs the search of this store; a second one must not write to it.
 */
public final class SearchBusyException extends StoreException {

    private static final long serialVersionUID = 1L;

    public SearchBusyException(String message) {
        super(message);
    }
}
