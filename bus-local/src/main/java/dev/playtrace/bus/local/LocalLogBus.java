package dev.playtrace.bus.local;

import dev.playtrace.ingest.bus.BusConsumer;
import dev.playtrace.ingest.bus.BusOverloadedException;
import dev.playtrace.ingest.bus.BusRefusedException;
import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.ingest.bus.EventCodec;
import dev.playtrace.model.PlayerEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * The embedded event bus: each published batch becomes one record of a local {@link SegmentedLog}. One committer
 * thread takes every batch that is waiting, appends them, syncs once (group commit: concurrent requests share the
 * sync) and completes their futures; a delivery thread hands them to the consumer in log order, so a consumer busy
 * with a flush never holds acknowledgements back. A restart replays the records after the store's position into the
 * consumer before anything new is taken.
 *
 * <p>Backpressure: the work published but not yet stored (queued, in the log, in the consumer) is bounded in events
 * and in encoded bytes; past either bound {@link #publish} fails at once with {@link BusOverloadedException}.
 */
public final class LocalLogBus implements EventBus {
    private static final Logger LOG = Logger.getLogger(LocalLogBus.class.getName());

    private final SegmentedLog log;
    private final BusConsumer consumer;
    private final Limits limits;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final Thread committer;
    private final Thread deliverer;

    private final Object accounting = new Object();
    // guarded by accounting
    private final ArrayDeque<Unstored> unstored = new ArrayDeque<>();
    private long unstoredEvents;
    private long unstoredBytes;
    private boolean closed;

    private volatile IOException failure;

    private final Object deliveryProgress = new Object();
    // guarded by deliveryProgress
    private long acknowledgedThrough;
    private long deliveredThrough;

    /** How much unstored work the bus holds before it refuses batches, and its segment size. */
    public record Limits(long maxUnstoredEvents, long maxUnstoredBytes, long segmentBytes, Duration retryAfter) {
        /**
         * 200,000 events is about two seconds of what the embedded store writes (BENCHMARKS.md): a clean stop, which
         * writes the backlog, stays well under 10 s, and memory stays bounded under any overload.
         */
        public static final Limits DEFAULTS = new Limits(200_000, 64L << 20, 16L << 20, Duration.ofSeconds(1));

        public Limits {
            requireNonNull(retryAfter, "retryAfter is null");
            if (maxUnstoredEvents <= 0 || maxUnstoredBytes <= 0 || segmentBytes < 4096) {
                throw new IllegalArgumentException("bus limits must be positive and segments at least 4 KiB");
            }
        }
    }

    private record Pending(byte[] payload, List<PlayerEvent> events, CompletableFuture<Void> acknowledged) {
    }

    /** Queued by {@link #close()} after the last batch: the committer stops when it reaches it. */
    private static final Pending END = new Pending(new byte[0], List.of(), new CompletableFuture<>());

    private record Unstored(long position, int events, long bytes) {
    }

    private record Delivery(List<PlayerEvent> events, long position) {
    }

    /** Queued after the last delivery when closing. */
    private static final Delivery LAST = new Delivery(List.of(), -1);

    private LocalLogBus(SegmentedLog log, BusConsumer consumer, Limits limits) {
        this.log = log;
        this.consumer = consumer;
        this.limits = limits;
        this.committer = new Thread(this::commitLoop, "playtrace-log-committer");
        this.committer.setDaemon(true);
        this.deliverer = new Thread(this::deliverLoop, "playtrace-log-delivery");
        this.deliverer.setDaemon(true);
    }

    /**
     * Opens the log in {@code directory}, replays every record after {@code storedPosition} into {@code consumer}
     * (they count as unstored until {@link #stored} passes them), and starts taking new batches.
     */
    public static LocalLogBus open(Path directory, long storedPosition, BusConsumer consumer, Limits limits) {
        requireNonNull(consumer, "consumer is null");
        requireNonNull(limits, "limits is null");
        List<Unstored> replayed = new ArrayList<>();
        SegmentedLog log = SegmentedLog.open(directory, limits.segmentBytes(), storedPosition, entry -> {
            List<PlayerEvent> events = EventCodec.decode(entry.payload());
            consumer.accept(events, entry.position());
            replayed.add(new Unstored(entry.position(), events.size(), entry.payload().length));
        });
        LocalLogBus bus = new LocalLogBus(log, consumer, limits);
        synchronized (bus.accounting) {
            for (Unstored record : replayed) {
                bus.track(record);
            }
        }
        if (!replayed.isEmpty()) {
            LOG.info(() -> "ingest log: replayed " + replayed.size() + " acknowledged batches ("
                    + replayed.stream().mapToLong(Unstored::events).sum() + " events) not yet in the store");
        }
        bus.committer.start();
        bus.deliverer.start();
        return bus;
    }

    @Override
    public CompletableFuture<Void> publish(List<PlayerEvent> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (failure != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the ingest log failed", failure));
        }
        byte[] payload;
        try {
            payload = EventCodec.encode(events);
        } catch (IllegalArgumentException e) {
            // a field value of a type events never carry: a bug upstream, answered as not stored, never a crash
            return CompletableFuture.failedFuture(e);
        }
        synchronized (accounting) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the ingest log is closed"));
            }
            // a batch larger than the bound alone is taken when nothing else waits, or it could never be
            boolean overBound = unstoredEvents + events.size() > limits.maxUnstoredEvents()
                    || unstoredBytes + payload.length > limits.maxUnstoredBytes();
            if (overBound && unstoredEvents > 0) {
                return CompletableFuture.failedFuture(overloaded());
            }
            // counted from now, so queued batches count against the bound too; the position is set when written
            unstoredEvents += events.size();
            unstoredBytes += payload.length;
            // queued under the same lock as close() queues its end mark, so nothing is queued behind it
            CompletableFuture<Void> acknowledged = new CompletableFuture<>();
            queue.add(new Pending(payload, events, acknowledged));
            return acknowledged;
        }
    }

    /** Refuses when the bound is reached: then {@link #publish} refuses every batch, whatever its size. */
    @Override
    public Optional<BusRefusedException> currentRefusal() {
        synchronized (accounting) {
            boolean atBound = unstoredEvents >= limits.maxUnstoredEvents() || unstoredBytes >= limits.maxUnstoredBytes();
            return atBound && unstoredEvents > 0 ? Optional.of(overloaded()) : Optional.empty();
        }
    }

    // guarded by accounting
    private BusOverloadedException overloaded() {
        return new BusOverloadedException(String.format(
                "ingest is %,d events (%,d bytes) behind the store; retry later", unstoredEvents, unstoredBytes),
                limits.retryAfter());
    }

    /**
     * Everything the consumer was given up to and including {@code position} is in the store: the bus may forget it
     * and no longer counts it against its bound.
     */
    public void stored(long position) {
        synchronized (accounting) {
            while (!unstored.isEmpty() && unstored.peekFirst().position() <= position) {
                Unstored record = unstored.removeFirst();
                unstoredEvents -= record.events();
                unstoredBytes -= record.bytes();
            }
        }
        log.deleteThrough(position);
    }

    /** Events published and not yet stored (queued, in the log or in the consumer). */
    public long unstoredEvents() {
        synchronized (accounting) {
            return unstoredEvents;
        }
    }

    /** Null while the log works; the I/O failure that stopped it otherwise. */
    public IOException failure() {
        return failure;
    }

    /** Commits what is queued, then stops; later publishes fail. */
    @Override
    public void close() {
        synchronized (accounting) {
            if (closed) {
                return;
            }
            closed = true;
            // not an interrupt: one during a write would close the log's file channel
            queue.add(END);
        }
        try {
            committer.join(TimeUnit.SECONDS.toMillis(10));
            deliveries.add(LAST);
            deliverer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
    }

    private void commitLoop() {
        List<Pending> group = new ArrayList<>();
        boolean ending = false;
        while (!ending) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(group);
            ending = group.remove(END);
            if (!group.isEmpty()) {
                commit(group);
            }
            group.clear();
        }
    }

    private void commit(List<Pending> group) {
        if (failure != null) {
            fail(group, failure);
            return;
        }
        List<byte[]> payloads = new ArrayList<>(group.size());
        for (Pending pending : group) {
            payloads.add(pending.payload());
        }
        long first;
        try {
            first = log.append(payloads);
            log.force();
        } catch (IOException | RuntimeException e) {
            IOException cause = e instanceof IOException io ? io : new IOException(e);
            LOG.log(Level.SEVERE, "the ingest log cannot write; beacons are refused from now on", e);
            failure = cause;
            fail(group, cause);
            return;
        }
        synchronized (accounting) {
            for (int i = 0; i < group.size(); i++) {
                Pending pending = group.get(i);
                unstoredEvents -= pending.events().size();
                unstoredBytes -= pending.payload().length;
                track(new Unstored(first + i, pending.events().size(), pending.payload().length));
            }
        }
        for (int i = 0; i < group.size(); i++) {
            deliveries.add(new Delivery(group.get(i).events(), first + i));
        }
        synchronized (deliveryProgress) {
            acknowledgedThrough = first + group.size() - 1;
        }
        for (Pending pending : group) {
            pending.acknowledged().complete(null);
        }
    }

    private void deliverLoop() {
        while (true) {
            Delivery delivery;
            try {
                delivery = deliveries.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (delivery == LAST) {
                return;
            }
            try {
                consumer.accept(delivery.events(), delivery.position());
            } catch (RuntimeException e) {
                // the batch is durable: a restart replays it into the consumer
                LOG.log(Level.WARNING, "the consumer refused batch " + delivery.position() + "; it stays in the log", e);
            }
            synchronized (deliveryProgress) {
                deliveredThrough = delivery.position();
                deliveryProgress.notifyAll();
            }
        }
    }

    /** Waits until every batch acknowledged so far has reached the consumer (before a flush that must include it). */
    public void awaitDelivered() {
        synchronized (deliveryProgress) {
            long target = acknowledgedThrough;
            while (deliveredThrough < target && deliverer.isAlive()) {
                try {
                    deliveryProgress.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void track(Unstored record) {
        unstored.addLast(record);
        unstoredEvents += record.events();
        unstoredBytes += record.bytes();
    }

    private void fail(List<Pending> group, IOException cause) {
        for (Pending pending : group) {
            synchronized (accounting) {
                unstoredEvents -= pending.events().size();
                unstoredBytes -= pending.payload().length;
            }
            pending.acknowledged().completeExceptionally(new IllegalStateException("the ingest log failed", cause));
        }
    }
}
