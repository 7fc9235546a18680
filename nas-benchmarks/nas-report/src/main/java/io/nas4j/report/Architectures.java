package io.nas4j.report;

import io.nas4j.core.genome.Genome;
import io.nas4j.core.network.NetworkAnalysis;
import io.nas4j.core.network.NetworkSpec;
import io.nas4j.core.network.TaskHead;
import io.nas4j.core.space.SearchSpace;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a trial's genome, in its space's text form, into the network it describes: decoded with the
 * search's space and task head, analysed by the core (parameters, multiply-adds) and laid out for drawing.
 * Results are cached by genome text. Safe for concurrent use (the dashboard server answers on several
 * threads).
 *
 * <p>What is unknown stays unknown: when the space or the head cannot be rebuilt (a store written by
 * another version, data that is no longer there) {@link #decode} is empty and {@link #unavailable} says why.
 */
public final class Architectures {

    /** A decoded genome: the network and the core's analysis of it. */
    public record Decoded(NetworkSpec network, NetworkAnalysis analysis) {
    }

    private final Supplier<Function<String, NetworkSpec>> decoder;
    private final Map<String, Optional<Decoded>> cache = new ConcurrentHashMap<>();
    private volatile Function<String, NetworkSpec> resolved;
    private volatile String unavailable;

    private Architectures(Supplier<Function<String, NetworkSpec>> decoder) {
        this.decoder = decoder;
    }

    /** Genomes of {@code space} decoded with {@code head}. */
    public static <G extends Genome> Architectures of(SearchSpace<G> space, TaskHead head) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(head, "head");
        return new Architectures(() -> text -> space.decode(space.parse(text), head));
    }

    /**
     * Genomes decoded by what {@code resolver} builds on first use (which may read a data set to learn the
     * input shape); when it throws, every decode is empty and {@link #unavailable} holds its message.
     */
    public static Architectures lazy(Supplier<Architectures> resolver) {
        Objects.requireNonNull(resolver, "resolver");
        return new Architectures(() -> {
            Architectures built = resolver.get();
            return text -> built.decodeOrThrow(text);
        });
    }

    /** No decoding, for the reason given. */
    public static Architectures none(String reason) {
        Objects.requireNonNull(reason, "reason");
        return new Architectures(() -> {
            throw new IllegalStateException(reason);
        });
    }

    /** The network of {@code genome}, or empty when it cannot be decoded (see {@link #unavailable}). */
    public Optional<Decoded> decode(String genome) {
        Objects.requireNonNull(genome, "genome");
        Function<String, NetworkSpec> function = decoder();
        if (function == null) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(genome, text -> {
            try {
                NetworkSpec network = function.apply(text);
                return Optional.of(new Decoded(network, NetworkAnalysis.of(network)));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /** The layout of {@code genome}'s network, or empty when it cannot be decoded. */
    public Optional<ArchitectureGraph> graph(String genome) {
        return decode(genome).map(decoded -> ArchitectureGraph.of(decoded.network()));
    }

    /** Why genomes cannot be decoded, once a decode has failed to resolve the space; empty otherwise. */
    public Optional<String> unavailable() {
        decoder();
        return Optional.ofNullable(unavailable);
    }

    private NetworkSpec decodeOrThrow(String text) {
        return decode(text).map(Decoded::network)
                .orElseThrow(() -> new IllegalArgumentException("cannot decode " + text));
    }

    private Function<String, NetworkSpec> decoder() {
        if (resolved == null && unavailable == null) {
            synchronized (this) {
                if (resolved == null && unavailable == null) {
                    try {
                        resolved = decoder.get();
                    } catch (RuntimeException e) {
                        unavailable = e.getMessage() == null ? e.toString() : e.getMessage();
                    }
                }
            }
        }
        return resolved;
    }
}
