package io.nas4j.store.jdbc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates an SQLite trial store all at once: the schema and the first attributes are written to a partial
 * file beside the store ({@code .NAME.HOST-PID-START-NONCE.partial}), which is linked under the store's name
 * only when complete. A process killed at any moment so leaves no store or a whole one, never a file that
 * holds no schema or no description; the partial file it may leave is removed by a later creation in that
 * folder once its process is gone.
 *
 * <p>The link is a hard link, which the file system refuses when the name exists: of two processes creating
 * one store at once, one wins and the other finds the store there.
 */
final class SqliteCreation {

    private static final String SUFFIX = ".partial";
    /** The files SQLite may keep beside a database, which a partial file may have left too. */
    private static final List<String> SIDE_FILES = List.of("", "-wal", "-shm", "-journal");

    private SqliteCreation() {
    }

    /** See {@link JdbcTrialStore#create(Path, Map)}. */
    static boolean create(Path file, Map<String, String> attributes) {
        Path target = file.toAbsolutePath().normalize();
        Path folder = target.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new StoreException("the folder of " + file + " does not exist");
        }
        if (Files.exists(target)) {
            return false;
        }
        removeAbandoned(target);
        Holder self = Holder.current();
        Path partial = folder.resolve(partialName(target, self));
        try {
            try (JdbcTrialStore store = JdbcTrialStore.open(JdbcTrialStore.sqliteUrl(partial))) {
                store.putAttributes(attributes);
            }
            // closing the last connection checkpoints the write-ahead log into the file; a log left beside the
            // partial file would not follow it under the new name, and its commits would be lost
            if (Files.exists(sideFile(partial, "-wal"))) {
                throw new StoreException("cannot create " + file + ": SQLite kept a write-ahead log beside " + partial);
            }
            return link(target, partial, file);
        } finally {
            for (String side : SIDE_FILES) {
                deleteQuietly(sideFile(partial, side));
            }
        }
    }

    private static boolean link(Path target, Path partial, Path file) {
        try {
            Files.createLink(target, partial);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            // a file system without hard links: a rename, which refuses an existing name (a narrower race)
            try {
                Files.move(partial, target);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            } catch (IOException moveFailed) {
                throw new StoreException("cannot create " + file + ": " + moveFailed.getMessage(), moveFailed);
            }
        }
    }

    static String partialName(Path target, Holder holder) {
        return "." + target.getFileName() + "." + holder.host() + "-" + holder.pid() + "-" + holder.startMillis()
                + "-" + holder.nonce() + SUFFIX;
    }

    /** Removes the partial files (and their side files) of creations whose process, on this host, is gone. */
    static void removeAbandoned(Path target) {
        String prefix = "." + target.getFileName() + ".";
        List<Path> abandoned = new ArrayList<>();
        Holder self = Holder.current();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent(), prefix + "*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                int end = name.lastIndexOf(SUFFIX);
                if (end < 0 || !SIDE_FILES.contains(name.substring(end + SUFFIX.length()))) {
                    continue;
                }
                Optional<Holder> creator = creator(name.substring(prefix.length(), end));
                if (creator.isPresent() && creator.get().host().equals(self.host()) && !creator.get().running()) {
                    abandoned.add(entry);
                }
            }
        } catch (IOException e) {
            return;
        }
        abandoned.forEach(SqliteCreation::deleteQuietly);
    }

    /** The holder {@code HOST-PID-START-NONCE} names; the host may itself hold dashes. */
    private static Optional<Holder> creator(String text) {
        String[] parts = new String[4];
        String rest = text;
        for (int i = 3; i > 0; i--) {
            int dash = rest.lastIndexOf('-');
            if (dash <= 0) {
                return Optional.empty();
            }
            parts[i] = rest.substring(dash + 1);
            rest = rest.substring(0, dash);
        }
        parts[0] = rest;
        return Holder.parse(String.join("/", parts));
    }

    private static Path sideFile(Path database, String side) {
        return database.resolveSibling(database.getFileName() + side);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a partial file left behind is removed by the next creation
        }
    }
}
