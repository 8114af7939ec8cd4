package dev.playtrace.store.spi;

import static java.util.Objects.requireNonNull;

/**
 * One webhook message to deliver (an incident opened or resolved) and where its delivery stands. The payload is
 * kept as sent, so every retry sends the same body (signed anew with the time of the attempt).
 *
 * @param storedSecret the webhook's secret as the rule stored it (encrypted) when the message was created: it signs the
 *                     message if the rule is deleted before it is delivered (an incident's last message, resolved
 *                     because its rule was deleted, still reaches the receiver); null for deliveries stored without it
 * @param event {@code incident.opened} or {@code incident.resolved}
 * @param attempts attempts made so far (each is a {@link WebhookAttempt})
 * @param nextAttemptAtMs when a pending delivery is due next
 */
public record WebhookDelivery(String projectId, String deliveryId, String ruleId, String incidentId, String url,
        String storedSecret, String event, String payloadJson, Status status, int attempts, long createdAtMs, long nextAttemptAtMs) {
    /** PENDING until a 2xx (DELIVERED) or until the attempts run out (FAILED). */
    public enum Status { PENDING, DELIVERED, FAILED }

    public WebhookDelivery {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(deliveryId, "deliveryId is null");
        requireNonNull(ruleId, "ruleId is null");
        requireNonNull(incidentId, "incidentId is null");
        requireNonNull(url, "url is null");
        requireNonNull(event, "event is null");
        requireNonNull(payloadJson, "payloadJson is null");
        requireNonNull(status, "status is null");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts is negative");
        }
    }

    public WebhookDelivery after(Status newStatus, long newNextAttemptAtMs) {
        return new WebhookDelivery(projectId, deliveryId, ruleId, incidentId, url, storedSecret, event, payloadJson, newStatus,
                attempts + 1, createdAtMs, newNextAttemptAtMs);
    }
}
