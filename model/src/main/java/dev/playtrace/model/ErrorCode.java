package dev.playtrace.model;

/** Categorized errors; the HTTP layer maps each {@link Type} to a status. */
public enum ErrorCode {
    INVALID_PARAMETER(Type.USER_ERROR),
    UNKNOWN_METRIC(Type.USER_ERROR),
    UNKNOWN_DIMENSION(Type.USER_ERROR),
    UNSUPPORTED_MEASUREMENT(Type.USER_ERROR),
    NOT_FOUND(Type.NOT_FOUND),
    UNAUTHENTICATED(Type.UNAUTHENTICATED),
    FORBIDDEN(Type.FORBIDDEN),
    CONFLICT(Type.CONFLICT),
    STORE_FAILURE(Type.INTERNAL),
    INTERNAL(Type.INTERNAL);

    /** Who is at fault, which decides the HTTP status class. */
    public enum Type { USER_ERROR, NOT_FOUND, UNAUTHENTICATED, FORBIDDEN, CONFLICT, INTERNAL }

    private final Type type;

    ErrorCode(Type type) {
        this.type = type;
    }

    public Type type() {
        return type;
    }
}
