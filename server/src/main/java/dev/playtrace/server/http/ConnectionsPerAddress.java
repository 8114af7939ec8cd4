package dev.playtrace.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Caps the connections one client address holds, below the global cap, so that one client cannot take every
 * connection. A connection is counted from the moment it is accepted ({@link #accepted}) until its handling ends
 * ({@link #released}), whether it has sent anything or not. A connection that finds its address already holding
 * {@code maxPerAddress} open connections is not counted; its first request is answered {@code 429 Too Many Requests}
 * with {@code Connection: close}, a {@code Retry-After} and a message naming the limit, and the connection is closed.
 * If it sends no request line within {@link #OVER_CAP_GRACE}, it is closed unanswered: silent connections from one
 * address beyond its cap hold a place under the global cap for that long, not for the read timeout.
 */
public final class ConnectionsPerAddress implements Filter, Http1ConnectionListener {
    private static final Logger LOG = Logger.getLogger(ConnectionsPerAddress.class.getName());
    static final int RETRY_AFTER_SECONDS = 1;
    /** How long a connection over its address's cap may take to send its request line (clients send it at once). */
    public static final Duration OVER_CAP_GRACE = Duration.ofSeconds(1);
    private static final ScheduledExecutorService GRACE_TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("over-cap-connections").daemon().factory());
    /** Set on the connection's thread at its first request line when the connection is over its address's cap. */
    private static final ThreadLocal<ConnectionContext> REFUSED_CONNECTION = new ThreadLocal<>();

    private final int maxPerAddress;
    private final Map<String, Set<ConnectionContext>> openByAddress = new ConcurrentHashMap<>();
    /** Accepted over their address's cap, waiting for the first request line to refuse. */
    private final Set<ConnectionContext> overCap = ConcurrentHashMap.newKeySet();
    private final LongAdder refused = new LongAdder();

    public ConnectionsPerAddress(int maxPerAddress) {
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("maxPerAddress must be at least 1");
        }
        this.maxPerAddress = maxPerAddress;
    }

    /** Open connections counted under their address's cap now (those over it are not). */
    public long counted() {
        return openByAddress.values().stream().mapToLong(Set::size).sum();
    }

    /** Connections refused so far because their address held too many. */
    public long refused() {
        return refused.sum();
    }

    /**
     * Counts a connection the moment it is accepted. True when its address already held its maximum: the connection
     * is then not counted, its first request is refused, and it is closed if no request line arrives within
     * {@link #OVER_CAP_GRACE}.
     */
    public boolean accepted(ConnectionContext connection) {
        String address = addressOf(connection.remotePeer().address());
        boolean[] over = new boolean[1];
        openByAddress.compute(address, (key, open) -> {
            Set<ConnectionContext> connections = open == null ? ConcurrentHashMap.newKeySet() : open;
            over[0] = connections.size() >= maxPerAddress;
            if (!over[0]) {
                connections.add(connection);
            }
            return connections;
        });
        if (over[0]) {
            overCap.add(connection);
        }
        return over[0];
    }

    /**
     * Closes an over-cap connection unless {@code cancel} is called on the result before {@link #OVER_CAP_GRACE}
     * (when its request line has arrived).
     */
    public ScheduledFuture<?> closeUnlessHeardWithinGrace(ConnectionContext connection) {
        return GRACE_TIMER.schedule(() -> {
            overCap.remove(connection);
            SocketClosing.close(connection.serverSocket());
        }, OVER_CAP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void prologue(ConnectionContext connection, HttpPrologue prologue) {
        if (overCap.remove(connection)) {
            REFUSED_CONNECTION.set(connection);
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        ConnectionContext refusedConnection = REFUSED_CONNECTION.get();
        if (refusedConnection == null) {
            chain.proceed();
            return;
        }
        REFUSED_CONNECTION.remove();
        refused.increment();
        String address = addressOf(request.remotePeer().address());
        LOG.info("refusing a connection from " + address + ": it holds " + maxPerAddress + " connections already");
        String message = "too many connections from " + address + ": at most " + maxPerAddress
                + " at once per client address; reuse a keep-alive connection or close one, then retry";
        String body = "{\"error\":{\"type\":\"too_many_connections\",\"messages\":[\"" + message + "\"]}}";
        response.status(Status.TOO_MANY_REQUESTS_429);
        response.header(HeaderNames.CONNECTION, "close");
        response.header(HeaderNames.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(body.getBytes(StandardCharsets.UTF_8));
        // Helidon keeps a connection open whatever the response's header says
        SocketClosing.close(refusedConnection.serverSocket());
    }

    /**
     * Forgets a connection whose handling has ended. Called before Helidon frees the connection's place under the
     * global cap, so a client waiting for that place is not refused for a connection that is gone.
     */
    public void released(ConnectionContext connection) {
        overCap.remove(connection);
        openByAddress.computeIfPresent(addressOf(connection.remotePeer().address()), (key, open) -> {
            open.remove(connection);
            return open.isEmpty() ? null : open;
        });
    }

    static String addressOf(SocketAddress socketAddress) {
        if (socketAddress instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(socketAddress);
    }
}
