package dev.playtrace.bench.run;

import dev.playtrace.server.PlaytraceServer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples a server's acknowledged-but-unstored events every millisecond on a thread of its own and keeps the moments
 * the backlog became empty or non-empty, on the wall clock: the drain after a load is then timed from the load's last
 * answer (reported by the load process) to the backlog's emptying, not from when this process learns that the load
 * ended (the load process's exit comes between, and the backlog may drain meanwhile).
 */
final class BacklogWatch implements AutoCloseable {
    /** When the backlog changed, and whether it was empty after. */
    private record Change(long atEpochMs, boolean empty) {
    }

    private final PlaytraceServer server;
    private final List<Change> changes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private BacklogWatch(PlaytraceServer server) {
        this.server = server;
        this.thread = Thread.ofPlatform().daemon().name("bench-backlog-watch").start(this::watch);
    }

    static BacklogWatch start(PlaytraceServer server) {
        return new BacklogWatch(server);
    }

    private void watch() {
        Boolean wasEmpty = null;
        while (running) {
            boolean empty = server.unstoredEvents() == 0;
            if (wasEmpty == null || empty != wasEmpty) {
                synchronized (changes) {
                    changes.add(new Change(System.currentTimeMillis(), empty));
                }
                wasEmpty = empty;
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * Waits until the backlog is empty, then returns how long after {@code sinceEpochMs} it became empty for good
     * (0 when it was already empty then and stayed so).
     */
    long drainMsAfter(long sinceEpochMs) {
        while (server.unstoredEvents() > 0) {
            LockSupport.parkNanos(1_000_000);
        }
        // one more sample, so that the emptying is recorded before the watch stops
        LockSupport.parkNanos(5_000_000);
        close();
        synchronized (changes) {
            Change last = changes.getLast();
            if (!last.empty()) {
                throw new IllegalStateException("the backlog watch stopped on a non-empty backlog");
            }
            return Math.max(0, last.atEpochMs() - sinceEpochMs);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
