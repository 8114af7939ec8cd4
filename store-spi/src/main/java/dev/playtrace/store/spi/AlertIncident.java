package dev.playtrace.store.spi;

import static java.util.Objects.requireNonNull;

/**
 * An incident an alert rule opened: open while the rule fires, resolved when its metric is back. The numbers
 * (start, peak, current value, affected views, attribution) are in {@code detailsJson}, written by the server.
 *
 * @param resolvedAtMs null while open
 * @param detailsJson opaque to the store
 */
public record AlertIncident(String projectId, String incidentId, String ruleId, Status status, long openedAtMs,
        Long resolvedAtMs, long updatedAtMs, String detailsJson) {
    /** Where an incident is in its life. */
    public enum Status { OPEN, RESOLVED }

    public AlertIncident {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(incidentId, "incidentId is null");
        requireNonNull(ruleId, "ruleId is null");
        requireNonNull(status, "status is null");
        requireNonNull(detailsJson, "detailsJson is null");
        if ((status == Status.RESOLVED) != (resolvedAtMs != null)) {
            throw new IllegalArgumentException("a resolved incident, and only one, has a resolution time");
        }
    }
}
