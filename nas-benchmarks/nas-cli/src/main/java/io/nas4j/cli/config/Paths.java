package io.nas4j.cli.config;

import java.nio.file.Path;

/** Path handling shared by the configuration records. */
final class Paths {

    private Paths() {
    }

    /** {@code path} resolved against {@code base} when relative; null stays null. */
    static String resolve(Path base, String path) {
        if (path == null || base == null) {
            return path;
        }
        return base.resolve(path).normalize().toString();
    }
}
