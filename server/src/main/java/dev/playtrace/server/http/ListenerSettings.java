package dev.playtrace.server.http;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How the HTTP listener keeps its file descriptors: a connection that has not sent a whole request line and headers
 * within {@code readTimeout} of its last request (a keep-alive connection left idle, or a client stalling in its
 * headers) is closed, and so is a request whose body has not arrived within {@code readTimeout} of its headers
 * ({@link SlowRequestReaper}); at most {@code maxConnections} connections are open at once (more wait in the kernel's accept queue, where
 * they hold no descriptor of ours), so accepting never runs the process out of descriptors.
 *
 * @param readTimeout how long a request's headers, and then its body, may take to arrive
 * @param maxConnections connections served at once, below the process's descriptor limit
 * @param livenessProbePeriod how often the server checks that its listener still accepts connections
 */
public record ListenerSettings(Duration readTimeout, int maxConnections,
        Duration livenessProbePeriod) {
    /** Descriptors kept free for everything that is not a connection (store, ingest log, jars, GeoIP). */
    static final int RESERVED_DESCRIPTORS = 256;
    static final int MAX_CONNECTIONS_CEILING = 10_000;

    public ListenerSettings {
        requireNonNull(readTimeout, "readTimeout is null");
        requireNonNull(livenessProbePeriod, "livenessProbePeriod is null");
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        if (livenessProbePeriod.isNegative() || livenessProbePeriod.isZero()) {
            throw new IllegalArgumentException("livenessProbePeriod must be positive");
        }
    }

    /** 10 s for headers and for a body, connections capped by the descriptor limit, a liveness probe every 2 s. */
    public static ListenerSettings defaults() {
        return new ListenerSettings(Duration.ofSeconds(10),
                connectionsFor(descriptorLimit()), Duration.ofSeconds(2));
    }

    public ListenerSettings withReadTimeout(Duration timeout) {
        return new ListenerSettings(timeout, maxConnections, livenessProbePeriod);
    }

    public ListenerSettings withMaxConnections(int connections) {
        return new ListenerSettings(readTimeout, connections, livenessProbePeriod);
    }

    /** Three quarters of what the descriptor limit leaves after the reserve; 16 at least, 10,000 at most. */
    static int connectionsFor(long descriptorLimit) {
        long available = (descriptorLimit - RESERVED_DESCRIPTORS) * 3 / 4;
        return (int) Math.max(16, Math.min(MAX_CONNECTIONS_CEILING, available));
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
