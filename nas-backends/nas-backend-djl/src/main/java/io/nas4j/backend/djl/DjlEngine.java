package io.nas4j.backend.djl;

import ai.djl.engine.Engine;

import java.nio.file.Path;

/**
 * Loads the PyTorch engine once per JVM with the settings a search worker needs, each one only where
 * the caller has not chosen already (system property or environment):
 * <ul>
 *   <li>{@code ai.djl.offline=true}: the native library comes from the class path; without it a missing
 *       native jar makes DJL try the network, which can hang with no timeout.</li>
 *   <li>one intra-op and one inter-op thread: stable when several workers share the cores. More
 *       threads collapse under contention (1.4 to 11 times slower than one) unless OpenMP's threads wait
 *       passively ({@code OMP_WAIT_POLICY=PASSIVE}, read when the native library loads, so only from the
 *       environment). Callers who own the machine set {@code ai.djl.pytorch.num_threads} themselves, as
 *       {@code ./nas} does with the policy.</li>
 *   <li>{@code DJL_CACHE_DIR}: where the native library is unpacked (about 430 MB), from the property
 *       {@code nas4j.djl.cache}, by default {@code ~/.cache/nas4j/djl}, so that it outlives build folders.</li>
 * </ul>
 * The settings take effect only if this class loads the engine first; once PyTorch is loaded its thread
 * counts are fixed.
 */
final class DjlEngine {

    static final String ENGINE_NAME = "PyTorch";

    /** The property naming the native-library cache; see the class note. */
    static final String CACHE_PROPERTY = "nas4j.djl.cache";

    private DjlEngine() {
    }

    /** The PyTorch engine, loaded on first use. */
    static Engine pytorch() {
        return Holder.ENGINE;
    }

    private static final class Holder {
        private static final Engine ENGINE = load();

        private static Engine load() {
            setIfAbsent("ai.djl.offline", "true", "DJL_OFFLINE");
            setIfAbsent("ai.djl.pytorch.num_threads", "1", null);
            setIfAbsent("ai.djl.pytorch.num_interop_threads", "1", null);
            String cache = System.getProperty(CACHE_PROPERTY,
                    Path.of(System.getProperty("user.home"), ".cache", "nas4j", "djl").toString());
            setIfAbsent("DJL_CACHE_DIR", cache, "DJL_CACHE_DIR");
            setIfAbsent("ENGINE_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", cache), "ENGINE_CACHE_DIR");
            return Engine.getEngine(ENGINE_NAME);
        }

        private static void setIfAbsent(String property, String value, String environment) {
            if (System.getProperty(property) == null && (environment == null || System.getenv(environment) == null)) {
                System.setProperty(property, value);
            }
        }
    }
}
