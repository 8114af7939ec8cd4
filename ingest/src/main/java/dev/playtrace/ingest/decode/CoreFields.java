package dev.playtrace.ingest.decode;

import dev.playtrace.model.BeaconFields;
import dev.playtrace.model.EventName;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/** Checks the fields every event carries: the event name, the view, its sequence number and the two times. */
public final class CoreFields {

    private CoreFields() {
    }

    /** {@code env_key}: a non-empty string; absent gives {@link FieldResult#ABSENT}. */
    public static FieldResult<String> envKey(Object value) {
        if (value == null) {
            return FieldResult.absent();
        }
        if (!(value instanceof String key)) {
            return FieldResult.wrongType(BeaconFields.ENV_KEY, "a string", value);
        }
        return key.isEmpty() ? FieldResult.absent() : FieldResult.valid(key);
    }

    /** {@code event}: required, a name a client may send ({@link EventName#fromClient}); matched in any case. */
    public static FieldResult<EventName> eventName(Object value) {
        if (value == null) {
            return missing(BeaconFields.EVENT);
        }
        if (!(value instanceof String name)) {
            return FieldResult.wrongType(BeaconFields.EVENT, "an event name (a string)", value);
        }
        Optional<EventName> event = EventName.fromClient(name).or(() -> EventName.fromClient(name.toLowerCase(Locale.ROOT)));
        if (event.isPresent()) {
            return FieldResult.valid(event.get());
        }
        String shown = BeaconDecoder.truncate(name);
        if (EventName.fromWire(name.toLowerCase(Locale.ROOT)).isPresent()) {
            return FieldResult.invalid(RejectReason.UNKNOWN_EVENT, "event \"" + shown + "\" is sent only by the server");
        }
        return FieldResult.invalid(RejectReason.UNKNOWN_EVENT, "event \"" + shown + "\" is not a known event name");
    }

    /** {@code view_id}: required, a non-empty string of at most {@link BeaconLimits#maxViewIdLength()} characters. */
    public static FieldResult<String> viewId(Object value, BeaconLimits limits) {
        if (value == null) {
            return missing(BeaconFields.VIEW_ID);
        }
        if (!(value instanceof String viewId)) {
            return FieldResult.wrongType(BeaconFields.VIEW_ID, "a string", value);
        }
        if (viewId.isEmpty()) {
            return FieldResult.invalid(RejectReason.INVALID_VALUE, "view_id must not be empty");
        }
        if (viewId.length() > limits.maxViewIdLength()) {
            return FieldResult.invalid(RejectReason.TOO_LONG, "view_id is " + viewId.length()
                    + " characters long, at most " + limits.maxViewIdLength() + " are accepted");
        }
        return FieldResult.valid(viewId);
    }

    /** {@code view_sequence_number}: required, an integer ≥ 0 (a whole JSON float such as {@code 3.0} is accepted). */
    public static FieldResult<Long> sequenceNumber(Object value) {
        String field = BeaconFields.VIEW_SEQUENCE_NUMBER;
        return switch (value) {
            case null -> missing(field);
            case Long number when number >= 0 -> FieldResult.valid(number);
            case Double number when number >= 0 && number == Math.rint(number) && number <= BeaconDecoder.MAX_SAFE_INTEGER ->
                    FieldResult.valid(number.longValue());
            case Long number -> FieldResult.invalid(RejectReason.INVALID_VALUE, field + " must be ≥ 0, got " + number);
            case Double number -> FieldResult.invalid(RejectReason.INVALID_VALUE, field + " must be a whole number ≥ 0, got " + number);
            case BigInteger ignored -> FieldResult.invalid(RejectReason.INVALID_VALUE, field + " is out of range");
            default -> FieldResult.wrongType(field, "an integer", value);
        };
    }

    /**
     * {@code viewer_time}: required, the device clock in ms since the Unix epoch, a JSON number (a fraction is
     * truncated to the millisecond; a numeric string is rejected).
     */
    public static FieldResult<Long> viewerTime(Object value) {
        return epochMillis(BeaconFields.VIEWER_TIME, value, true);
    }

    /** {@code player_playhead_time}: optional, a number ≥ 0 of ms (a fraction is truncated). */
    public static FieldResult<Long> playheadTime(Object value) {
        return epochMillis(BeaconFields.PLAYER_PLAYHEAD_TIME, value, false);
    }

    private static FieldResult<Long> epochMillis(String field, Object value, boolean required) {
        return switch (value) {
            case null -> required ? missing(field) : FieldResult.absent();
            case Long number when number >= 0 && number <= BeaconDecoder.MAX_SAFE_INTEGER -> FieldResult.valid(number);
            case Double number when number >= 0 && number <= BeaconDecoder.MAX_SAFE_INTEGER -> FieldResult.valid((long) Math.floor(number));
            case Long number when number < 0 -> FieldResult.invalid(RejectReason.INVALID_VALUE, field + " must be ≥ 0 ms, got " + number);
            case Double number when number < 0 -> FieldResult.invalid(RejectReason.INVALID_VALUE, field + " must be ≥ 0 ms, got " + number);
            case Number ignored -> FieldResult.invalid(RejectReason.INVALID_VALUE, field + " is out of range");
            default -> FieldResult.wrongType(field, "a number of milliseconds", value);
        };
    }

    private static <T> FieldResult<T> missing(String field) {
        return FieldResult.invalid(RejectReason.MISSING_FIELD, field + " is required");
    }
}
