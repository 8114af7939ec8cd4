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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Caps the connections one client address holds, below the global cap, so that one client cannot take every
 * connection. A connection is counted from its first request line until it closes; the first request of a connection
 * that finds its address already holding {@code maxPerAddress} open connections is answered
 * {@code 429 Too Many Requests} with {@code Connection: close}, a {@code Retry-After} and a message naming the limit,
 * and the connection is closed. Connections that never send a request line are not counted here: the idle timeout
 * closes them.
 */
public final class ConnectionsPerAddress implements Filter, Http1ConnectionListener {
    private static final Logger LOG = Logger.getLogger(ConnectionsPerAddress.class.getName());
    static final int RETRY_AFTER_SECONDS = 1;
    /** Set on the connection's thread at its first request line when the connection is over its address's cap. */
    private static final ThreadLocal<ConnectionContext> REFUSED_CONNECTION = new ThreadLocal<>();

    private final int maxPerAddress;
    private final Map<String, Set<ConnectionContext>> openByAddress = new ConcurrentHashMap<>();
    private final Set<ConnectionContext> counted = ConcurrentHashMap.newKeySet();
    private final LongAdder refused = new LongAdder();

    public ConnectionsPerAddress(int maxPerAddress) {
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("maxPerAddress must be at least 1");
        }
        this.maxPerAddress = maxPerAddress;
    }

    /** Connections refused so far because their address held too many. */
    public long refused() {
        return refused.sum();
    }

    @Override
    public void prologue(ConnectionContext connection, HttpPrologue prologue) {
        if (!counted.add(connection)) {
            return; // a later request of a counted connection
        }
        String address = addressOf(connection.remotePeer().address());
        boolean[] over = new boolean[1];
        openByAddress.compute(address, (key, open) -> {
            Set<ConnectionContext> connections = open == null ? ConcurrentHashMap.newKeySet() : open;
            connections.removeIf(this::closed);
            over[0] = connections.size() >= maxPerAddress;
            if (!over[0]) {
                connections.add(connection);
            }
            return connections;
        });
        if (over[0]) {
            counted.remove(connection);
            REFUSED_CONNECTION.set(connection);
        }
        sweepClosed();
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
        refusedConnection.serverSocket().close(); // Helidon keeps a connection open whatever the response's header says
    }

    private boolean closed(ConnectionContext connection) {
        try {
            return !connection.serverSocket().isConnected();
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Forgets closed connections (each counted connection's first request sweeps; memory follows open connections). */
    private void sweepClosed() {
        counted.removeIf(this::closed);
        for (String address : openByAddress.keySet()) {
            openByAddress.computeIfPresent(address, (key, open) -> {
                open.removeIf(this::closed);
                return open.isEmpty() ? null : open;
            });
        }
    }

    static String addressOf(SocketAddress socketAddress) {
        if (socketAddress instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(socketAddress);
    }
}
