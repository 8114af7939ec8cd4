package dev.playtrace.query;

/** A 1-based page of {@code limit} rows. */
public record Page(int limit, int number) {
    public static final int DEFAULT_LIMIT = 25;
    public static final Page FIRST = new Page(DEFAULT_LIMIT, 1);

    public Page {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (number < 1) {
            throw new IllegalArgumentException("page must be at least 1, was " + number);
        }
    }

    public long offset() {
        return (long) (number - 1) * limit;
    }
}
