package dev.playtrace.server.http;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Where the HTTP listener binds and how it keeps its file descriptors: a connection that has not sent a whole request
 * line and headers within {@code readTimeout} of its last request (a keep-alive connection left idle, or a client
 * stalling in its headers) is closed, and so is a request whose body has not arrived within {@code readTimeout} of its
 * headers ({@link SlowRequestReaper}); at most {@code maxConnections} connections are open at once (more wait in the
 * kernel's accept queue, where they hold no descriptor of ours), so accepting never runs the process out of
 * descriptors; and one client address holds at most {@code maxConnectionsPerAddress} of them
 * ({@link ConnectionsPerAddress}), so one client cannot take every connection.
 *
 * @param readTimeout how long a request's headers, and then its body, may take to arrive
 * @param maxConnections connections served at once, below the process's descriptor limit
 * @param livenessProbePeriod how often the server checks that its listener still accepts connections
 * @param host the address to bind ({@code --host}): {@value #ALL_INTERFACES} (every interface, the default), a
 *        loopback address for a server behind a local proxy, or one interface's address
 * @param maxConnectionsPerAddress connections one client address may hold at once
 */
public record ListenerSettings(Duration readTimeout, int maxConnections, Duration livenessProbePeriod, String host,
        int maxConnectionsPerAddress) {
    /** Descriptors kept free for everything that is not a connection (store, ingest log, jars, GeoIP). */
    static final int RESERVED_DESCRIPTORS = 256;
    static final int MAX_CONNECTIONS_CEILING = 10_000;
    /** Every IPv4 interface: what the server always bound to before {@code --host} existed. */
    public static final String ALL_INTERFACES = "0.0.0.0";

    public ListenerSettings {
        requireNonNull(readTimeout, "readTimeout is null");
        requireNonNull(livenessProbePeriod, "livenessProbePeriod is null");
        requireNonNull(host, "host is null");
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        if (maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("maxConnectionsPerAddress must be at least 1");
        }
        if (livenessProbePeriod.isNegative() || livenessProbePeriod.isZero()) {
            throw new IllegalArgumentException("livenessProbePeriod must be positive");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
    }

    /**
     * 10 s for headers and for a body, connections capped by the descriptor limit (half of them per client address),
     * a liveness probe every 2 s, every interface.
     */
    public static ListenerSettings defaults() {
        int connections = connectionsFor(descriptorLimit());
        return new ListenerSettings(Duration.ofSeconds(10), connections, Duration.ofSeconds(2), ALL_INTERFACES,
                perAddressFor(connections));
    }

    /**
     * The keep-alive timeout announced to clients ({@link KeepAliveAnnouncement}): half of {@code readTimeout}, after
     * which an idle kept-alive connection is closed (Helidon checks every quarter of it, so the close comes between
     * {@code readTimeout} and 1.25 times that). Half leaves a client that honours the announcement, and expires its
     * connection a second before it as Node does, seconds of margin; 0 (do not reuse) when the timeout is under 2 s.
     */
    public long announcedKeepAliveSeconds() {
        return readTimeout.toMillis() / 2_000;
    }

    public ListenerSettings withReadTimeout(Duration timeout) {
        return new ListenerSettings(timeout, maxConnections, livenessProbePeriod, host, maxConnectionsPerAddress);
    }

    /** With another global cap; the per-address cap follows (half of it) unless set after this. */
    public ListenerSettings withMaxConnections(int connections) {
        return new ListenerSettings(readTimeout, connections, livenessProbePeriod, host, perAddressFor(connections));
    }

    public ListenerSettings withMaxConnectionsPerAddress(int connections) {
        return new ListenerSettings(readTimeout, maxConnections, livenessProbePeriod, host, connections);
    }

    public ListenerSettings withLivenessProbePeriod(Duration period) {
        return new ListenerSettings(readTimeout, maxConnections, period, host, maxConnectionsPerAddress);
    }

    /** Bound to {@code address} ({@code --host}), a name or a literal IPv4/IPv6 address. */
    public ListenerSettings withHost(String address) {
        return new ListenerSettings(readTimeout, maxConnections, livenessProbePeriod, address, maxConnectionsPerAddress);
    }

    /**
     * Where the liveness probe connects: the bound address itself, or the loopback address when the listener is on
     * every interface (a wildcard address cannot be connected to on every system).
     */
    public InetSocketAddress probeAddress(int port) {
        InetAddress bound = bindAddress();
        return new InetSocketAddress(bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound, port);
    }

    /** The bound address, resolved; a name that does not resolve is a configuration error named as such. */
    public InetAddress bindAddress() {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host '" + host + "' is not an address of this machine", e);
        }
    }

    /** Three quarters of what the descriptor limit leaves after the reserve; 16 at least, 10,000 at most. */
    static int connectionsFor(long descriptorLimit) {
        long available = (descriptorLimit - RESERVED_DESCRIPTORS) * 3 / 4;
        return (int) Math.max(16, Math.min(MAX_CONNECTIONS_CEILING, available));
    }

    /** Half of the global cap (1 at least): one address is refused before it holds every connection. */
    static int perAddressFor(int maxConnections) {
        return Math.max(1, maxConnections / 2);
    }

    /** The process's open-file limit ({@code ulimit -n}), or 1,024 where the JVM cannot tell. */
    static long descriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 1024;
    }
}
