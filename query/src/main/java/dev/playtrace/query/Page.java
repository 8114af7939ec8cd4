package dev.playtrace.query;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;

/** A slice of {@code limit} rows starting after {@code offset} rows. */
public record Page(int limit, long offset) {
    public static final int DEFAULT_LIMIT = 25;
    public static final Page FIRST = number(DEFAULT_LIMIT, 1);

    public Page {
        if (limit < 1) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER, "limit must be at least 1, was " + limit);
        }
        if (offset < 0) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER, "offset must not be negative, was " + offset);
        }
    }

    /** The 1-based page {@code number} of {@code limit} rows. */
    public static Page number(int limit, int number) {
        if (number < 1) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER, "page must be at least 1, was " + number);
        }
        return new Page(limit, (long) (number - 1) * limit);
    }

    /** Whether this is the first page. */
    public boolean isFirst() {
        return offset == 0;
    }
}
