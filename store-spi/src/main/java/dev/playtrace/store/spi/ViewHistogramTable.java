package dev.playtrace.store.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Exact sparse histograms of integer per-view values next to {@link ViewRollupTable}: one row per cell of the rollup
 * (project × hour of the play request × its dimensions) × histogram × value, holding how many views of the cell have
 * that value. Histograms of many cells merge by adding the counts of equal values, and the exact quantile of the
 * merged histogram (linear interpolation between the closest ranks) is the quantile of the views' values, so medians
 * and percentiles of these values are served from here. See {@code docs/rollups.md} §3.
 *
 * <p>Maintained like the rollup: a store that writes a new version of a view adds 1 to the new version's value and
 * takes 1 from the old one's, in the transaction that writes the view ({@link #contributionSelects}); a value whose
 * count reaches 0 is deleted. Readers always {@code sum()} the counts.
 */
public final class ViewHistogramTable {
    public static final String NAME = "view_histogram_hourly";

    /** Which histogram a row belongs to: the name of its {@link Histogram}. */
    public static final ColumnSpec HISTOGRAM = new ColumnSpec("histogram", ColumnType.TEXT, false);
    public static final ColumnSpec VALUE = new ColumnSpec("value", ColumnType.BIGINT, false);
    /** Views of the cell with the value. */
    public static final ColumnSpec VIEWS = new ColumnSpec("views", ColumnType.BIGINT, false);

    /** Every histogram kept: the integer per-view values the catalogue takes medians and percentiles of. */
    public static final List<Histogram> HISTOGRAMS = List.of(
            new Histogram("startup_time_ms", ViewTable.STARTUP_TIME_MS, ViewTable.IS_STARTED),
            new Histogram("rebuffer_count", ViewTable.REBUFFER_COUNT, ViewTable.IS_STARTED),
            new Histogram("rebuffer_duration_ms", ViewTable.REBUFFER_DURATION_MS, ViewTable.IS_STARTED));

    private ViewHistogramTable() {
    }

    /**
     * One histogram: the non-null values of the integer column {@code value} over the views where {@code flag} (a
     * boolean views column, stored or derived; null for every view) is true.
     */
    public record Histogram(String name, ViewColumn value, ViewColumn flag) {
        public Histogram {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /** The histogram of the column over the views where the flag (null: all) holds, if one is kept. */
    public static Optional<Histogram> of(ViewColumn value, ViewColumn flag) {
        return HISTOGRAMS.stream()
                .filter(histogram -> histogram.value().equals(value) && Objects.equals(histogram.flag(), flag))
                .findFirst();
    }

    /** Key column names in order: the rollup's cell key, the histogram, the value. */
    public static List<String> keyColumnNames() {
        List<String> names = new ArrayList<>(ViewRollupTable.keyColumnNames());
        names.add(HISTOGRAM.name());
        names.add(VALUE.name());
        return names;
    }

    /** The table: keyed (for sort order; duplicates allowed) by cell, histogram and value. */
    public static TableLayout layout() {
        List<ColumnSpec> columns = new ArrayList<>(ViewRollupTable.layout().columns().subList(0,
                ViewRollupTable.keyColumnNames().size()));
        columns.addAll(List.of(HISTOGRAM, VALUE, VIEWS));
        return new TableLayout(NAME, columns, keyColumnNames(), null);
    }

    /**
     * The SELECT of the weighted counts per cell, histogram and value of the rows of {@code source} (a table or a
     * parenthesised query of stored views columns plus the integer column {@code weight}: +1 adds a view version, −1
     * takes one away, a backfill passes {@code "1"}), in {@link #keyColumnNames()} order followed by the count. Each
     * row is read once and paired with every histogram (a {@code VALUES} list), so the source is computed once. Cells
     * and values whose weights cancel out are left out.
     */
    public static String contributionSelect(SqlDialect dialect, String source, String weight) {
        List<String> dimensions = ViewRollupTable.DIMENSIONS.stream().map(ViewRollupTable::dimensionColumn).toList();
        String histogram = "kept." + HISTOGRAM.name();
        StringBuilder value = new StringBuilder("CASE " + histogram);
        StringBuilder counted = new StringBuilder("CASE " + histogram);
        for (Histogram kept : HISTOGRAMS) {
            String when = " WHEN " + dialect.stringLiteral(kept.name()) + " THEN ";
            value.append(when).append(kept.value().name());
            counted.append(when).append(kept.value().name()).append(" IS NOT NULL")
                    .append(kept.flag() == null ? "" : " AND " + ViewRollupTable.flagCondition(dialect, kept.flag()));
        }
        String names = HISTOGRAMS.stream().map(kept -> "(" + dialect.stringLiteral(kept.name()) + ")")
                .collect(Collectors.joining(", "));
        return "SELECT " + ViewRollupTable.PROJECT_ID.name() + ", " + ViewRollupTable.hourOfPlayRequest(dialect)
                + " AS " + ViewRollupTable.HOUR_START_MS.name() + ", " + String.join(", ", dimensions) + ", "
                + histogram + " AS " + HISTOGRAM.name() + ", " + value + " END AS " + VALUE.name() + ", "
                + dialect.sumIf(weight, null) + " AS " + VIEWS.name()
                + "\nFROM " + source + " AS changed CROSS JOIN (VALUES " + names + ") AS kept(" + HISTOGRAM.name() + ")"
                + "\nWHERE " + ViewTable.PLAY_REQUESTED_AT_MS.name() + " IS NOT NULL AND (" + counted + " END)"
                + "\nGROUP BY " + ViewRollupTable.PROJECT_ID.name() + ", " + ViewRollupTable.HOUR_START_MS.name()
                + ", " + String.join(", ", dimensions) + ", " + HISTOGRAM.name() + ", " + VALUE.name()
                + "\nHAVING " + dialect.sumIf(weight, null) + " <> 0";
    }
}
