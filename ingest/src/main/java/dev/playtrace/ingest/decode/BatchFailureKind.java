package dev.playtrace.ingest.decode;

/** Why a whole beacon batch was refused before any of its events could be judged; each kind has one HTTP status. */
public enum BatchFailureKind {
    /** The body is not JSON (or has content after the JSON value). */
    MALFORMED_JSON("malformed_json", 400),
    /** The body is JSON but not {@code {"events": [...]}}. */
    NOT_A_BATCH("not_a_batch", 400),
    /** The {@code events} array is empty. */
    EMPTY("empty_batch", 400),
    /** No event of the batch carries an ingest key that belongs to a project. */
    UNKNOWN_INGEST_KEY("unknown_ingest_key", 401);

    private final String code;
    private final int httpStatus;

    BatchFailureKind(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The snake_case code written in the response body and used as a metric label. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
