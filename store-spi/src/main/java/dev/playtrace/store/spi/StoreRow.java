package dev.playtrace.store.spi;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.util.Objects.requireNonNull;

/**
 * One row a store returned for a generated SELECT, read by column name (the aliases the SQL generator wrote) and
 * converted with {@link RowValues}, so no reader depends on column positions or on one driver's type mapping.
 */
public final class StoreRow {
    private final Columns columns;
    private final Object[] values;

    private StoreRow(Columns columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    public static StoreRow of(Columns columns, Object[] values) {
        requireNonNull(columns, "columns is null");
        requireNonNull(values, "values is null");
        if (values.length != columns.count()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.count() + " columns");
        }
        return new StoreRow(columns, values.clone());
    }

    /** The raw value of the column; a name the statement did not select is a programming error. */
    public Object value(String column) {
        return values[columns.indexOf(column)];
    }

    public String text(String column) {
        return RowValues.text(value(column));
    }

    public Long longOrNull(String column) {
        return RowValues.longOrNull(value(column));
    }

    public long longOrZero(String column) {
        return RowValues.longOrZero(value(column));
    }

    public Double doubleOrNull(String column) {
        return RowValues.doubleOrNull(value(column));
    }

    public boolean bool(String column) {
        return RowValues.bool(value(column));
    }

    /** The column names of a result, lower case, shared by all its rows. */
    public static final class Columns {
        private final Map<String, Integer> indexes;

        private Columns(Map<String, Integer> indexes) {
            this.indexes = indexes;
        }

        public static Columns of(List<String> names) {
            Map<String, Integer> indexes = IntStream.range(0, names.size()).boxed()
                    .collect(Collectors.toUnmodifiableMap(i -> names.get(i).toLowerCase(java.util.Locale.ROOT), i -> i));
            return new Columns(indexes);
        }

        int count() {
            return indexes.size();
        }

        int indexOf(String column) {
            Integer index = indexes.get(column.toLowerCase(java.util.Locale.ROOT));
            if (index == null) {
                throw new IllegalArgumentException("the statement selected no column '" + column + "'; it has "
                        + indexes.keySet());
            }
            return index;
        }
    }
}
