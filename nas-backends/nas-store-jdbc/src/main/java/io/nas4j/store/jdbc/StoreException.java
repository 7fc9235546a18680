package io.nas4j.store.jdbc;

/**
 * The trial store could not be opened or could not carry out an operation: the database cannot be
 * reached, the file is not a trial store, a statement failed. The message is one sentence naming the
 * store (without credentials) and the cause.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
