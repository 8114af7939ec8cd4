package dev.playtrace.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.catalog.MetricDefinition;
import dev.playtrace.server.alerts.AlertRuleDefinition.Anomaly;
import dev.playtrace.server.alerts.AlertRuleDefinition.Condition;
import dev.playtrace.server.alerts.AlertRuleDefinition.Direction;
import dev.playtrace.server.alerts.AlertRuleDefinition.Threshold;
import dev.playtrace.server.alerts.AlertRuleDefinition.Webhook;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.nativeapi.NativeRequests;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes rule definitions as JSON: the API's request body, the stored document (the same, with each
 * webhook secret as the secret box stores it), and the API's answer (without secrets).
 */
public final class AlertRuleJson {
    static final int DEFAULT_WINDOW_MINUTES = 5;
    static final long DEFAULT_MIN_VIEWS = 100;
    static final int DEFAULT_RESOLVE_AFTER = 3;
    static final int DEFAULT_HISTORY_WINDOWS = 7;
    static final int DEFAULT_HISTORY_STEP_MINUTES = 1440;
    static final double DEFAULT_MIN_SCORE = 4.0;
    static final double DEFAULT_RESOLVE_SCORE = 2.0;
    static final double DEFAULT_MIN_RELATIVE_CHANGE = 0.25;

    private final MetricCatalog catalog;

