package io.nas4j.core.port;

import io.nas4j.core.UserInputException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a training backend runs its networks: {@link #CPU}; {@link #GPU}, which fails with one sentence
 * when the engine sees none; or {@link #AUTO} (the default), a GPU when the engine sees one, else the CPU.
 * A backend is bound to a device with {@link TrainingBackend#on}; which GPU a process
 * sees is the process's business ({@code CUDA_VISIBLE_DEVICES}, or the GPU Spark assigns an executor).
 */
public enum ComputeDevice {
    CPU, GPU, AUTO;

    /** The names a configuration uses: {@code cpu}, {@code gpu}, {@code auto}. */
    public static final List<String> NAMES = Arrays.stream(values()).map(ComputeDevice::label).toList();

    /** The device of this name; null reads as {@link #AUTO}. */
    public static ComputeDevice named(String name) {
        if (name == null) {
            return AUTO;
        }
        return Arrays.stream(values()).filter(device -> device.label().equals(name)).findFirst()
                .orElseThrow(() -> UserInputException.of("device", "{device} {} is unknown; allowed: {}", name,
                        String.join(", ", NAMES)));
    }

    /** The name a configuration uses. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
