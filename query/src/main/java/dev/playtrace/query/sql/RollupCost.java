package dev.playtrace.query.sql;

import dev.playtrace.model.TimeRange;
import dev.playtrace.store.spi.ViewRollupTable.Cube;

/**
 * Whether reading a window from a rollup cube is no slower than reading it from the views table, by the shape of
 * the window alone (no statistics, no extra query).
 *
 * <p>The rollup statement reads the whole slots (hours, or five minutes) from the cube (about a millisecond) and
 * scans the views table once per partial edge slot ({@link RollupSqlGenerator}). The views table need not be ordered
 * by time (copies, imports and late views append out of order), and then an edge scan costs a scan of the project's
 * whole views table, however short the edge: at 10M views about 8–10 ms of CPU each. Tuned on the hourly cube at 10M
 * views; docs/rollups.md §5 has the measurements and where the rule is off (small stores, views stored in time
 * order). The plain query pays that scan once, plus the aggregation of every view in the window. Hence:
 *
 * <ul>
 *   <li>no partial edge: no scan of the views at all (0.01–0.05× the plain cost);</li>
 *   <li>one partial edge: one scan, like the plain query, and less to aggregate. Measured: 2–11 whole hours
 *       0.81–1.10× the plain cost (equal within the noise), 23 whole hours 0.56–0.64×;</li>
 *   <li>two partial edges: the rollup pays one extra scan, which the aggregation saved must outweigh. Measured at 10M
 *       views over 7 days (CPU time, plain vs rollup): 11 whole hours, rollup 1.07–1.90× the plain cost;
 *       23 whole hours, 0.48–1.05×; 35 whole hours, 0.39–0.77×. So from 23 hours of whole slots on (a "last 24
 *       hours" ending off the grid) the rollup costs at most about what the plain query does, and far less for the
 *       heavier questions and where the views are stored in time order.</li>
 * </ul>
 */
public final class RollupCost {
    /** Whole slots a window with two partial edges needs before the rollup pays for its second edge scan. */
    static final long MIN_WHOLE_MS_WITH_TWO_PARTIAL_EDGES = 23 * 3_600_000L;

    private RollupCost() {
    }

    /** Whether the cube's statement for this window (cut at now) costs no more than the views-table statement. */
    public static boolean rollupNoSlowerThanViews(TimeRange range, Cube cube) {
        long wholeMs = cube.endOfWholeSlotsMs(range) - cube.firstWholeSlotMs(range);
        return partialEdges(range, cube) < 2 || wholeMs >= MIN_WHOLE_MS_WITH_TWO_PARTIAL_EDGES;
    }

    private static int partialEdges(TimeRange range, Cube cube) {
        int edges = 0;
        if (range.fromMs() != cube.firstWholeSlotMs(range)) {
            edges++;
        }
        if (range.toMs() != cube.endOfWholeSlotsMs(range)) {
            edges++;
        }
        return edges;
    }
}
