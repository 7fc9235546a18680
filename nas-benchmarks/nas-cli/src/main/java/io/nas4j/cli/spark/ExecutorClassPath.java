package io.nas4j.cli.spark;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * This JVM's class path spelt out for Spark executors: {@code java.class.path} with the {@code Class-Path}
 * entries of its jars' manifests, which the JVM follows but does not list ({@code nas.jar} names its libraries
 * in {@code lib/} that way), as absolute paths joined by the path separator.
 */
final class ExecutorClassPath {

    private ExecutorClassPath() {
    }

    static String ofThisJvm() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                add(Path.of(entry).toAbsolutePath().normalize(), entries);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void add(Path entry, Set<String> entries) {
        if (!entries.add(entry.toString()) || !entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return;
        }
        Manifest manifest;
        try (JarFile jar = new JarFile(entry.toFile())) {
            manifest = jar.getManifest();
        } catch (IOException e) {
            return;
        }
        String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        if (classPath == null) {
            return;
        }
        for (String reference : classPath.trim().split("\\s+")) {
            try {
                URI uri = entry.getParent().toUri().resolve(reference);
                if ("file".equals(uri.getScheme())) {
                    add(Path.of(uri).normalize(), entries);
                }
            } catch (IllegalArgumentException e) {
                // an entry the JVM would skip too
            }
        }
    }
}
