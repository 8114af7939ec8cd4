package dev.playtrace.ingest.decode;

/** Why a whole beacon batch was refused before any of its events could be judged (the collector maps each to a status). */
public enum BatchFailureKind {
    /** The body is not JSON (or has content after the JSON value). */
    MALFORMED_JSON("malformed_json"),
    /** The body is JSON but not {@code {"events": [...]}}. */
    NOT_A_BATCH("not_a_batch"),
    /** The {@code events} array is empty. */
    EMPTY("empty_batch"),
    /** No event of the batch carries an ingest key that belongs to a project. */
    UNKNOWN_INGEST_KEY("unknown_ingest_key");

    private final String code;

    BatchFailureKind(String code) {
        this.code = code;
    }

    /** The snake_case code written in the response body and used as a metric label. */
    public String code() {
        return code;
    }
}
