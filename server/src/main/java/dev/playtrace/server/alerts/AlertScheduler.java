package dev.playtrace.server.alerts;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Drives alerting: each {@link #runOnce()} evaluates every rule once per minute of the clock (the first run in a new
 * minute does it). {@link #start} runs it every few seconds on a thread of its own and sends webhooks on
 * {@link WebhookDeliveryWorkers}, so a slow receiver never delays an evaluation; tests call {@link #runOnce()} after
 * moving their clock.
 */
public final class AlertScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertScheduler.class.getName());
    private static final long MINUTE_MS = 60_000;

    private final AlertEngine engine;
    private final WebhookDispatcher webhooks;
    private final Clock clock;
    private ScheduledExecutorService executor;
    private WebhookDeliveryWorkers deliveries;
    private long lastEvaluatedMinute = Long.MIN_VALUE;

    public AlertScheduler(AlertEngine engine, WebhookDispatcher webhooks, Clock clock) {
        this.engine = requireNonNull(engine, "engine is null");
        this.webhooks = requireNonNull(webhooks, "webhooks is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Evaluates the rules if the clock entered a new minute since the last evaluation; when started, the webhook
     * senders then look for the messages it stored at once.
     */
    public synchronized void runOnce() {
        long nowMs = clock.millis();
        long minute = Math.floorDiv(nowMs, MINUTE_MS);
        if (minute > lastEvaluatedMinute) {
            lastEvaluatedMinute = minute;
            engine.evaluateAll(nowMs);
            if (deliveries != null) {
                deliveries.wake();
            }
        }
    }

    /** Runs {@link #runOnce()} every {@code tick}, and the webhook senders, until closed. */
    public synchronized AlertScheduler start(Duration tick) {
        if (executor == null) {
            deliveries = WebhookDeliveryWorkers.start(webhooks, tick);
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "playtrace-alerts");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(() -> {
                try {
                    runOnce();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "alert evaluation failed", e);
                }
            }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        WebhookDeliveryWorkers sending;
        synchronized (this) {
            running = executor;
            executor = null;
            sending = deliveries;
            deliveries = null;
        }
        if (sending != null) {
            sending.close();
        }
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
