package dev.playtrace.query.catalog;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Looks up metric definitions by id or alias; the single place where metric names are known. */
public final class MetricCatalog {
    private static final MetricCatalog STANDARD = new MetricCatalog(StandardMetrics.ALL, StandardMetrics.ALIASES);

    private final List<MetricDefinition> definitions;
    private final Map<String, MetricDefinition> byName;
    private final Map<String, String> aliases;

    public MetricCatalog(List<MetricDefinition> definitions, Map<String, String> aliases) {
        this.definitions = List.copyOf(definitions);
        this.aliases = Map.copyOf(aliases);
        Map<String, MetricDefinition> names = new LinkedHashMap<>();
        for (MetricDefinition definition : this.definitions) {
            if (names.put(definition.id(), definition) != null) {
                throw new IllegalArgumentException("metric " + definition.id() + " declared twice");
            }
        }
        this.aliases.forEach((alias, id) -> {
            MetricDefinition target = names.get(id);
            if (target == null || names.containsKey(alias)) {
                throw new IllegalArgumentException("bad metric alias " + alias + " -> " + id);
            }
            names.put(alias, target);
        });
        this.byName = Map.copyOf(names);
    }

    /** The catalogue of metrics.md §3. */
    public static MetricCatalog standard() {
        return STANDARD;
    }

    /** Every metric in catalogue order (aliases not repeated). */
    public List<MetricDefinition> definitions() {
        return definitions;
    }

    /** Accepted alternative ids and the metric id each stands for. */
    public Map<String, String> aliases() {
        return aliases;
    }

    public Optional<MetricDefinition> find(String idOrAlias) {
        if (idOrAlias == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byName.get(idOrAlias.trim().toLowerCase(Locale.ROOT)));
    }

    public MetricDefinition require(String idOrAlias) {
        return find(idOrAlias).orElseThrow(() -> new PlaytraceException(ErrorCode.UNKNOWN_METRIC,
                "unknown metric '" + idOrAlias + "'; known metrics: "
                        + definitions.stream().map(MetricDefinition::id).collect(Collectors.joining(", "))));
    }
}
