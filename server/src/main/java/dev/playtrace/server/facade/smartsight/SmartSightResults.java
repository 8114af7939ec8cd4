package dev.playtrace.server.facade.smartsight;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.GroupRow;
import dev.playtrace.query.OrderBy;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.TimeBucket;
import dev.playtrace.server.http.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Runs a {@link SmartSightRequest} as catalogue queries (one per metric: overall, breakdown or timeseries) and writes
 * SmartSight's envelope. Multi-metric rows: every group of each metric is fetched (ordered by field), the metrics are
 * joined on the group value, then the rows are ordered and paged here, since SmartSight orders by any requested key.
 */
final class SmartSightResults {
    /** Groups fetched per metric for a breakdown; SmartSight's own page limit is far below. */
    private static final int ALL_GROUPS = SmartSightRequest.MAX_LIMIT;

    private final QueryService queries;

    SmartSightResults(QueryService queries) {
        this.queries = requireNonNull(queries, "queries is null");
    }

    ObjectNode answer(String projectId, SmartSightRequest request, List<Filter> extraFilters) {
        List<Filter> filters = new ArrayList<>(request.filters());
        filters.addAll(extraFilters);
        List<Map<String, Object>> rows;
        if (request.timeseries()) {
            rows = timeseries(projectId, request, filters);
        } else if (request.groupBy() != null) {
            rows = breakdown(projectId, request, filters);
        } else {
            rows = List.of(overall(projectId, request, filters));
        }
        rows = ordered(request, rows);
        int total = rows.size();
        int from = Math.min(request.offset(), total);
        int to = request.limit() == null ? total : (int) Math.min((long) from + request.limit(), total);
        List<Map<String, Object>> page = rows.subList(from, to);
        return envelope(request, total, page);
    }

    private Query query(String projectId, SmartSightRequest request, SmartSightMetric metric, List<Filter> filters) {
        return Query.of(projectId, metric.catalogueId(), request.range())
                .withFilters(filters)
                .withMeasurement(metric.measurement());
    }

    private Map<String, Object> overall(String projectId, SmartSightRequest request, List<Filter> filters) {
        Map<String, Object> row = new HashMap<>();
        for (SmartSightMetric metric : request.metrics()) {
            row.put(metric.key(), metric.conversion().apply(queries.overall(query(projectId, request, metric, filters)).value()));
        }
        return row;
    }

    private List<Map<String, Object>> breakdown(String projectId, SmartSightRequest request, List<Filter> filters) {
        Map<String, Map<String, Object>> byGroup = new LinkedHashMap<>();
        for (SmartSightMetric metric : request.metrics()) {
            Query query = query(projectId, request, metric, filters)
                    .withGroupBy(request.groupBy())
                    .withOrder(OrderBy.FIELD, false)
                    .withPage(new Page(ALL_GROUPS, 1));
            for (GroupRow group : queries.breakdown(query).rows()) {
                byGroup.computeIfAbsent(group.field(), field -> newGroupRow(request, field))
                        .put(metric.key(), metric.conversion().apply(group.value()));
            }
        }
        return new ArrayList<>(byGroup.values());
    }

    private static Map<String, Object> newGroupRow(SmartSightRequest request, String field) {
        Map<String, Object> row = new HashMap<>();
        row.put(request.groupKey(), displayValue(request.groupBy(), field));
        return row;
    }

    private static String displayValue(Dimension dimension, String value) {
        if (dimension == Dimension.STREAM_TYPE && "on-demand".equals(value)) {
            return "vod";
        }
        return value;
    }

    private List<Map<String, Object>> timeseries(String projectId, SmartSightRequest request, List<Filter> filters) {
        Granularity granularity = request.granularity() == null ? Granularity.auto(request.range()) : request.granularity();
        Map<Long, Map<String, Object>> byBucket = new LinkedHashMap<>();
        for (SmartSightMetric metric : request.metrics()) {
            Query query = query(projectId, request, metric, filters).withGranularity(granularity);
            for (TimeBucket bucket : queries.timeseries(query)) {
                byBucket.computeIfAbsent(bucket.bucketStartMs(), start -> {
                    Map<String, Object> row = new HashMap<>();
                    row.put(SmartSightRequest.TIMESTAMP, start / 1000);
                    return row;
                }).put(metric.key(), metric.conversion().apply(bucket.value()));
            }
        }
        return new ArrayList<>(byBucket.values());
    }

    private static List<Map<String, Object>> ordered(SmartSightRequest request, List<Map<String, Object>> rows) {
        if (rows.size() < 2) {
            return rows;
        }
        String key = request.orderKey();
        if (key == null) {
            key = request.timeseries() ? SmartSightRequest.TIMESTAMP : request.metrics().getFirst().key();
        }
        String tieKey = request.timeseries() ? SmartSightRequest.TIMESTAMP : request.groupKey();
        String orderKey = key;
        Comparator<Map<String, Object>> byKey = (left, right) -> compareNullsLast(left.get(orderKey), right.get(orderKey), request.descending());
        Comparator<Map<String, Object>> byTie = (left, right) -> compareNullsLast(left.get(tieKey), right.get(tieKey), false);
        List<Map<String, Object>> sorted = new ArrayList<>(rows);
        sorted.sort(byKey.thenComparing(byTie));
        return sorted;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareNullsLast(Object left, Object right, boolean descending) {
        if (left == null || right == null) {
            return left == null ? (right == null ? 0 : 1) : -1;
        }
        int order;
        if (left instanceof Number leftNumber && right instanceof Number rightNumber) {
            order = Double.compare(leftNumber.doubleValue(), rightNumber.doubleValue());
        } else {
            order = ((Comparable) left.toString()).compareTo(right.toString());
        }
        return descending ? -order : order;
    }

    /**
     * The seed's envelope. {@code totalcount} and {@code totalrecords} are the rows of the whole result,
     * {@code pagecount} and each row's {@code totalpages} the rows in this response: the seed shows all four equal
     * (1 for an overall answer, 40 for a 40-row breakdown) and the generation 1 example shows 9,860 records with 10
     * on the page.
     */
    private static ObjectNode envelope(SmartSightRequest request, int total, List<Map<String, Object>> page) {
        ObjectNode body = Json.object();
        body.put("totalcount", total);
        body.put("pagecount", page.size());
        body.put("totalrecords", total);
        ArrayNode response = body.putArray("response");
        for (Map<String, Object> row : page) {
            ObjectNode item = response.addObject();
            for (SmartSightRequest.Field field : request.fields()) {
                Object value = row.get(field.key());
                if (value == null) {
                    item.putNull(field.key());
                } else if (value instanceof Double number) {
                    if (field.metric() != null && field.metric().isCount()) {
                        item.put(field.key(), Math.round(number));
                    } else {
                        item.put(field.key(), number);
                    }
                } else if (value instanceof Long number) {
                    item.put(field.key(), number);
                } else {
                    item.put(field.key(), value.toString());
                }
            }
            item.put("totalpages", page.size());
        }
        return body;
    }
}
