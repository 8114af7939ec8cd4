package dev.playtrace.query;

/** Which groups of a grouped query are rows of the result (timeseries buckets are always all kept). */
public enum KeptGroups {
    /** Groups where at least one metric has a value. */
    DEFINED,
    /** Groups where at least one metric has a value other than 0 (api.video lists only values with a count). */
    NONZERO
}
