package io.nas4j.cli;

import picocli.CommandLine.Option;

/** {@code --seed N}, a mixin of {@code search} and {@code bench}. Each command words its help in its resource bundle. */
final class SeedOption {

    /** The seed when neither the flag nor a config file gives one. */
    static final long DEFAULT = 0;

    @Option(names = "--seed", paramLabel = "N", descriptionKey = "seed", description = "seed (default 0)")
    private Long seed;

    /** The flag, null when not given (a config file may give the seed). */
    Long given() {
        return seed;
    }

    /** {@code seed}, or {@link #DEFAULT} when neither the flag nor the file gave one. */
    static long orDefault(Long seed) {
        return seed != null ? seed : DEFAULT;
    }
}
