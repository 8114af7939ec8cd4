package dev.playtrace.server.pipeline;

import dev.playtrace.bus.local.LocalLogBus;
import dev.playtrace.ingest.session.Sessionizer;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Flushes the sessionizer every period (back to back while each flush takes longer), so playing views reach the store
 * within about a second, tells the bus what is stored after each flush (so it can forget it), and writes everything
 * pending when stopped.
 */
public final class FlushScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FlushScheduler.class.getName());

    private final Sessionizer sessionizer;
    private final LocalLogBus bus;
    private final ScheduledThreadPoolExecutor executor;
    private final long periodMs;

    public FlushScheduler(Sessionizer sessionizer, LocalLogBus bus, Duration period) {
        this.sessionizer = requireNonNull(sessionizer, "sessionizer is null");
        this.bus = requireNonNull(bus, "bus is null");
        this.periodMs = period.toMillis();
        if (periodMs <= 0) {
            throw new IllegalArgumentException("the flush period must be at least 1 ms: " + period);
        }
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "playtrace-flush");
            thread.setDaemon(true);
            return thread;
        });
        // close() writes what is pending itself; a flush still waiting for its time must not run after it
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.schedule(this::flushAndScheduleNext, periodMs, TimeUnit.MILLISECONDS);
    }

    /**
     * The next flush starts one period after this one started, or at once when this one took longer: a store behind
     * under load is never left idle for a period (a fixed delay did that), and no missed periods are caught up with
     * a burst of tiny flushes (a fixed rate would).
     */
    private void flushAndScheduleNext() {
        long startedNs = System.nanoTime();
        flushQuietly();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNs);
        try {
            executor.schedule(this::flushAndScheduleNext, Math.max(0, periodMs - elapsedMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
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
