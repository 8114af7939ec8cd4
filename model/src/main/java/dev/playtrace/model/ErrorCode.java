package dev.playtrace.model;

/**
 * Categorized errors (the Trino pattern): each code has a {@link Type} saying who is at fault, and the HTTP layer maps
 * each type to a status with an exhaustive switch ({@code HttpStatuses}). A client's mistake is a {@code USER_ERROR}
 * (never a 5xx, which clients retry); only {@code INTERNAL} is our fault.
 */
public enum ErrorCode {
    INVALID_PARAMETER(Type.USER_ERROR),
    UNKNOWN_METRIC(Type.USER_ERROR),
    UNKNOWN_DIMENSION(Type.USER_ERROR),
    UNSUPPORTED_MEASUREMENT(Type.USER_ERROR),
    NOT_FOUND(Type.NOT_FOUND),
    UNAUTHENTICATED(Type.UNAUTHENTICATED),
    FORBIDDEN(Type.FORBIDDEN),
    CONFLICT(Type.CONFLICT),
    /** The caller sent more requests than its limit allows; it may retry later. */
    RATE_LIMITED(Type.RATE_LIMITED),
    /** Every store worker is busy and the queue of waiting queries is full; the caller may retry shortly. */
    STORE_BUSY(Type.UNAVAILABLE),
    /** A query ran longer than the server allows and was cancelled in the store. */
    QUERY_TIMEOUT(Type.UNAVAILABLE),
    STORE_FAILURE(Type.INTERNAL),
    INTERNAL(Type.INTERNAL);

    /** Who is at fault, which decides the HTTP status class. */
    public enum Type { USER_ERROR, NOT_FOUND, UNAUTHENTICATED, FORBIDDEN, CONFLICT, RATE_LIMITED, UNAVAILABLE, INTERNAL }

    private final Type type;

    ErrorCode(Type type) {
        this.type = type;
    }

    public Type type() {
        return type;
    }
}
