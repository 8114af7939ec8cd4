package dev.playtrace.store.spi;

import static java.util.Objects.requireNonNull;

/**
 * One attempt to deliver a {@link WebhookDelivery}: when, what the receiver answered, how long it took.
 *
 * @param attempt 1 for the first attempt
 * @param statusCode the receiver's HTTP status; null when no answer came (connection refused, timeout)
 * @param error why the attempt failed; null when it succeeded
 */
public record WebhookAttempt(String deliveryId, int attempt, long attemptedAtMs, Integer statusCode, String error,
        long durationMs) {
    public WebhookAttempt {
        requireNonNull(deliveryId, "deliveryId is null");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
    }
}
