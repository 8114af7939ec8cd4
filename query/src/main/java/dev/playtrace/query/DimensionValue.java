package dev.playtrace.query;

/** One value of a dimension with the number of views that have it. */
public record DimensionValue(String value, long totalCount) {
}
