package dev.playtrace.store.spi;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.TimeRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The one definition of the rollup of views, its cubes: the hourly one has one row per project × hour of the play
 * request × combination of a few low-cardinality dimensions, the video one per project × hour × video id and title,
 * the five-minute one per project × five minutes; each row holding exact counts and sums over the views with a play request in that cell.
 * Every count and sum metric of the catalogue is a sum over these rows (ratios are ratios of those sums), so a query
 * whose range, filters and grouping fall on the rollup's grid reads it instead of the views table. See
 * {@code docs/rollups.md}.
 *
 * <p>A row is a sum of per-view contributions: a store that writes a new version of a view adds the new row's
 * contribution and subtracts the old one's ({@link #contributionColumns}), in the transaction that writes the view.
 * Rows may repeat a key (a ClickHouse {@code SummingMergeTree} merges them later); readers always {@code sum()}.
 */
public final class ViewRollupTable {
    public static final String NAME = "view_rollup_hourly";
    public static final long GRAIN_MS = 3_600_000L;

    public static final ColumnSpec PROJECT_ID = new ColumnSpec("project_id", ColumnType.TEXT, false);
    public static final ColumnSpec HOUR_START_MS = new ColumnSpec("hour_start_ms", ColumnType.BIGINT, false);

    /** The dimensions a row is keyed by, each in a column named like the views column (nullable, as there). */
    public static final List<Dimension> DIMENSIONS = List.of(Dimension.COUNTRY, Dimension.DEVICE_CATEGORY,
            Dimension.BROWSER, Dimension.OPERATING_SYSTEM, Dimension.STREAM_TYPE, Dimension.CDN);

    /** The hourly cube: every dimension of {@link #DIMENSIONS}. */
    public static final Cube HOURLY = new Cube(NAME, HOUR_START_MS, GRAIN_MS, DIMENSIONS);
    /**
     * The five-minute grain, of the whole project only (no dimension): the real-time chart's minute-scale series over
     * a day, which the hourly cube cannot bucket. One row per project and five minutes, so it stays small however
     * long it is kept.
     */
    public static final Cube FIVE_MINUTE = new Cube("view_rollup_five_minute",
            new ColumnSpec("five_minute_start_ms", ColumnType.BIGINT, false), 300_000L, List.of());
    /**
     * The hourly cube of what is watched: video id and title (nearly one title per id, so about one row per video
     * watched in the hour). Breakdowns by either and filters on either; the dashboard's top videos.
     */
    public static final Cube VIDEO_HOURLY = new Cube("view_rollup_video_hourly", HOUR_START_MS, GRAIN_MS,
            List.of(Dimension.VIDEO_ID, Dimension.VIDEO_TITLE));
    /** Every cube a store keeps, the preferred first: a query reads the first one that can answer it. */
    public static final List<Cube> CUBES = List.of(HOURLY, VIDEO_HOURLY, FIVE_MINUTE);

    /** Views with a play request in the cell (the {@code views} metric). */
    public static final Measure ATTEMPTS = new Measure("attempts", null, MeasureKind.COUNT);

    /** Every measure in table order: the attempts, one count per outcome flag, one sum per summed column. */
    public static final List<Measure> MEASURES = List.of(
            ATTEMPTS,
            count(ViewTable.IS_STARTED),
            count(ViewTable.IS_ENDED_PLAY),
            count(ViewTable.IS_EXIT_BEFORE_VIDEO_START),
            count(ViewTable.IS_VIDEO_STARTUP_FAILURE),
            count(ViewTable.IS_VIDEO_STARTUP_BUSINESS_EXCEPTION),
            count(ViewTable.IS_PLAYBACK_FAILURE),
            count(ViewTable.IS_PLAYBACK_BUSINESS_EXCEPTION),
            count(ViewTable.IS_VIDEO_PLAYBACK_FAILURE),
            count(ViewTable.DROPPED),
            sum(ViewTable.ERROR_COUNT),
            sum(ViewTable.PLAYING_TIME_MS),
            sum(ViewTable.REBUFFER_COUNT),
            sum(ViewTable.REBUFFER_DURATION_MS),
            sum(ViewTable.SEEK_BUFFER_DURATION_MS),
            sum(ViewTable.WATCH_TIME_MS),
            sum(ViewTable.PLAY_DURATION_MS));

    private ViewRollupTable() {
    }

    /**
     * One cube of the same measures: rows keyed by project, the start of the play request's time slot ({@code grainMs}
     * wide, in {@code slotStart}) and the {@code dimensions}' values.
     */
    public record Cube(String name, ColumnSpec slotStart, long grainMs, List<Dimension> dimensions) {
        public Cube {
            requireNonNull(name, "name is null");
            requireNonNull(slotStart, "slotStart is null");
            dimensions = List.copyOf(dimensions);
        }

        public boolean hasDimension(Dimension dimension) {
            return dimensions.contains(dimension);
        }

        public List<String> dimensionColumns() {
            return dimensions.stream().map(ViewRollupTable::dimensionColumn).toList();
        }

