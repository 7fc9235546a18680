package io.nas4j.core.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The strategies on the class path, found through {@link ServiceLoader}, by name. */
public final class Strategies {

    private final Map<String, StrategyProvider> byName;

    private Strategies(List<StrategyProvider> providers) {
        Map<String, StrategyProvider> map = new TreeMap<>();
        for (StrategyProvider provider : providers) {
            StrategyProvider previous = map.put(provider.name(), provider);
            if (previous != null) {
                throw new IllegalStateException("two strategies are named " + provider.name());
            }
        }
        this.byName = map;
    }

    public static Strategies installed() {
        List<StrategyProvider> providers = new ArrayList<>();
        ServiceLoader.load(StrategyProvider.class).forEach(providers::add);
        return new Strategies(providers);
    }

    public static Strategies of(List<StrategyProvider> providers) {
        return new Strategies(providers);
    }

    public List<StrategyProvider> all() {
        List<StrategyProvider> providers = new ArrayList<>(byName.values());
        providers.sort(Comparator.comparing(StrategyProvider::name));
        return providers;
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The provider named {@code name}; throws naming the allowed names otherwise. */
    public StrategyProvider get(String name) {
        StrategyProvider provider = byName.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("unknown strategy " + name + "; allowed: "
                    + String.join(", ", byName.keySet()));
        }
        return provider;
    }
}
