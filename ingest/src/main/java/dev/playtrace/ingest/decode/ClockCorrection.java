package dev.playtrace.ingest.decode;

import dev.playtrace.model.BeaconFields;

/**
 * Estimates each event's server time from the clock offset of the beacon that carried it, {@code eventTime =
 * viewer_time + (receivedAt - transmission_timestamp)}, and enforces the time window (metrics.md §3a.7) on it. The
 * view itself is placed by one offset per view, the smallest of its beacons' (metrics.md §1; see ViewTimeline).
 */
public final class ClockCorrection {

    private ClockCorrection() {
    }

    /** How far the server clock is ahead of the device clock; 0 when the beacon carried no send time. */
    public static long offsetMs(BatchMetadata metadata, long receivedAtMs) {
        Long sentAtMs = metadata.transmissionTimestampMs();
        return sentAtMs == null ? 0 : receivedAtMs - sentAtMs;
    }

    /**
     * The corrected event time, or why the event is rejected when it falls outside
     * {@code [receivedAt - maxPast, receivedAt + maxFuture]}.
     */
    public static FieldResult<Long> eventTime(long viewerTimeMs, long offsetMs, long receivedAtMs, BeaconLimits limits) {
        // both inputs are within ±2^53, so the sums cannot overflow
        long eventTimeMs = viewerTimeMs + offsetMs;
        long aheadMs = eventTimeMs - receivedAtMs;
        if (aheadMs > limits.maxFutureMs()) {
            return FieldResult.invalid(RejectReason.TIME_IN_FUTURE, BeaconFields.VIEWER_TIME + " puts the event "
                    + duration(aheadMs) + " after the beacon was received" + offsetNote(offsetMs)
                    + "; events more than " + duration(limits.maxFutureMs()) + " in the future are rejected");
        }
        if (-aheadMs > limits.maxPastMs()) {
            return FieldResult.invalid(RejectReason.TIME_TOO_OLD, BeaconFields.VIEWER_TIME + " puts the event "
                    + duration(-aheadMs) + " before the beacon was received" + offsetNote(offsetMs)
                    + "; events older than " + duration(limits.maxPastMs()) + " are rejected");
        }
        return FieldResult.valid(eventTimeMs);
    }

    private static String offsetNote(long offsetMs) {
        return offsetMs == 0 ? "" : " (after correcting the device clock by " + (offsetMs > 0 ? "+" : "") + offsetMs + " ms)";
    }

    /** A short human reading of a duration: "250 ms", "6 min 5 s", "8 d 2 h". */
    static String duration(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        long seconds = ms / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        long days = hours / 24;
        return days + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }
}
