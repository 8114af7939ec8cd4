package dev.playtrace.server.pipeline;

import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.ingest.session.Sessionizer;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Flushes the sessionizer on a fixed period, so playing views reach the store within about a second, tells the bus
 * what is stored after each flush (so it can forget it), and writes everything pending when stopped.
 */
public final class FlushScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FlushScheduler.class.getName());

    private final Sessionizer sessionizer;
    private final EventBus bus;
    private final ScheduledExecutorService executor;

    public FlushScheduler(Sessionizer sessionizer, EventBus bus, Duration period) {
        this.sessionizer = requireNonNull(sessionizer, "sessionizer is null");
        this.bus = requireNonNull(bus, "bus is null");
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "playtrace-flush");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::flushQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // the sessionizer offers the same batch again at the next flush
            LOG.log(Level.SEVERE, "flush to the store failed; retrying at the next flush", e);
        }
    }

    private void flush() {
        try {
            sessionizer.flush();
        } finally {
            bus.stored(sessionizer.storedThroughPosition());
        }
    }

    /** Runs a flush now on the flush thread, including every batch acknowledged so far, and waits for it (tests). */
    public void flushNow() {
        bus.awaitDelivered();
        try {
            executor.submit(this::flush).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("flush failed", e.getCause());
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warning("the flush thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessionizer.flushAll();
        bus.stored(sessionizer.storedThroughPosition());
    }
}
