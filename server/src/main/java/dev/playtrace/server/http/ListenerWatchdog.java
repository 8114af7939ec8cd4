package dev.playtrace.server.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Notices a listener that stopped accepting connections (Helidon ends its accept loop for good on an error such as
 * running out of file descriptors, while the process lives on): it connects to the listener's port every period, and
 * after {@value #FAILURES_BEFORE_DEAD} refused or timed-out connections in a row reports it dead, once. A connection
 * waiting in the accept queue because the connection cap is reached still counts as alive (the kernel accepted it).
 */
public final class ListenerWatchdog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ListenerWatchdog.class.getName());
    static final int FAILURES_BEFORE_DEAD = 3;

    private final InetSocketAddress target;
    private final Duration period;
    private final Runnable onDeath;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final LongAdder probes = new LongAdder();
    private final LongAdder failedProbes = new LongAdder();
    private final AtomicBoolean dead = new AtomicBoolean();
    private final ScheduledExecutorService scheduler;

    private ListenerWatchdog(InetSocketAddress target, Duration period, Runnable onDeath) {
        this.target = requireNonNull(target, "target is null");
        this.period = requireNonNull(period, "period is null");
        this.onDeath = requireNonNull(onDeath, "onDeath is null");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "playtrace-listener-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts probing {@code target} every {@code period}; {@code onDeath} runs once when the listener is found dead. */
    public static ListenerWatchdog start(InetSocketAddress target, Duration period, Runnable onDeath) {
        ListenerWatchdog watchdog = new ListenerWatchdog(target, period, onDeath);
        long millis = Math.max(1, period.toMillis());
        watchdog.scheduler.scheduleWithFixedDelay(watchdog::probe, millis, millis, TimeUnit.MILLISECONDS);
        return watchdog;
    }

    /** False once the listener has been found dead (it never comes back: Helidon does not restart it). */
    public boolean listening() {
        return !dead.get();
    }

    /** Probes made so far. */
    public long probes() {
        return probes.sum();
    }

    /** Probes the listener did not answer so far. */
    public long failedProbes() {
        return failedProbes.sum();
    }

    private void probe() {
        if (dead.get()) {
            return;
        }
        probes.increment();
        try (Socket socket = new Socket()) {
            socket.connect(target, (int) Math.max(1, period.toMillis()));
            failuresInARow.set(0);
        } catch (IOException e) {
            failedProbes.increment();
            int failures = failuresInARow.incrementAndGet();
            LOG.warning("the HTTP listener on " + target + " did not accept a connection (" + failures + " in a row): " + e);
            if (failures >= FAILURES_BEFORE_DEAD && dead.compareAndSet(false, true)) {
                LOG.severe("the HTTP listener on " + target + " is dead: it refuses connections; /health reports DOWN");
                onDeath.run();
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
