package dev.playtrace.query.engine;

import dev.playtrace.query.Breakdown;
import dev.playtrace.query.GroupRow;
import dev.playtrace.query.MetricValue;
import dev.playtrace.query.OrderBy;
import dev.playtrace.query.Page;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Turns grouped numbers into a breakdown: drops undefined groups, ranks, sorts, pages, counts. */
final class BreakdownAssembler {
    private BreakdownAssembler() {
    }

    static Breakdown assemble(List<GroupStats> groups, MetricValue overall, boolean higherIsBetter, OrderBy orderBy,
                              boolean descending, Page page) {
        List<GroupStats> defined = groups.stream()
                .filter(group -> group.field() != null && group.value() != null)
                .toList();
        Map<String, Integer> ranks = NegativeImpactRanker.rank(defined, overall.value(), overall.views(), higherIsBetter);
        List<GroupRow> rows = defined.stream()
                .map(group -> new GroupRow(group.field(), group.value(), group.views(), group.watchTimeMs(),
                        group.playingTimeMs(), ranks.get(group.field())))
                .sorted(order(orderBy, descending))
                .toList();
        return new Breakdown(page(rows, page), rows.size());
    }

    static <T> List<T> page(List<T> rows, Page page) {
        long from = Math.min(page.offset(), rows.size());
        long to = Math.min(from + page.limit(), rows.size());
        return rows.subList((int) from, (int) to);
    }

    private static Comparator<GroupRow> order(OrderBy orderBy, boolean descending) {
        Comparator<GroupRow> primary = switch (orderBy) {
            case VALUE -> Comparator.comparing(row -> Objects.requireNonNull(row.value()));
            case VIEWS -> Comparator.comparingLong(GroupRow::views);
            case FIELD -> Comparator.comparing(GroupRow::field);
            case NEGATIVE_IMPACT -> Comparator.comparingInt(GroupRow::negativeImpact);
        };
        return (descending ? primary.reversed() : primary).thenComparing(GroupRow::field);
    }
}
