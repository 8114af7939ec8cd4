package dev.playtrace.query;

import java.util.List;

/** A page of breakdown rows plus how many groups there are in all. */
public record Breakdown(List<GroupRow> rows, long totalRowCount) {
    public Breakdown {
        rows = List.copyOf(rows);
    }
}
