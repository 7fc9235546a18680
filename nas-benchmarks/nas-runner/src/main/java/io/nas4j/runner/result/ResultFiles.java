package io.nas4j.runner.result;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nas4j.core.UserInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes a search's {@value #RESULT_FILE}, indented, whichever kind of search made it. */
public final class ResultFiles {

    /** The file a search writes its result to, in its output folder. */
    public static final String RESULT_FILE = "result.json";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ResultFiles() {
    }

    /**
     * Refuses a new search's output folder that holds a search's result already, which the new search would
     * replace: a folder with a trial store is refused by the store, but one whose search kept its trials
     * elsewhere (PostgreSQL) or none (a one-shot search) has only its {@value #RESULT_FILE}.
     *
     * @throws UserInputException naming the folder ({@code output}) when {@code output/result.json} exists
     */
    public static void refuseExisting(Path output) {
        Path file = output.resolve(RESULT_FILE);
        if (Files.exists(file)) {
            throw UserInputException.of("output", "{output} {} already holds the result of a search ({}); choose another "
                    + "{output}, or remove {} to search there again", output, file, RESULT_FILE);
        }
    }

    /**
     * Writes {@code root} to {@code output/result.json}, creating the folder; returns the file. The file is written
     * beside under another name and renamed over the old one, so that a process killed while writing leaves the
     * earlier file or the new one, whole, never half of it.
     */
    public static Path write(Path output, ObjectNode root) {
        Path file = output.resolve(RESULT_FILE);
        Path partial = output.resolve("." + RESULT_FILE + "." + ProcessHandle.current().pid() + ".partial");
        try {
            Files.createDirectories(output);
            Files.writeString(partial, JSON.writeValueAsString(root) + System.lineSeparator(), StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // a hidden partial file that could not be removed does no harm; result.json is whole either way
            }
        }
    }
}
