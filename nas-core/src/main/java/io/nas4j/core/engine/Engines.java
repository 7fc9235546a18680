package io.nas4j.core.engine;

import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.TrainingBackend;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The training engines installed on the class path, found through {@link java.util.ServiceLoader} on
 * {@link EngineProvider}. With only {@code nas-backend-djl} there, a host gets DJL; with only
 * {@code nas-backend-tensorflow}, TensorFlow; with none, {@link #defaultEngine()} and {@link #get} say
 * which artifact to add.
 *
 * <p>The default engine is the one the system property {@value #DEFAULT_PROPERTY} names, else the one of
 * lowest rank. Instances are immutable and safe to share; engines start only when asked for.
 */
public final class Engines {

    /** The system property that names the default engine. */
    public static final String DEFAULT_PROPERTY = "nas4j.engine";

    /** What a host adds to its build to get an engine. */
    public static final String ARTIFACTS = "io.nas4j:nas-backend-djl or io.nas4j:nas-backend-tensorflow";

    private final Map<String, EngineProvider> providers;

    private Engines(Map<String, EngineProvider> providers) {
        this.providers = providers;
    }

    /** The engines on the class path of this class's loader. */
    public static Engines installed() {
        return of(ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    /** These engines, ranked; a later provider of a name already given is ignored. */
    public static Engines of(List<? extends EngineProvider> providers) {
        Map<String, EngineProvider> byName = new LinkedHashMap<>();
        providers.stream()
                .sorted(Comparator.comparingInt(EngineProvider::engineRank).thenComparing(EngineProvider::engineName))
                .forEach(provider -> byName.putIfAbsent(provider.engineName(), provider));
        return new Engines(byName);
    }

    /** Engines made of these instances, ranked in the order given (for tests and hosts that build their own). */
    public static Engines of(Engine... engines) {
        List<EngineProvider> providers = new java.util.ArrayList<>();
        for (int i = 0; i < engines.length; i++) {
            Engine engine = Objects.requireNonNull(engines[i], "engine");
            int rank = i;
            providers.add(provider(engine.name(), rank, () -> engine));
        }
        return of(providers);
    }

    /** A provider that creates its engine once, on first use, from {@code factory}. */
    public static EngineProvider provider(String name, int rank, Supplier<Engine> factory) {
        return new LazyEngineProvider(name, rank, factory) { };
    }

    /** The names of the installed engines, preferred first. */
    public List<String> names() {
        return List.copyOf(providers.keySet());
    }

    /** Whether an engine of this name is installed. */
    public boolean has(String name) {
        return providers.containsKey(name);
    }

    /**
     * The engine of this name.
     *
     * @throws IllegalArgumentException naming the field {@code engine} and the installed engines, or the
     *                                  artifacts to add when none is installed
     */
    public Engine get(String name) {
        EngineProvider provider = providers.get(Objects.requireNonNull(name, "name"));
        if (provider == null) {
            throw new IllegalArgumentException(providers.isEmpty() ? noEngine()
                    : "engine " + name + " is not installed; installed: " + String.join(", ", names()));
        }
        return provider.engine();
    }

    /**
     * The engine a host gets when it names none: the one {@value #DEFAULT_PROPERTY} names, else the one of
     * lowest rank.
     *
     * @throws IllegalStateException when no engine is installed, naming the artifacts to add
     */
    public Engine defaultEngine() {
        String named = System.getProperty(DEFAULT_PROPERTY);
        if (named != null && !named.isBlank()) {
            return get(named.strip());
        }
        if (providers.isEmpty()) {
            throw new IllegalStateException(noEngine());
        }
        return providers.values().iterator().next().engine();
    }

    /** Every installed engine's training backend by engine name, preferred first; starts every engine. */
    public Map<String, TrainingBackend> trainingBackends() {
        Map<String, TrainingBackend> backends = new LinkedHashMap<>();
        providers.forEach((name, provider) -> backends.put(name, provider.engine().training()));
        return java.util.Collections.unmodifiableMap(backends);
    }

    /** The zero-cost proxy scorers of the installed engines that have one, by engine name. */
    public Map<String, ProxyScorer> proxyScorers() {
        Map<String, ProxyScorer> scorers = new LinkedHashMap<>();
        providers.forEach((name, provider) -> provider.engine().proxies().ifPresent(scorer -> scorers.put(name, scorer)));
        return java.util.Collections.unmodifiableMap(scorers);
    }

    /** The supernet backends of the installed engines that have one, by engine name. */
    public Map<String, SupernetBackend> supernetBackends() {
        Map<String, SupernetBackend> supernets = new LinkedHashMap<>();
        providers.forEach((name, provider) -> provider.engine().supernets().ifPresent(supernet -> supernets.put(name, supernet)));
        return java.util.Collections.unmodifiableMap(supernets);
    }

    private static String noEngine() {
        return "no training engine is installed; add " + ARTIFACTS + " to the class path";
    }
}
