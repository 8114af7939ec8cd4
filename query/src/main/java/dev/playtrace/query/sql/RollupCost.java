package dev.playtrace.query.sql;

import dev.playtrace.model.TimeRange;
import dev.playtrace.store.spi.ViewRollupTable;

/**
 * Whether reading a window from the hourly rollup is no slower than reading it from the views table, by the shape of
 * the window alone (no statistics, no extra query).
 *
 * <p>The rollup statement reads the whole hours from the rollup (about a millisecond) and scans the views table once
 * per partial edge hour ({@link RollupSqlGenerator}). The views table need not be ordered by time (copies, imports
 * and late views append out of order), and then an edge scan costs a scan of the project's whole views table, however
 * short the edge: at 10M views about 8–10 ms of CPU each. Tuned at 10M views; docs/rollups.md §5 has the
 * measurements and where the rule is off (small stores, views stored in time order). The plain query pays
 * that scan once, plus the aggregation of every view in the window. Hence:
 *
 * <ul>
 *   <li>no partial edge: no scan of the views at all (0.01–0.05× the plain cost);</li>
 *   <li>one partial edge: one scan, like the plain query, and less to aggregate. Measured: 2–11 whole hours
 *       0.81–1.10× the plain cost (equal within the noise), 23 whole hours 0.56–0.64×;</li>
 *   <li>two partial edges: the rollup pays one extra scan, which the aggregation saved must outweigh. Measured at 10M
 *       views over 7 days (CPU time, plain vs rollup): 11 whole hours, rollup 1.07–1.90× the plain cost;
 *       23 whole hours, 0.48–1.05×; 35 whole hours, 0.39–0.77×. From {@value #MIN_WHOLE_HOURS_WITH_TWO_PARTIAL_EDGES}
 *       whole hours on, every question measured was cheaper through the rollup.</li>
 * </ul>
 */
public final class RollupCost {
    /** Whole hours a window with two partial edge hours needs before the rollup pays for its second edge scan. */
    static final int MIN_WHOLE_HOURS_WITH_TWO_PARTIAL_EDGES = 24;

    private RollupCost() {
    }

    /** Whether the rollup statement for this window (cut at now) costs no more than the views-table statement. */
    public static boolean rollupNoSlowerThanViews(TimeRange range) {
        long wholeHours = (RollupSqlGenerator.endOfWholeHoursMs(range) - RollupSqlGenerator.firstWholeHourMs(range))
                / ViewRollupTable.GRAIN_MS;
        return partialEdges(range) < 2 || wholeHours >= MIN_WHOLE_HOURS_WITH_TWO_PARTIAL_EDGES;
    }

    private static int partialEdges(TimeRange range) {
        int edges = 0;
        if (range.fromMs() != RollupSqlGenerator.firstWholeHourMs(range)) {
            edges++;
        }
        if (range.toMs() != RollupSqlGenerator.endOfWholeHoursMs(range)) {
            edges++;
        }
        return edges;
    }
}
