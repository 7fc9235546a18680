package io.nas4j.core.engine;

import io.nas4j.core.port.ProxyScorer;
import io.nas4j.core.port.SupernetBackend;
import io.nas4j.core.port.TrainingBackend;

import java.util.Optional;

/**
 * One training engine's capabilities under one name, as a backend module offers them: the
 * {@link TrainingBackend} every engine has, and the zero-cost {@link ProxyScorer} and weight-sharing
 * {@link SupernetBackend} where the engine computes them. Found through {@link Engines}, which asks the
 * {@link EngineProvider}s on the class path.
 *
 * <p>An engine is one long-lived instance per JVM: its parts are created once and shared by every search
 * that names it, from any thread, as each port's own contract allows.
 */
public interface Engine {

    /** The name searches use for it, for example {@code djl} or {@code tensorflow}. */
    String name();

    /** Compiles, trains, evaluates, saves and exports networks. */
    TrainingBackend training();

    /** Scores untrained networks by zero-cost proxies; empty where the engine has no scorer. */
    Optional<ProxyScorer> proxies();

    /** Trains weight-sharing supernets (DARTS, SPOS); empty where the engine has none. */
    Optional<SupernetBackend> supernets();

    /** An engine of the three parts; {@code proxies} and {@code supernets} may be null. */
    static Engine of(TrainingBackend training, ProxyScorer proxies, SupernetBackend supernets) {
        java.util.Objects.requireNonNull(training, "training");
        return new Engine() {
            @Override
            public String name() {
                return training.name();
            }

            @Override
            public TrainingBackend training() {
                return training;
            }

            @Override
            public Optional<ProxyScorer> proxies() {
                return Optional.ofNullable(proxies);
            }

            @Override
            public Optional<SupernetBackend> supernets() {
                return Optional.ofNullable(supernets);
            }

            @Override
            public String toString() {
                return "Engine[" + name() + "]";
            }
        };
    }
}
