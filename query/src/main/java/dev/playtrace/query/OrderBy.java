package dev.playtrace.query;

/** What breakdown rows are sorted by. */
public enum OrderBy {
    VALUE, VIEWS, FIELD, NEGATIVE_IMPACT
}