    public AlertRuleJson(MetricCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * A definition from a request body or a stored document; secrets are taken by {@code storeSecret} from the
     * {@code secret} field (given by the client) or passed through from {@code stored_secret}.
     *
     * @param storeSecret turns a webhook's url and the secret the client gave (null if none) into the stored secret
     */
    public AlertRuleDefinition parse(JsonNode body, SecretPolicy storeSecret) {
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object");
        }
        String metricId = text(body, "metric", true);
        MetricDefinition metric = catalog.find(metricId).orElseThrow(() -> new PlaytraceException(ErrorCode.UNKNOWN_METRIC,
                "metric: unknown metric '" + metricId + "'; GET /data/v1/metrics lists them"));
        Measurement measurement = null;
        String measurementName = text(body, "measurement", false);
        if (measurementName != null) {
            measurement = Measurement.byName(measurementName).orElseThrow(() -> new PlaytraceException(
                    ErrorCode.UNSUPPORTED_MEASUREMENT, "measurement: unknown measurement '" + measurementName + "'"));
            metric.resolveMeasurement(measurement);
        }
        JsonNode conditionNode = body.path("condition");
        if (!conditionNode.isObject()) {
            throw invalid("condition is required: {\"type\": \"threshold\" | \"anomaly\", ...}");
        }
        Direction badWay = metric.higherIsBetter() ? Direction.BELOW : Direction.ABOVE;
        Condition condition = switch (text(conditionNode, "type", true)) {
            case "threshold" -> threshold(conditionNode, badWay);
            case "anomaly" -> anomaly(conditionNode, badWay);
            default -> throw invalid("condition.type must be threshold or anomaly");
        };
        List<Dimension> dimensions = AlertRuleDefinition.DEFAULT_ATTRIBUTION;
        if (body.has("attribution_dimensions")) {
            dimensions = new ArrayList<>();
            for (JsonNode name : array(body, "attribution_dimensions")) {
                dimensions.add(dimension(name.asText(), "attribution_dimensions"));
            }
        }
        List<Webhook> webhooks = new ArrayList<>();
        for (JsonNode hook : array(body, "webhooks")) {
            String url = text(hook, "url", true);
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw invalid("webhooks[].url is not a URL: " + url);
            }
            if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null) {
                throw invalid("webhooks[].url must be an http or https URL: " + url);
            }
            String stored = text(hook, "stored_secret", false);
            webhooks.add(new Webhook(url, stored != null ? stored : storeSecret.store(url, text(hook, "secret", false))));
        }
        try {
            return new AlertRuleDefinition(text(body, "name", true), !body.has("enabled") || body.path("enabled").asBoolean(),
                    metric.id(), measurement, filters(body), integer(body, "window_minutes", DEFAULT_WINDOW_MINUTES),
                    integer(body, "min_views", (int) DEFAULT_MIN_VIEWS), condition,
                    integer(body, "resolve_after", DEFAULT_RESOLVE_AFTER), dimensions, webhooks);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** Turns the secret a client gave for a webhook (or none) into the stored form. */
    @FunctionalInterface
    public interface SecretPolicy {
        String store(String url, String givenSecret);
    }

    /** The document the store keeps: everything, webhook secrets in their stored form. */
    public ObjectNode stored(AlertRuleDefinition rule) {
        return write(rule, hook -> {
            ObjectNode node = Json.object();
            node.put("url", hook.url());
            node.put("stored_secret", hook.storedSecret());
            return node;
        });
    }

    /** What the API shows: no secret, only the webhooks' urls. */
    public ObjectNode shown(AlertRuleDefinition rule) {
        return write(rule, hook -> {
            ObjectNode node = Json.object();
            node.put("url", hook.url());
            return node;
        });
    }

    private interface HookWriter {
        ObjectNode write(Webhook hook);
    }

    private ObjectNode write(AlertRuleDefinition rule, HookWriter hooks) {
        ObjectNode body = Json.object();
        body.put("name", rule.name());
        body.put("enabled", rule.enabled());
        body.put("metric", rule.metricId());
        if (rule.measurement() == null) {
            body.putNull("measurement");
        } else {
            body.put("measurement", rule.measurement().wireName());
        }
        ArrayNode filters = body.putArray("filters");
        for (Filter filter : rule.filters()) {
            for (String value : filter.values()) {
                filters.add((filter.excluded() ? "!" : "") + filter.dimension().id() + ":" + value);
            }
        }
        body.put("window_minutes", rule.windowMinutes());
        body.put("min_views", rule.minViews());
        ObjectNode condition = body.putObject("condition");
        switch (rule.condition()) {
            case Threshold threshold -> {
                condition.put("type", "threshold");
                condition.put("direction", threshold.direction().name().toLowerCase(Locale.ROOT));
                condition.put("value", threshold.value());
                condition.put("resolve_value", threshold.resolveValue());
            }
            case Anomaly anomaly -> {
                condition.put("type", "anomaly");
                condition.put("direction", anomaly.direction().name().toLowerCase(Locale.ROOT));
                condition.put("history_windows", anomaly.historyWindows());
                condition.put("history_step_minutes", anomaly.historyStepMinutes());
                condition.put("min_score", anomaly.minScore());
                condition.put("resolve_score", anomaly.resolveScore());
                condition.put("min_absolute_change", anomaly.minAbsoluteChange());
                condition.put("min_relative_change", anomaly.minRelativeChange());
            }
        }
        body.put("resolve_after", rule.resolveAfter());
        ArrayNode dimensions = body.putArray("attribution_dimensions");
        rule.attributionDimensions().forEach(dimension -> dimensions.add(dimension.id()));
        ArrayNode webhooks = body.putArray("webhooks");
        rule.webhooks().forEach(hook -> webhooks.add(hooks.write(hook)));
        return body;
    }

    private static Threshold threshold(JsonNode node, Direction badWay) {
        Direction direction = direction(node, badWay);
        double value = decimal(node, "value", null);
        Threshold defaults = Threshold.of(direction, value);
        try {
            return new Threshold(direction, value, decimal(node, "resolve_value", defaults.resolveValue()));
        } catch (IllegalArgumentException e) {
            throw invalid("condition." + e.getMessage());
        }
    }

    private static Anomaly anomaly(JsonNode node, Direction badWay) {
        try {
            return new Anomaly(direction(node, badWay),
                    integer(node, "history_windows", DEFAULT_HISTORY_WINDOWS),
                    integer(node, "history_step_minutes", DEFAULT_HISTORY_STEP_MINUTES),
                    decimal(node, "min_score", DEFAULT_MIN_SCORE),
                    decimal(node, "resolve_score", DEFAULT_RESOLVE_SCORE),
                    decimal(node, "min_absolute_change", 0.0),
                    decimal(node, "min_relative_change", DEFAULT_MIN_RELATIVE_CHANGE));
        } catch (IllegalArgumentException e) {
            throw invalid("condition: " + e.getMessage());
        }
    }

    private static Direction direction(JsonNode node, Direction defaultDirection) {
        String name = text(node, "direction", false);
        if (name == null) {
            return defaultDirection;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "above", "up" -> Direction.ABOVE;
            case "below", "down" -> Direction.BELOW;
            default -> throw invalid("condition.direction must be above or below");
        };
    }

    /** {@code dimension:value} keeps views with that value, {@code !dimension:value} drops them (as filters[]). */
    static List<Filter> filters(JsonNode body) {
        List<String> raw = new ArrayList<>();
        array(body, "filters").forEach(item -> raw.add(item.asText()));
        return NativeRequests.filters(raw);
    }

    private static Dimension dimension(String name, String field) {
        return Dimension.byName(name).orElseThrow(() -> new PlaytraceException(ErrorCode.UNKNOWN_DIMENSION,
                field + ": unknown dimension '" + name + "'; GET /data/v1/dimensions lists them"));
    }

    private static JsonNode array(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Json.array();
        }
        if (!value.isArray()) {
            throw invalid(field + " must be an array");
        }
        return value;
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                throw invalid(field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String field, int defaultValue) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return defaultValue;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw invalid(field + " must be a whole number");
        }
        return value.asInt();
    }

    private static double decimal(JsonNode node, String field, Double defaultValue) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (defaultValue == null) {
                throw invalid("condition." + field + " is required");
            }
            return defaultValue;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw invalid(field + " must be a number");
        }
        return value.asDouble();
    }

    static PlaytraceException invalid(String message) {
        return new PlaytraceException(ErrorCode.INVALID_PARAMETER, message);
    }
}
