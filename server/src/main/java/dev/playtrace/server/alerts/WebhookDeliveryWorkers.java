package dev.playtrace.server.alerts;

import dev.playtrace.store.spi.WebhookDelivery;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Sends webhook deliveries off the evaluation thread: a poller reads the deliveries due from the store every tick
 * (and when {@link #wake() woken} after an evaluation) and hands each to a small pool of sender threads. A receiver
 * that is slow or never answers holds one sender for up to the request timeout; rules keep being evaluated.
 *
 * <p>The store is the queue: a delivery is stored as pending before anything is sent, so deliveries still pending
 * when the server stops (or crashes mid-attempt) are sent after it starts again. The in-memory hand-off is bounded;
 * what does not fit waits in the store for a later tick. A delivery is never attempted twice at once, and a sender
 * checks the stored delivery is still due before it sends, so a poll that read the list just before another
 * sender's attempt was recorded does not send the message again.
 */
final class WebhookDeliveryWorkers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebhookDeliveryWorkers.class.getName());
    static final int SENDERS = 4;
    private static final int HANDED_OFF_MAX = 100;

    private final WebhookDispatcher dispatcher;
    private final Set<String> inFlightDeliveryIds = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;
    private final ThreadPoolExecutor senders;

    private WebhookDeliveryWorkers(WebhookDispatcher dispatcher, Duration tick) {
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.poller = Executors.newSingleThreadScheduledExecutor(daemonThreads("playtrace-webhooks-poll"));
        this.senders = new ThreadPoolExecutor(SENDERS, SENDERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(HANDED_OFF_MAX), daemonThreads("playtrace-webhooks-send"));
        poller.scheduleWithFixedDelay(this::pollSafely, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts polling every {@code tick} (first poll at once, which sends what was pending before a restart). */
    static WebhookDeliveryWorkers start(WebhookDispatcher dispatcher, Duration tick) {
        return new WebhookDeliveryWorkers(dispatcher, tick);
    }

    /** Polls now rather than at the next tick (an evaluation may just have stored messages). */
    void wake() {
        try {
            poller.execute(this::pollSafely);
        } catch (RejectedExecutionException closed) {
            // closing: the deliveries stay pending in the store
        }
    }

    private void pollSafely() {
        try {
            for (WebhookDelivery delivery : dispatcher.dueNow()) {
                handOff(delivery);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the webhook deliveries due", e);
        }
    }

    private void handOff(WebhookDelivery delivery) {
        if (!inFlightDeliveryIds.add(delivery.deliveryId())) {
            return;
        }
        try {
            senders.execute(() -> {
                try {
                    // the list may predate an attempt another sender just recorded
                    dispatcher.attemptIfStillDue(delivery);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "webhook delivery " + delivery.deliveryId() + " failed", e);
                } finally {
                    inFlightDeliveryIds.remove(delivery.deliveryId());
                }
            });
        } catch (RejectedExecutionException full) {
            // every sender is busy and the hand-off is full: it stays pending in the store for a later tick
            inFlightDeliveryIds.remove(delivery.deliveryId());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        senders.shutdownNow();
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
            senders.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
