package dev.playtrace.server.http;

import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Stops the work of a read request whose client went away. A {@code GET} still running after {@link #WATCH_AFTER}
 * is checked every {@link #CHECK_PERIOD}: once the kernel reports its connection closed by the client
 * ({@link PeerClosedConnections}), the request's thread is interrupted while it waits (on a store read), and the store
 * cancels the query it was waiting for. Only reads are cut short: a beacon or any other write in progress is never
 * interrupted. A client that half-closes its side and still waits for the answer (rare for HTTP) is taken as gone.
 */
public final class AbandonedRequests implements Filter, Http1ConnectionListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AbandonedRequests.class.getName());
    static final Duration WATCH_AFTER = Duration.ofSeconds(1);
    static final Duration CHECK_PERIOD = Duration.ofMillis(250);
    private static final ThreadLocal<ConnectionContext> CONNECTION_OF_THREAD = new ThreadLocal<>();

    private static final class InFlight {
        final Thread thread;
        final ConnectionContext connection;
        final RoutingRequest request;
        final long startNanos;
        boolean done;

        InFlight(Thread thread, ConnectionContext connection, RoutingRequest request, long startNanos) {
            this.thread = thread;
            this.connection = connection;
            this.request = request;
            this.startNanos = startNanos;
        }
    }

    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final LongAdder cancelled = new LongAdder();
    private final ScheduledExecutorService scheduler;

    private AbandonedRequests() {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "playtrace-abandoned-requests");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static AbandonedRequests start() {
        AbandonedRequests watcher = new AbandonedRequests();
        long millis = CHECK_PERIOD.toMillis();
        watcher.scheduler.scheduleWithFixedDelay(watcher::check, millis, millis, TimeUnit.MILLISECONDS);
        return watcher;
    }

    /** Requests cancelled so far because their client went away. */
    public long cancelled() {
        return cancelled.sum();
    }

    @Override
    public void prologue(ConnectionContext connection, HttpPrologue prologue) {
        CONNECTION_OF_THREAD.set(connection); // the request runs on its connection's thread
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        ConnectionContext connection = CONNECTION_OF_THREAD.get();
        Method method = request.prologue().method();
        if (connection == null || !(method.equals(Method.GET) || method.equals(Method.HEAD))) {
            chain.proceed();
            return;
        }
        InFlight entry = new InFlight(Thread.currentThread(), connection, request, System.nanoTime());
        inFlight.add(entry);
        try {
            chain.proceed();
        } finally {
            synchronized (entry) {
                entry.done = true;
            }
            inFlight.remove(entry);
        }
    }

    void check() {
        long now = System.nanoTime();
        Set<String> peerClosed = null;
        for (InFlight entry : inFlight) {
            if (now - entry.startNanos < WATCH_AFTER.toNanos()) {
                continue;
            }
            if (peerClosed == null) {
                peerClosed = PeerClosedConnections.now(); // once per check, and only when a request is old enough
            }
            synchronized (entry) {
                if (entry.done || !peerClosed.contains(keyOf(entry.connection)) || !waiting(entry.thread)) {
                    continue;
                }
                LOG.info("cancelling " + entry.request.prologue().method().text() + " " + entry.request.path().path()
                        + ": the client closed its connection");
                entry.done = true;
                inFlight.remove(entry);
                cancelled.increment();
                entry.thread.interrupt();
            }
        }
    }

    private static String keyOf(ConnectionContext connection) {
        return PeerClosedConnections.key(connection.localPeer().port(), connection.remotePeer().port());
    }

    /** Parked (on a store read, a lock): an interrupt wakes it; work on the CPU is left to its own bounds. */
    private static boolean waiting(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
