package io.nas4j.store.jdbc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Who holds a lease: a process (host, process id and start time, so a recycled process id is not
 * mistaken for it) and one store object in it. Its text form {@code host/pid/startMillis/nonce} is what
 * the {@code lease_owner} column holds, optionally followed by {@code #label} for a worker's task.
 *
 * <p>A lease has lapsed when its expiry time has passed, or, without waiting, when its holder ran on this
 * host and that process is gone: a search killed with SIGKILL can be resumed at once on the same machine.
 *
 * @param host        the host name
 * @param pid         the process id
 * @param startMillis when the process started, in epoch milliseconds (0 when unknown)
 * @param nonce       distinguishes store objects of one process
 */
public record Holder(String host, long pid, long startMillis, String nonce) {

    private static final long START_TOLERANCE_MILLIS = 1_000;

    /** A new holder for this process. */
    public static Holder current() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new Holder(hostName(), self.pid(), start, UUID.randomUUID().toString().substring(0, 8));
    }

    /** The text form stored in the database. */
    public String id() {
        return host + "/" + pid + "/" + startMillis + "/" + nonce;
    }

    /** The holder an owner text names, without its {@code #label}; empty when it is not in the text form. */
    public static Optional<Holder> parse(String owner) {
        if (owner == null) {
            return Optional.empty();
        }
        int label = owner.indexOf('#');
        String[] parts = (label < 0 ? owner : owner.substring(0, label)).split("/", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Holder(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a lease held by {@code owner} until {@code expiresAt} (epoch ms; null for none) has lapsed at
     * {@code now}: expired, or held by a process of this host that no longer runs.
     */
    static boolean lapsed(String owner, Long expiresAt, long now) {
        if (owner == null || expiresAt == null || expiresAt <= now) {
            return true;
        }
        Optional<Holder> holder = parse(owner);
        if (holder.isEmpty() || !holder.get().host().equals(hostName())) {
            return false;
        }
        return !holder.get().running();
    }

    /** Whether this holder's process runs on this host now. */
    boolean running() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        long start = process.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return startMillis == 0 || start == 0 || Math.abs(start - startMillis) <= START_TOLERANCE_MILLIS;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String name = System.getenv("HOSTNAME");
            return name == null || name.isBlank() ? "localhost" : name;
        }
    }
}
