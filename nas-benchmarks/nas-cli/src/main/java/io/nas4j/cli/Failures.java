package io.nas4j.cli;

import io.nas4j.core.UserInputException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What went wrong when a command threw, sorted into what the user can fix (exit status 2, one sentence) and
 * failures of the run itself (exit status 1, one paragraph, the stack trace written to a file).
 *
 * <p>Besides {@link UserInputException}s, two kinds of failure are the user's to fix although the library
 * cannot know it when it throws: a full disk (SQLite's {@code SQLITE_FULL}, PostgreSQL's {@code disk_full},
 * the operating system's "No space left on device"), and a file that cannot be written for a reason the
 * user controls (permissions, a file where a folder belongs, a name too long, a read-only file system).
 */
final class Failures {

    /** The file the stack trace of a failed run goes to, in the output folder when there is one. */
    static final String LOG_FILE = "nas-error.log";

    private static final int SQLITE_FULL = 13;
    private static final String POSTGRES_DISK_FULL = "53100";
    private static final List<String> NO_SPACE = List.of("No space left on device", "SQLITE_FULL",
            "database or disk is full", "Disk quota exceeded");
    private static final List<String> USER_FILE_SYSTEM_REASONS = List.of("File name too long", "Read-only file system",
            "Not a directory", "Permission denied", "Is a directory");
    private static final int MAX_MESSAGE = 600;

    private Failures() {
    }

    /** The first user mistake in {@code e}'s causes, {@code e} included. */
    static Optional<UserInputException> userInput(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UserInputException userInput) {
                return Optional.of(userInput);
            }
        }
        return Optional.empty();
    }

    /** What the disk being full made fail, when that is what happened: the outermost message that says so. */
    static Optional<String> diskFull(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (saysDiskFull(cause)) {
                return Optional.of(String.valueOf(e.getMessage()));
            }
        }
        return Optional.empty();
    }

    private static boolean saysDiskFull(Throwable failure) {
        if (failure instanceof SQLException sql && (sql.getErrorCode() == SQLITE_FULL
                || POSTGRES_DISK_FULL.equals(sql.getSQLState()))) {
            return true;
        }
        String message = String.valueOf(failure.getMessage());
        return NO_SPACE.stream().anyMatch(message::contains);
    }

    /** The file and the reason, when writing a file failed for a reason the user controls. */
    static Optional<String> fileSystem(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof FileSystemException failure && userFixable(failure)) {
                String reason = failure.getReason() != null ? failure.getReason()
                        : failure instanceof AccessDeniedException ? "permission denied"
                        : failure instanceof NotDirectoryException ? "a part of the path is a file, not a folder"
                        : failure.getClass().getSimpleName();
                return Optional.of(failure.getFile() + (failure.getOtherFile() == null ? "" : " or " + failure.getOtherFile())
                        + ": " + reason.toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    private static boolean userFixable(FileSystemException failure) {
        return failure instanceof AccessDeniedException || failure instanceof NotDirectoryException
                || (failure.getReason() != null && USER_FILE_SYSTEM_REASONS.stream().anyMatch(failure.getReason()::contains));
    }

    /** {@code message} on one line, without characters that do not print, cut to a paragraph's length. */
    static String paragraph(String message) {
        String line = UserInputException.printable(message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim());
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
    }

    /**
     * Appends {@code e}'s stack trace to {@value #LOG_FILE} in the command's {@code --out} folder when it exists,
     * else to a new file in the temporary folder; returns the file, or empty when neither could be written.
     */
    static Optional<Path> writeTrace(Throwable e, String command, CommandLine.ParseResult parseResult) {
        String header = "---- " + Instant.now() + " " + command + System.lineSeparator();
        StringWriter trace = new StringWriter();
        try (PrintWriter printer = new PrintWriter(trace)) {
            e.printStackTrace(printer);
        }
        Optional<Path> folder = outputFolder(parseResult);
        if (folder.isPresent()) {
            Path file = folder.get().resolve(LOG_FILE);
            try {
                Files.writeString(file, header + trace, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                return Optional.of(file);
            } catch (IOException | RuntimeException notWritten) {
                e.addSuppressed(notWritten);
            }
        }
        try {
            Path file = Files.createTempFile("nas-error-", ".log");
            Files.writeString(file, header + trace, StandardCharsets.UTF_8);
            return Optional.of(file);
        } catch (IOException | RuntimeException notWritten) {
            return Optional.empty();
        }
    }

    /** The {@code --out} folder of the command that ran, when it was given and exists. */
    private static Optional<Path> outputFolder(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult last = parseResult;
        while (last != null && last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (last == null || !last.hasMatchedOption("--out")) {
            return Optional.empty();
        }
        Object value = last.matchedOption("--out").getValue();
        try {
            Path folder = value instanceof Path path ? path : Path.of(String.valueOf(value));
            return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
        } catch (RuntimeException invalid) {
            return Optional.empty();
        }
    }
}
