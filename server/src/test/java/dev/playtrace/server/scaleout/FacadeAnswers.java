package dev.playtrace.server.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.server.http.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three beacon-fed vendor facades' answers about one run, as text that two runs can compare: api.video's data
 * API, SmartSight's generation 3 metric query and NCP VPE Media Analytics. Each run is asked about the window that
 * holds its views; what only describes the placement in time ({@link #PLACEMENT_FIELDS}) is left out, and VPE's day
 * charts of counts are summed over their days, because the two runs place their views on different days.
 */
final class FacadeAnswers {
    static final String APIVIDEO_API_KEY = "topology-apivideo-key";
    static final String SMARTSIGHT_API_KEY = "topology-smartsight-key";
    static final String VPE_API_KEY = "topology-vpe-key";
    /** The facades' keys of the default project, fixed for every node and the embedded run. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "PLAYTRACE_APIVIDEO_API_KEY", APIVIDEO_API_KEY,
            "PLAYTRACE_APIVIDEO_RATE_LIMIT", "100000",
            "PLAYTRACE_SMARTSIGHT_API_KEY", SMARTSIGHT_API_KEY,
            "PLAYTRACE_VPE_API_KEY", VPE_API_KEY);

    private static final List<String> APIVIDEO_METRICS = List.of("play/count", "start/count", "end/count",
            "impression/count", "watch-time/sum", "impression-time/average");
    private static final List<String> APIVIDEO_BREAKDOWNS = List.of("media-id", "media-type", "country", "device-type",
            "operating-system", "browser");
    private static final String SMARTSIGHT_METRICS = "viewercount,attempts,concurviewavg,endedplays,errors,"
            + "startupabandonmentrate,failurerate,bufferingratio,sumbuffwaitcirr,vrtbufferingratio,playdur,latency,"
            + "qualityofexperience";
    private static final List<String> SMARTSIGHT_GROUPINGS = List.of("", "country", "cdn", "devicetype", "assetid");
    /**
     * Summed over days, so only additive counts: {@code uniqUserCnt} is left out, a viewer counted on two days in one
     * run (a late beacon's events lie hours before its receipt, which can be the previous day) and on one in the
     * other would differ (592 embedded, 595 topology in one run) with no view counted differently.
     */
    private static final List<String> VPE_CHARTS = List.of("playCnt", "playTimeSum");
    private static final List<String> VPE_SUMMARIES = List.of("contentsSummary?limit=100&",
            "contentsSummary/playCountTop10?", "contentsSummary/playTimeTop10?");
    /**
     * Fields that describe where the views lie in time rather than the views: the window, the days, and SmartSight's
     * {@code concurviewavg}, the peak of concurrent viewers, which the topology's real-time replay (two hours of
     * simulated sending in a few minutes) raises (869 against 52 embedded).
     */
    private static final Set<String> PLACEMENT_FIELDS = Set.of("context", "links", "logDate", "concurviewavg");

    private final HttpClient http;
    private final String projectId;

    FacadeAnswers(HttpClient http, String projectId) {
        this.http = http;
        this.projectId = projectId;
    }

    /**
     * Every answer about the views played in {@code [fromMs, toMs)} by name. {@code fromMs} starts a UTC day and the
     * window spans whole days, more than one, so VPE charts them by day.
     */
    Map<String, String> ask(URI node, long fromMs, long toMs) {
        Map<String, String> answers = new LinkedHashMap<>();
        String accessToken = apiVideoAccessToken(node);
        String apiVideoWindow = "from=" + Instant.ofEpochMilli(fromMs) + "&to=" + Instant.ofEpochMilli(toMs);
        for (String metric : APIVIDEO_METRICS) {
            answers.put("api.video metrics " + metric, comparable(get(node, "/data/metrics/" + metric + "?"
                    + apiVideoWindow, "Authorization", "Bearer " + accessToken)));
        }
        for (String breakdown : APIVIDEO_BREAKDOWNS) {
            answers.put("api.video buckets play/" + breakdown, comparable(get(node, "/data/buckets/play/" + breakdown
                    + "?pageSize=100&" + apiVideoWindow, "Authorization", "Bearer " + accessToken)));
        }
        String period = "period=start=" + fromMs / 1000 + ",end=" + toMs / 1000;
        for (String grouping : SMARTSIGHT_GROUPINGS) {
            answers.put("smartsight metricquery " + (grouping.isEmpty() ? "overall" : "by " + grouping),
                    comparable(get(node, "/mm-apis/metricquery/" + projectId + "?" + period + "&metrics="
                            + SMARTSIGHT_METRICS + (grouping.isEmpty() ? "" : "&aggby=" + grouping + "&limit=1000"),
                            "X-API-Key", SMARTSIGHT_API_KEY)));
        }
        String vpeWindow = "startDate=" + LocalDate.ofInstant(Instant.ofEpochMilli(fromMs), ZoneOffset.UTC)
                + "&endDate=" + Instant.ofEpochMilli(toMs - 1000);
        for (String chart : VPE_CHARTS) {
            answers.put("vpe charts " + chart + ", summed over days",
                    summedOverItems(get(node, "/v1/charts/" + chart + "?" + vpeWindow, "x-api-key", VPE_API_KEY,
                            "x-project-id", projectId)));
        }
        for (String summary : VPE_SUMMARIES) {
            answers.put("vpe " + summary.substring(0, summary.length() - 1), comparable(get(node, "/v1/" + summary
                    + vpeWindow, "x-api-key", VPE_API_KEY, "x-project-id", projectId)));
        }
        return answers;
    }

    /**
     * Where two runs' answers differ, one line each: numbers digit for digit, except averages of non-whole per-view
     * values ({@code averagedFields}), which may differ in their last digits with the engine's summation order and are
     * compared within {@code relativeTolerance}.
     */
    static List<String> differences(Map<String, String> want, Map<String, String> got, Set<String> averagedFields,
            double relativeTolerance) {
        List<String> differences = new ArrayList<>();
        if (!want.keySet().equals(got.keySet())) {
            differences.add("questions " + got.keySet() + " instead of " + want.keySet());
            return differences;
        }
        for (String question : want.keySet()) {
            String wanted = want.get(question);
            String answered = got.get(question);
            if (!wanted.equals(answered) && !equalWithin(readJson(wanted), readJson(answered), null, averagedFields,
                    relativeTolerance)) {
                differences.add(question + ": " + answered + " instead of " + wanted);
            }
        }
        return differences;
    }

    private static boolean equalWithin(JsonNode want, JsonNode got, String field, Set<String> averagedFields,
            double relativeTolerance) {
        if (want.isNumber() && got.isNumber() && averagedFields.contains(field)) {
            double wanted = want.asDouble();
            return Math.abs(got.asDouble() - wanted) <= Math.abs(wanted) * relativeTolerance;
        }
        if (want.isObject() && got.isObject() && want.size() == got.size()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = want.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = fields.next();
                if (!got.has(entry.getKey()) || !equalWithin(entry.getValue(), got.get(entry.getKey()), entry.getKey(),
                        averagedFields, relativeTolerance)) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray() && got.isArray() && want.size() == got.size()) {
            for (int i = 0; i < want.size(); i++) {
                if (!equalWithin(want.get(i), got.get(i), field, averagedFields, relativeTolerance)) {
                    return false;
                }
            }
            return true;
        }
        return want.equals(got);
    }

    /** One number of an answer, by JSON Pointer (for the checks against the simulator's truth). */
    static double number(Map<String, String> answers, String question, String pointer) {
        JsonNode value = readJson(answers.get(question)).at(pointer);
        assertThat(value.isNumber()).as(question + " " + pointer + " in " + answers.get(question)).isTrue();
        return value.asDouble();
    }

    private String apiVideoAccessToken(URI node) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(node.resolve("/auth/api-key"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiKey\":\"" + APIVIDEO_API_KEY + "\"}")).build());
        assertThat(response.statusCode()).as("api.video /auth/api-key -> " + response.body()).isEqualTo(200);
        return readJson(response.body()).path("access_token").asText();
    }

    private JsonNode get(URI node, String pathAndQuery, String... headers) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(node.resolve(pathAndQuery)).headers(headers)
                .GET().build());
        assertThat(response.statusCode()).as(pathAndQuery + " -> " + response.body()).isEqualTo(200);
        JsonNode body = readJson(response.body());
        assertThat(body.path("message").asText()).as(pathAndQuery + " -> " + response.body())
                .isNotEqualTo("Unauthorized");
        return body;
    }

    /** The answer without the fields that describe the placement in time rather than the views. */
    private static String comparable(JsonNode answer) {
        return withoutWindowFields(answer.deepCopy()).toString();
    }

    private static JsonNode withoutWindowFields(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(PLACEMENT_FIELDS);
            object.forEach(FacadeAnswers::withoutWindowFields);
        } else if (node instanceof ArrayNode array) {
            array.forEach(FacadeAnswers::withoutWindowFields);
        }
        return node;
    }

    /**
     * A VPE chart's {@code result} items added up field by field (the days differ between the runs), in decimal: the
     * runs split the same total into different days, and doubles added in another grouping differ in the last digit
     * (1523772.8890000002 against 1523772.889 seen for {@code playTimeSum}).
     */
    private static String summedOverItems(JsonNode chart) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        JsonNode items = chart.path("result");
        assertThat(items.isArray()).as(chart.toString()).isTrue();
        for (JsonNode item : items) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = item.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNumber()) {
                    sums.merge(field.getKey(), field.getValue().decimalValue(), BigDecimal::add);
                }
            }
        }
        ObjectNode summed = Json.object();
        sums.forEach((name, sum) -> summed.put(name, sum.stripTrailingZeros()));
        return summed.toString();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readJson(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
