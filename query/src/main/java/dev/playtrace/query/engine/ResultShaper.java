package dev.playtrace.query.engine;

import dev.playtrace.query.KeptGroups;
import dev.playtrace.query.OrderBy;
import dev.playtrace.query.Page;
import dev.playtrace.query.ResultRow;
import dev.playtrace.query.Sort;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Turns computed rows into a result: keeps the groups the query wants, sorts them, cuts the page. */
final class ResultShaper {
    private static final Sort NATURAL_GROUP_ORDER = Sort.by(OrderBy.VALUE, true);
    private static final Sort NATURAL_BUCKET_ORDER = Sort.by(OrderBy.BUCKET, false);

    private ResultShaper() {
    }

    static List<ResultRow> keep(List<ResultRow> groups, KeptGroups kept) {
        return groups.stream().filter(row -> switch (kept) {
            case DEFINED -> row.values().stream().anyMatch(Objects::nonNull);
            case NONZERO -> row.values().stream().anyMatch(value -> value != null && value != 0.0);
        }).toList();
    }

    static List<ResultRow> sorted(List<ResultRow> rows, Sort sort, boolean buckets) {
        Sort effective = sort != null ? sort : buckets ? NATURAL_BUCKET_ORDER : NATURAL_GROUP_ORDER;
        return rows.stream().sorted(order(effective)).toList();
    }

    static List<ResultRow> page(List<ResultRow> rows, Page page) {
        if (page == null) {
            return rows;
        }
        long from = Math.min(page.offset(), rows.size());
        long to = Math.min(from + page.limit(), rows.size());
        return rows.subList((int) from, (int) to);
    }

    /** The sort key with nulls last in either direction, then the group value, then the bucket, ascending. */
    private static Comparator<ResultRow> order(Sort sort) {
        int metric = sort.metricIndex();
        Comparator<ResultRow> primary = switch (sort.by()) {
            case VALUE -> nullsLast(row -> row.value(metric), sort.descending());
            case VIEWS -> nullsLast(ResultRow::views, sort.descending());
            case FIELD -> nullsLast(ResultRow::group, sort.descending());
            case NEGATIVE_IMPACT -> nullsLast(row -> row.negativeImpact() == 0 ? null : row.negativeImpact(),
                    sort.descending());
            case BUCKET -> nullsLast(ResultRow::bucketStartMs, sort.descending());
        };
        return primary
                .thenComparing(ResultRow::group, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(ResultRow::bucketStartMs, Comparator.nullsLast(Comparator.naturalOrder()));
    }

    private static <T extends Comparable<? super T>> Comparator<ResultRow> nullsLast(
            java.util.function.Function<ResultRow, T> key, boolean descending) {
        Comparator<T> direction = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        return Comparator.comparing(key, Comparator.nullsLast(direction));
    }
}
