package dev.playtrace.ingest.decode;

/** Why one event of a batch was rejected; {@link #label()} is the value of the {@code reason} label of the rejection counter. */
public enum RejectReason {
    /** The event's {@code env_key} (or the batch's) is missing or belongs to no project. */
    UNKNOWN_INGEST_KEY("unknown_ingest_key"),
    /** A required field is absent or null. */
    MISSING_FIELD("missing_field"),
    /** A field has the wrong JSON type (a string where a number is required, ...). */
    WRONG_TYPE("wrong_type"),
    /** A field has the right type but a value outside what the protocol allows. */
    INVALID_VALUE("invalid_value"),
    /** {@code event} is not a name a client may send. */
    UNKNOWN_EVENT("unknown_event"),
    /** A field's value is a JSON object or array; only scalar values are accepted. */
    NESTED_VALUE("nested_value"),
    /** A string (or a field name) is longer than its limit. */
    TOO_LONG("too_long"),
    /** The corrected event time is too far before the time the beacon was received. */
    TIME_TOO_OLD("time_too_old"),
    /** The corrected event time is too far after the time the beacon was received. */
    TIME_IN_FUTURE("time_in_future"),
    /** An element of the {@code events} array is not a JSON object. */
    NOT_AN_OBJECT("not_an_object"),
    /** The event has more fields than the limit. */
    TOO_MANY_FIELDS("too_many_fields"),
    /** The event is beyond the per-batch event limit and was not read. */
    OVER_BATCH_LIMIT("over_batch_limit");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