        /** Key column names in order: project, slot, dimensions. */
        public List<String> keyColumnNames() {
            List<String> names = new ArrayList<>(List.of(PROJECT_ID.name(), slotStart.name()));
            names.addAll(dimensionColumns());
            return names;
        }

        /** The table: keyed (for sort order; duplicates allowed) by project, slot and dimensions. */
        public TableLayout layout() {
            List<ColumnSpec> columns = new ArrayList<>(List.of(PROJECT_ID, slotStart));
            dimensionColumns().forEach(column -> columns.add(new ColumnSpec(column, ColumnType.TEXT, true)));
            MEASURES.forEach(measure -> columns.add(new ColumnSpec(measure.name(), ColumnType.BIGINT, false)));
            return new TableLayout(name, columns, keyColumnNames(), null);
        }

        /** The slot (start, ms) of the play request, from the views column. */
        public String slotOfPlayRequest(SqlDialect dialect) {
            return dialect.floorDiv(ViewTable.PLAY_REQUESTED_AT_MS.name(), grainMs) + " * " + grainMs;
        }

        /** The start of the first slot that lies wholly in the range. */
        public long firstWholeSlotMs(TimeRange range) {
            return Math.ceilDiv(range.fromMs(), grainMs) * grainMs;
        }

        /** The end of the last slot that lies wholly in the range. */
        public long endOfWholeSlotsMs(TimeRange range) {
            return Math.floorDiv(range.toMs(), grainMs) * grainMs;
        }
    }

    /** Whether a measure counts views or sums a column. */
    public enum MeasureKind { COUNT, SUM }

    /**
     * One stored measure: the count of views where {@code source} (a boolean views column; null for all) is true, or
     * the sum of {@code source} (a numeric views column).
     */
    public record Measure(String name, ViewColumn source, MeasureKind kind) {
        public Measure {
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
        }
    }

    /** The rollup column of a view column name: the name of its column in the table. */
    public static String dimensionColumn(Dimension dimension) {
        return ViewTable.dimension(dimension).name();
    }

    /** The measure counting views where the flag is true (null flag: every view), if the rollup keeps it. */
    public static Optional<Measure> countOf(ViewColumn flag) {
        if (flag == null) {
            return Optional.of(ATTEMPTS);
        }
        return MEASURES.stream()
                .filter(measure -> measure.kind() == MeasureKind.COUNT && flag.equals(measure.source()))
                .findFirst();
    }

    /** The measure summing the column, if the rollup keeps it. */
    public static Optional<Measure> sumOf(ViewColumn column) {
        return MEASURES.stream()
                .filter(measure -> measure.kind() == MeasureKind.SUM && column.equals(measure.source()))
                .findFirst();
    }

    /** The hourly cube's key column names in order: project, hour, dimensions. */
    public static List<String> keyColumnNames() {
        return HOURLY.keyColumnNames();
    }

    public static List<String> measureNames() {
        return MEASURES.stream().map(Measure::name).toList();
    }

    /**
     * The hourly cube's table. Kept out of {@link ViewTable}'s DDL so that a migration tool can create it (and backfill
     * it) as its own step.
     */
    public static TableLayout layout() {
        return HOURLY.layout();
    }

    /**
     * The aggregate columns ({@code <aggregate> AS <measure>}, in {@link #MEASURES} order) that add up the
     * contributions of rows of stored views columns, each row weighted by the integer column {@code weight} (+1 to
     * add a view version, −1 to take one away; a backfill passes {@code "1"}). Derived flags are computed from the
     * stored columns, so the rows may come from a staging table that has no derived columns.
     */
    public static List<String> contributionColumns(SqlDialect dialect, String weight) {
        return contributionColumns(dialect, weight, MEASURES);
    }

    /** {@link #contributionColumns(SqlDialect, String)} for some of the measures only, in the given order. */
    public static List<String> contributionColumns(SqlDialect dialect, String weight, List<Measure> measures) {
        return measures.stream().map(measure -> "coalesce(" + switch (measure.kind()) {
            case COUNT -> dialect.sumIf(weight, measure.source() == null ? null : flagCondition(dialect, measure.source()));
            case SUM -> dialect.sumIf(weight + " * " + measure.source().name(), null);
        } + ", 0) AS " + measure.name()).toList();
    }

    /** The hour (start, ms) of the play request, from the views column. */
    public static String hourOfPlayRequest(SqlDialect dialect) {
        return HOURLY.slotOfPlayRequest(dialect);
    }

    /** A condition that holds when the flag (a boolean views column, stored or derived) is true. */
    public static String flagCondition(SqlDialect dialect, ViewColumn flag) {
        return flag.isDerived() ? dialect.derivedExpression(flag.derivation()) : dialect.isTrue(flag.name());
    }

    private static Measure count(ViewColumn flag) {
        return new Measure(flag.name() + "_views", flag, MeasureKind.COUNT);
    }

    private static Measure sum(ViewColumn column) {
        return new Measure(column.name() + "_sum", column, MeasureKind.SUM);
    }
}
