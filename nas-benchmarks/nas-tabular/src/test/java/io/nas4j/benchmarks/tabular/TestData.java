package io.nas4j.benchmarks.tabular;


import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real benchmark tables for tests: read from the folder the system property {@code nas4j.data.dir}
 * names (surefire sets it to {@code ../shared/data}). Tests that need them are skipped, with a message
 * saying why, when that folder is absent. Tables are loaded once per test JVM.
 */
public final class TestData {

    private static Nb201Table nb201;
    private static MacroTable macro;

    private TestData() {
    }

    /** The shared data folder (the parent of {@code nas-benchmarks/}); skips the test when absent. */
    public static Path sharedDirectory() {
        String property = System.getProperty("nas4j.data.dir");
        assumeTrue(property != null && Files.isDirectory(Path.of(property, "nas-benchmarks")),
                "skipped: the benchmark tables are absent (system property nas4j.data.dir = " + property
                        + " has no nas-benchmarks/ folder)");
        return Path.of(property);
    }

    /** The folder holding the tabular benchmark files; skips the test when absent. */
    public static Path directory() {
        return sharedDirectory().resolve("nas-benchmarks");
    }

    public static synchronized Nb201Table nb201() {
        if (nb201 == null) {
            nb201 = Nb201Table.load(directory());
        }
        return nb201;
    }

    public static synchronized MacroTable macro() {
        if (macro == null) {
            macro = MacroTable.load(directory());
        }
        return macro;
    }
}
