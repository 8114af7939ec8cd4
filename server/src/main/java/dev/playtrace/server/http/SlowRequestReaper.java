package dev.playtrace.server.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Drops requests whose headers or body do not arrive in time. Headers: as a receive listener of the HTTP/1 protocol,
 * it notes each connection whose request line arrived and whose headers have not; the check closes the socket of one
 * waiting longer than the timeout. Bodies: Helidon applies no read timeout to a request body: a client that
 * sends {@code Content-Length: 100}, one byte, then nothing, holds a connection (and a file descriptor) for as long as
 * it likes. This filter notes each request's handler thread; a check every quarter of the timeout interrupts the
 * thread of a request older than the timeout whose body is not yet read and which is blocked reading the socket.
 * Interrupting a thread blocked on a socket channel closes the channel, so the connection goes. A handler busy with
 * anything else (a long query) is never interrupted.
 *
 * <p>:TRICKY: "blocked reading the socket" is told from the thread's stack (a socket channel's or Helidon's socket
 * read on top); it is checked just before the interrupt, and a request whose body got read meanwhile is skipped.
 */
public final class SlowRequestReaper implements Filter, Http1ConnectionListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SlowRequestReaper.class.getName());

    private record InFlight(Thread thread, RoutingRequest request, long startNanos) {
    }

    private final long timeoutNanos;
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<ConnectionContext, Long> awaitingHeaders = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    private SlowRequestReaper(Duration timeout) {
        this.timeoutNanos = requireNonNull(timeout, "timeout is null").toNanos();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "playtrace-slow-body-reaper");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A reaper checking every quarter of {@code timeout} (250 ms at least). */
    public static SlowRequestReaper start(Duration timeout) {
        SlowRequestReaper reaper = new SlowRequestReaper(timeout);
        long periodMillis = Math.max(250, timeout.toMillis() / 4);
        reaper.scheduler.scheduleWithFixedDelay(reaper::reap, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return reaper;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        InFlight entry = new InFlight(Thread.currentThread(), request, System.nanoTime());
        inFlight.add(entry);
        try {
            chain.proceed();
        } finally {
            inFlight.remove(entry);
        }
    }

    @Override
    public void prologue(ConnectionContext connection, HttpPrologue prologue) {
        awaitingHeaders.put(connection, System.nanoTime());
    }

    @Override
    public void headers(ConnectionContext connection, Headers headers) {
        awaitingHeaders.remove(connection);
    }

    void reap() {
        long now = System.nanoTime();
        awaitingHeaders.forEach((connection, sinceNanos) -> {
            if (now - sinceNanos >= timeoutNanos && awaitingHeaders.remove(connection, sinceNanos)) {
                LOG.info("dropping a connection from " + connection.remotePeer().address()
                        + ": its headers did not arrive within " + Duration.ofNanos(timeoutNanos));
                SocketClosing.close(connection.serverSocket());
            }
        });
        for (InFlight entry : inFlight) {
            if (now - entry.startNanos() < timeoutNanos || !waitingForBody(entry)) {
                continue;
            }
            if (blockedReadingSocket(entry.thread()) && inFlight.contains(entry) && waitingForBody(entry)) {
                LOG.info("dropping a request from " + entry.request().remotePeer().address()
                        + ": its body did not arrive within " + Duration.ofNanos(timeoutNanos));
                entry.thread().interrupt();
                inFlight.remove(entry);
            }
        }
    }

    private static boolean waitingForBody(InFlight entry) {
        try {
            return entry.request().content().hasEntity() && !entry.request().content().consumed();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean blockedReadingSocket(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            String type = frame.getClassName();
            if (frame.getMethodName().equals("read")
                    && (type.equals("sun.nio.ch.SocketChannelImpl") || type.startsWith("io.helidon.common.socket."))) {
                return true;
            }
            if (type.startsWith("dev.playtrace.")) {
                return false; // the top of the stack is our code or below: not waiting on the socket
            }
        }
        return false;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
