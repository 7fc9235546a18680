package io.nas4j.runner.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nas4j.core.UserInputException;
import io.nas4j.core.port.TrialRecord;
import io.nas4j.core.port.TrialStore;
import io.nas4j.core.port.TrialStoreSnapshot;
import io.nas4j.core.search.Search;
import io.nas4j.runner.result.ResultFiles;
import io.nas4j.store.jdbc.JdbcTrialStore;
import io.nas4j.store.jdbc.Recovery;
import io.nas4j.store.jdbc.SearchBusyException;
import io.nas4j.store.jdbc.StoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The trial store of one command-line search: {@code DIR/trials.db} (SQLite) by default, or the
 * {@code store} URL given. It is taken over lazily, when the search first reads or writes a trial: until then
 * every check of the command's input may still fail without a store being created or changed (a new
 * search's SQLite file does not even exist yet). Taking over stores the search's description (a new
 * search) or re-queues the trials a killed process left running (a resumed one). A new search's SQLite file
 * appears whole, schema and description together ({@link JdbcTrialStore#create}), so a search killed while
 * creating it leaves either no store (the same search starts again) or one that {@code nas resume} continues.
 *
 * <p>Store failures a user can fix (a URL that does not connect, a file that is not a store, a search
 * another process still runs) become {@link UserInputException}s with one sentence.
 */
public final class StoredSearch implements TrialStore {

    /** The store's file in the output folder. */
    public static final String FILE = "trials.db";
    /** Attribute: what kind of search this is, {@value #TABULAR} or {@value #TRAINING}. */
    public static final String KIND = "kind";
    /** Attribute: the search's resolved configuration as JSON. */
    public static final String CONFIG = "config";
    /** Attribute: the seed. */
    public static final String SEED = "seed";
    /** Attribute: attempts of a trial whose worker died. */
    public static final String MAX_ATTEMPTS = "maxAttempts";
    /**
     * Attribute: the absolute output folder the search writes its result to. {@code nas resume} refuses to write
     * another folder's result from this store unless told to adopt it.
     */
    public static final String OUTPUT = "output";
    /** Attribute: the search's identity, given when it starts; it stays with the store wherever the store goes. */
    public static final String SEARCH_ID = "searchId";
    public static final String TABULAR = "tabular";
    public static final String TRAINING = "training";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final String url;
    private final Path output;
    private final Map<String, String> description;
    private JdbcTrialStore store;
    private boolean taken;
    private Consumer<Recovery> onTakeOver = recovery -> { };

    private StoredSearch(String url, Path output, Map<String, String> description, JdbcTrialStore store) {
        this.url = url;
        this.output = output;
        this.description = description;
        this.store = store;
    }

    /** The store URL: the given one, else the SQLite file {@code DIR/trials.db}. */
    static String url(String given, Path output) {
        if (given != null) {
            if (given.isBlank()) {
                throw UserInputException.of("store", "{store} is empty; give jdbc:sqlite:FILE or jdbc:postgresql://HOST/DATABASE");
            }
            if (inMemory(given)) {
                throw UserInputException.of("store", "{store} {} keeps the trials in memory only, so the search could never "
                        + "be resumed; give jdbc:sqlite:FILE or jdbc:postgresql://HOST/DATABASE", given);
            }
            return given;
        }
        return JdbcTrialStore.sqliteUrl(output.resolve(FILE));
    }

    /**
     * The store of a new search, described by {@code description} (kind, configuration, seed) once taken over.
     *
     * @throws UserInputException when the store already holds a search, or cannot be reached, or {@code output}
     *                            holds a search's result already
     */
    public static StoredSearch forNewSearch(String given, Path output, Map<String, String> description) {
        String url = url(given, output);
        Optional<Path> file = sqliteFile(url);
        if (file.isPresent()) {
            Path folder = file.get().toAbsolutePath().getParent();
            if (given != null && folder != null && !Files.isDirectory(folder)) {
                throw UserInputException.of("store", "{store} {}: the folder {} does not exist", file.get(), folder);
            }
            if (Files.exists(file.get())) {
                throw holdsASearch(given, file.get(), url, output);
            }
        } else {
            try (JdbcTrialStore existing = open(url, JdbcTrialStore.Options.defaults())) {
                if (existing.attribute(KIND).isPresent() || !existing.trials().isEmpty()) {
                    throw UserInputException.of("store", "the store {} already holds a search; continue it with 'nas resume"
                            + " {store} URL {output} {}' or use another database", existing.description(), output);
                }
            }
        }
        ResultFiles.refuseExisting(output);
        Map<String, String> described = new LinkedHashMap<>(description);
        described.put(OUTPUT, absolute(output).toString());
        described.put(SEARCH_ID, UUID.randomUUID().toString());
        return new StoredSearch(url, output, described, null);
    }

    private static UserInputException holdsASearch(String given, Path file, String url, Path output) {
        return given == null
                ? UserInputException.of("output", "{} already holds a search; continue it with 'nas resume {output} {}'"
                        + " or choose another {output}", file, output)
                : UserInputException.of("store", "{} already holds a search; continue it with 'nas resume {store} {}"
                        + " {output} {}' or choose another {store}", file, url, output);
    }

    /**
     * The store of an earlier search, opened to read its description; taken over when the search starts.
     *
     * @param adopt whether a store that belongs to another output folder continues in {@code output}, and from
     *              then on belongs to it; without it such a store is refused, so that one search's result never
     *              replaces another's
     * @throws UserInputException when there is no store, it is no trial store, it holds no search, or it belongs
     *                            to another output folder and {@code adopt} is false
     */
    public static StoredSearch forResume(String given, Path output, boolean adopt) {
        String url = url(given, output);
        Optional<Path> file = sqliteFile(url);
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            if (given != null) {
                throw UserInputException.of("store", "{store} {} does not exist", file.get());
            }
            throw Files.isDirectory(output)
                    ? UserInputException.of("output", "{output} {} holds no {}; there is no search to resume there", output, FILE)
                    : UserInputException.of("output", "{output} {} does not exist", output);
        }
        inspect(url);
        JdbcTrialStore opened = open(url, JdbcTrialStore.Options.defaults().existingOnly());
        StoredSearch search = new StoredSearch(url, output, new LinkedHashMap<>(), opened);
        if (opened.attribute(KIND).isEmpty() || opened.attribute(CONFIG).isEmpty()) {
            search.close();
            throw new UserInputException("the store " + opened.description() + " holds no search description; "
                    + "it was not written by 'nas search'");
        }
        Optional<String> owner = opened.attribute(OUTPUT);
        if (owner.isPresent() && !sameFolder(owner.get(), output)) {
            if (!adopt) {
                search.close();
                throw UserInputException.of("output", "the store {} belongs to the search in {}, not to {output} {}; "
                        + "give {adoptStore} to continue that search in {} (the store then belongs there)",
                        opened.description(), owner.get(), output, output);
            }
            search.description.put(OUTPUT, absolute(output).toString());
        }
        return search;
    }

    private static boolean sameFolder(String stored, Path output) {
        try {
            Path owner = Path.of(stored);
            return absolute(owner).equals(absolute(output))
                    || Files.isDirectory(owner) && Files.isDirectory(output) && Files.isSameFile(owner, output);
        } catch (IOException | InvalidPathException e) {
            // a folder that cannot be named or reached here is not this one
            return false;
        }
    }

    private static Path absolute(Path folder) {
        return folder.toAbsolutePath().normalize();
    }

    /**
     * What the store at {@code url} holds, read without writing to it: how {@code nas resume} and {@code nas serve}
     * check a store before they use it, so that both refuse a store this nas4j cannot read (a newer schema, a row
     * nas4j did not write) or that was damaged (a trial told before it finished) with the same sentence.
     *
     * @return empty when there is no store there yet
     * @throws UserInputException naming the store and what is wrong with it, among that its trials cannot be one
     *                            search's history ({@link Search#checkHistory})
     */
    public static Optional<TrialStoreSnapshot> inspect(String url) {
        Optional<TrialStoreSnapshot> snapshot;
        try {
            snapshot = JdbcTrialStore.read(url);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        snapshot.ifPresent(held -> {
            try {
                Search.checkHistory(held.trials());
            } catch (UserInputException e) {
                throw new UserInputException("the store " + describe(url) + " is damaged: " + e.getMessage(), e);
            }
        });
        return snapshot;
    }

    /** {@link #inspect(String)} of the output folder's {@value #FILE}. */
    public static Optional<TrialStoreSnapshot> inspectFolder(Path output) {
        return inspect(url(null, output));
    }

    /** Called with what taking the search over found (a resumed search's kept and re-queued trials). */
    public StoredSearch onTakeOver(Consumer<Recovery> listener) {
        this.onTakeOver = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** The store's file or URL without credentials. */
    public String description() {
        return describe(url);
    }

    private static String describe(String url) {
        return sqliteFile(url).map(Path::toString).orElseGet(() -> redacted(url));
    }

    /** A stored attribute of the search (of a resumed one: as the original search stored it). */
    public String required(String name) {
        return attribute(name).orElseThrow(() -> new UserInputException("the store " + description()
                + " has no " + name + "; it was not written by 'nas search'"));
    }

    /** The stored configuration read as {@code type}, strictly. */
    public <T> T config(Class<T> type) {
        try {
            return JSON.readValue(required(CONFIG), type);
        } catch (JsonProcessingException e) {
            throw new UserInputException("the store " + description() + " holds a configuration that cannot be read: "
                    + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " "), e);
        }
    }

    /** {@code value} as the JSON text a configuration attribute holds. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a configuration as JSON", e);
        }
    }

    @Override
    public synchronized Optional<String> attribute(String name) {
        if (store == null) {
            return Optional.ofNullable(description.get(name));
        }
        return store.attribute(name);
    }

    @Override
    public synchronized void putAttribute(String name, String value) {
        take();
        store.putAttribute(name, value);
    }

    @Override
    public synchronized void insert(TrialRecord trial) {
        take();
        store.insert(trial);
    }

    @Override
    public synchronized void insertAll(List<TrialRecord> trials) {
        take();
        store.insertAll(trials);
    }

    @Override
    public synchronized void update(TrialRecord trial) {
        take();
        store.update(trial);
    }

    @Override
    public synchronized List<TrialRecord> trials() {
        take();
        return store.trials();
    }

    /** The JDBC store underneath, taken over (for executors whose workers write results themselves). */
    public synchronized JdbcTrialStore jdbc() {
        take();
        return store;
    }

    /** The store's URL, credentials included (for workers that open it themselves). */
    public String url() {
        return url;
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
        }
    }

    private void take() {
        if (taken) {
            return;
        }
        boolean described = false;
        if (store == null) {
            Optional<Path> file = sqliteFile(url);
            if (file.isPresent()) {
                createFolder(file.get().toAbsolutePath().getParent());
                create(file.get());
                described = true;
                store = open(url, JdbcTrialStore.Options.defaults().existingOnly());
            } else {
                store = open(url, JdbcTrialStore.Options.defaults());
            }
        }
        Recovery recovery;
        try {
            recovery = store.acquireSearch();
        } catch (SearchBusyException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        taken = true;
        if (!described && !description.isEmpty()) {
            // one transaction: a search killed meanwhile leaves a store that holds all of its description or none
            store.putAttributes(description);
        }
        onTakeOver.accept(recovery);
    }

    /**
     * Creates a new search's SQLite file with its description, as a whole: a kill at any moment leaves no
     * file (the search can start again) or one that {@code nas resume} continues.
     */
    private void create(Path file) {
        boolean created;
        try {
            created = JdbcTrialStore.create(file, description);
        } catch (StoreException e) {
            throw UserInputException.of("store", "{store}: {}", e.getMessage()).causedBy(e);
        }
        if (!created) {
            String given = url.equals(url(null, output)) ? null : url;
            throw holdsASearch(given, file, url, output);
        }
    }

    private static JdbcTrialStore open(String url, JdbcTrialStore.Options options) {
        try {
            return JdbcTrialStore.open(url, options);
        } catch (StoreException e) {
            throw UserInputException.of("store", "{store}: {}", e.getMessage()).causedBy(e);
        }
    }

    private static String redacted(String url) {
        int query = url.indexOf('?');
        String text = query >= 0 ? url.substring(0, query) : url;
        int scheme = text.indexOf("//");
        int at = text.indexOf('@');
        return scheme >= 0 && at > scheme ? text.substring(0, scheme + 2) + text.substring(at + 1) : text;
    }

    /** An SQLite URL of a database that lives only as long as its connection: no file, or {@code mode=memory}. */
    private static boolean inMemory(String url) {
        if (!url.regionMatches(true, 0, "jdbc:sqlite:", 0, "jdbc:sqlite:".length())) {
            return false;
        }
        int query = url.indexOf('?');
        return sqliteFile(url).isEmpty()
                || query >= 0 && Arrays.asList(url.substring(query + 1).toLowerCase(Locale.ROOT).split("&")).contains("mode=memory");
    }

    private static Optional<Path> sqliteFile(String url) {
        if (!url.regionMatches(true, 0, "jdbc:sqlite:", 0, "jdbc:sqlite:".length())) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        rest = query >= 0 ? rest.substring(0, query) : rest;
        rest = rest.startsWith("file:") ? rest.substring("file:".length()) : rest;
        return rest.isEmpty() || rest.startsWith(":") ? Optional.empty() : Optional.of(Path.of(rest));
    }

    private static void createFolder(Path folder) {
        if (folder == null) {
            return;
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
    }
}
