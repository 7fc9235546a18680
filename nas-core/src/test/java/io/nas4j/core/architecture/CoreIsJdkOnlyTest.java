package io.nas4j.core.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The core depends on the JDK alone; adapters own their engines (see DESIGN.md). */
class CoreIsJdkOnlyTest {

    private static final Pattern FOREIGN_IMPORT = Pattern.compile(
            "^import (static )?(?!java\\.|javax\\.annotation\\.|io\\.nas4j\\.core\\.)[\\w.]+", Pattern.MULTILINE);

    @Test
    void mainSourcesImportOnlyTheJdkAndTheCoreItself() throws IOException {
        Path sources = Path.of("src/main/java");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> {
                        try {
                            return FOREIGN_IMPORT.matcher(Files.readString(file)).find();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
        }
        assertThat(offenders).as("core sources importing outside the JDK").isEmpty();
    }
}
