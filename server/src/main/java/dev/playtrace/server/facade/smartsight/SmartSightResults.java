package dev.playtrace.server.facade.smartsight;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Grouping;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.OrderBy;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryResult;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.ResultRow;
import dev.playtrace.query.Sort;
import dev.playtrace.server.http.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Runs a {@link SmartSightRequest} as one catalogue query with every requested metric (overall, per group or per
 * time bucket, ordered by any requested key and paged by the engine) and writes SmartSight's envelope.
 */
final class SmartSightResults {
    private final QueryService queries;

    SmartSightResults(QueryService queries) {
        this.queries = requireNonNull(queries, "queries is null");
    }

    ObjectNode answer(String projectId, SmartSightRequest request, List<Filter> extraFilters) {
        List<Filter> filters = new ArrayList<>(request.filters());
        filters.addAll(extraFilters);
        List<SmartSightMetric> metrics = request.metrics();
        Query query = Query.of(projectId, metrics.stream()
                        .map(metric -> new MetricRequest(metric.catalogueId(), metric.measurement())).toList(),
                        request.range())
                .withFilters(filters)
                .withSort(sort(request, metrics))
                .withPage(new Page(request.limit(), request.offset()));
        if (request.timeseries()) {
            query = query.withGranularity(request.granularity() == null
                    ? Granularity.auto(request.range()) : request.granularity());
        } else if (request.groupBy() != null) {
            Grouping grouping = Grouping.by(request.groupBy());
            query = query.withGrouping(request.groupBy() == Dimension.STREAM_TYPE
                    ? grouping.mappedBy(SmartSightResults::streamTypeName) : grouping);
        }
        QueryResult result = queries.run(query);
        List<Map<String, Object>> page = new ArrayList<>();
        for (ResultRow row : result.rows()) {
            page.add(fields(request, metrics, row));
        }
        return envelope(request, result.totalRowCount(), page);
    }

    /** Rows by the order key: a requested metric, the grouping column or the timestamp; the first metric by default. */
    private static Sort sort(SmartSightRequest request, List<SmartSightMetric> metrics) {
        String key = request.orderKey();
        if (key == null) {
            return request.timeseries() ? Sort.by(OrderBy.BUCKET, request.descending())
                    : Sort.byMetric(0, request.descending());
        }
        if (key.equals(SmartSightRequest.TIMESTAMP)) {
            return Sort.by(OrderBy.BUCKET, request.descending());
        }
        if (key.equals(request.groupKey())) {
            return Sort.by(OrderBy.FIELD, request.descending());
        }
        for (int i = 0; i < metrics.size(); i++) {
            if (metrics.get(i).key().equals(key)) {
                return Sort.byMetric(i, request.descending());
            }
        }
        throw new IllegalStateException("order key checked when parsing: " + key);
    }

    private static Map<String, Object> fields(SmartSightRequest request, List<SmartSightMetric> metrics, ResultRow row) {
        Map<String, Object> fields = new HashMap<>();
        if (row.group() != null) {
            fields.put(request.groupKey(), row.group());
        }
        if (row.bucketStartMs() != null) {
            fields.put(SmartSightRequest.TIMESTAMP, row.bucketStartMs() / 1000);
        }
        for (int i = 0; i < metrics.size(); i++) {
            fields.put(metrics.get(i).key(), responseValue(metrics.get(i), row.value(i)));
        }
        return fields;
    }

    /**
     * A count over no views is 0 and anything else over no views is null (metrics.md §5: "count 0, ratio null"; the
     * seed's own Q-metric row shows {@code "viewercount": 0}). The engine leaves the peak concurrency of a group that
     * never played null, so counts are made 0 here.
     */
    private static Double responseValue(SmartSightMetric metric, Double catalogueValue) {
        if (catalogueValue == null && metric.isCount()) {
            return 0.0;
        }
        return metric.conversion().apply(catalogueValue);
    }

    /** SmartSight calls on-demand streams {@code vod}. */
    private static String streamTypeName(String storedStreamType) {
        return "on-demand".equals(storedStreamType) ? "vod" : storedStreamType;
    }

    /**
     * The seed's envelope. {@code totalcount} and {@code totalrecords} are the rows of the whole result;
     * {@code pagecount} and each row's {@code totalpages} the pages of the whole result at {@code limit} rows a page
     * (vendor_apis.md §3: "pagecount = total pages in the full result"; the generation 1 example shows 9,860 records
     * on 10 pages of the default 1,000).
     */
    private static ObjectNode envelope(SmartSightRequest request, long total, List<Map<String, Object>> page) {
        long pages = pages(total, request.limit());
        ObjectNode body = Json.object();
        body.put("totalcount", total);
        body.put("pagecount", pages);
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
            item.put("totalpages", pages);
        }
        return body;
    }

    /** Pages of {@code limit} rows that hold {@code total} rows; an empty result is one empty page. */
    static long pages(long total, int limit) {
        return Math.max(1, (total + limit - 1) / limit);
    }
}
