package io.nas4j.core;

/**
 * A mistake the user can fix: a missing or malformed data file, an unknown configuration field, a value
 * out of range. The message is one sentence that names the file, field or flag and, where there is a
 * fixed set, the allowed values. The command line reports it without a stack trace and exits with
 * status 2; everything else that goes wrong is a failure of the run itself.
 */
public class UserInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
