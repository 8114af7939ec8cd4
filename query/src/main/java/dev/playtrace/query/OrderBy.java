package dev.playtrace.query;

/** What result rows are sorted by. */
public enum OrderBy {
    /** A metric's value. */
    VALUE,
    VIEWS,
    /** The group's (mapped) dimension value. */
    FIELD,
    /** A metric's negative-impact rank (1 = the group that pulls the metric most the wrong way). */
    NEGATIVE_IMPACT,
    /** The bucket start of a timeseries row. */
    BUCKET
}
