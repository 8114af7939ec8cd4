package dev.playtrace.query;

import java.util.List;

/** A page of a dimension's values, most frequent first, and how many distinct values there are in all. */
public record DimensionValuePage(List<DimensionValue> values, long totalCount) {
    public DimensionValuePage {
        values = List.copyOf(values);
    }
}
