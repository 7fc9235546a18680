package io.nas4j.runner;

import io.nas4j.core.port.TrainingBackend;
import io.nas4j.tasks.data.Normalization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The final model of a search, saved in its engine's own format in {@link #directory()}: the network
 * description, its parameters and the input standardisation it was trained with
 * ({@code normalization.json}). Load it to predict, or export a copy anywhere.
 *
 * @param directory     where the search saved it
 * @param backend       the engine's training backend, which reads the format
 * @param normalization the per-channel standardisation inputs need before they are fed to the model
 */
public record TrainedModel(Path directory, TrainingBackend backend, Normalization normalization) {

    public TrainedModel {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(normalization, "normalization");
    }

    /** The model, ready to evaluate or predict; the caller closes it. */
    public TrainingBackend.Model load() {
        try {
            return backend.load(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies the model to {@code target} (created if needed) in the engine's format ({@code djl}: DJL
     * parameters and {@code network.json}; {@code tensorflow}: a SavedModel) and loads the copy once to check
     * it.
     *
     * @return the number of parameters of the loaded copy
     */
    public long exportTo(Path target) {
        try {
            Files.createDirectories(target);
            List<Path> files;
            try (Stream<Path> listing = Files.walk(directory)) {
                files = listing.filter(Files::isRegularFile).toList();
            }
            for (Path file : files) {
                Path copy = target.resolve(directory.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export the model to " + target + ": " + e.getMessage(), e);
        }
        try (TrainingBackend.Model copy = backend.load(target)) {
            return copy.parameterCount();
        } catch (IOException e) {
            throw new UncheckedIOException("the exported model in " + target + " does not load: " + e.getMessage(), e);
        }
    }
}
