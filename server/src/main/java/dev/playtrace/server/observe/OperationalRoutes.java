package dev.playtrace.server.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RouteHandlers;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** Unauthenticated operational routes: {@code /health}, Prometheus {@code /metrics}, the OpenAPI description. */
public final class OperationalRoutes {
    private static final String OPENAPI_RESOURCE = "/dev/playtrace/server/openapi.yaml";
    private static final String BEACON_SCHEMA_RESOURCE = "/beacon.schema.json";

    private final ServerMetrics metrics;
    private final IntSupplier liveViews;
    private final String storeScheme;
    private final BooleanSupplier listening;
    private final Supplier<Optional<String>> ingestFailure;

    /**
     * @param storeScheme the scheme of the store's URL ({@code duckdb}), shown by {@code /health}
     * @param listening false once the HTTP listener stopped accepting connections ({@code /health} is then 503 DOWN
     *        on the connections still open)
     * @param ingestFailure why this process's ingest stopped (its log failed, its sessionizer worker ended); empty
     *        while it works ({@code /health} is 503 DOWN with the reason otherwise: the process still answers HTTP,
     *        so a supervisor needs to be told)
     */
    public OperationalRoutes(ServerMetrics metrics, IntSupplier liveViews, String storeScheme, BooleanSupplier listening,
            Supplier<Optional<String>> ingestFailure) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.liveViews = requireNonNull(liveViews, "liveViews is null");
        this.storeScheme = requireNonNull(storeScheme, "storeScheme is null");
        this.listening = requireNonNull(listening, "listening is null");
        this.ingestFailure = requireNonNull(ingestFailure, "ingestFailure is null");
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/health", (request, response) -> {
            boolean listenerUp = listening.getAsBoolean();
            Optional<String> ingestStopped = ingestFailure.get();
            boolean up = listenerUp && ingestStopped.isEmpty();
            ObjectNode body = Json.object();
            body.put("status", up ? "UP" : "DOWN");
            body.put("listener", listenerUp ? "UP" : "DOWN");
            body.put("ingest", ingestStopped.isEmpty() ? "UP" : "DOWN");
            ingestStopped.ifPresent(reason -> body.put("ingest_failure", reason));
            body.put("store", storeScheme);
            body.put("live_views", liveViews.getAsInt());
            RouteHandlers.send(response, up ? 200 : 503, body);
        });
        routing.get("/metrics", (request, response) -> {
            response.header(HeaderNames.CONTENT_TYPE, metrics.contentType());
            response.send(metrics.scrape());
        });
        byte[] openApi = resource(OPENAPI_RESOURCE);
        routing.get("/openapi.yaml", (request, response) -> {
            response.header(HeaderNames.CONTENT_TYPE, "application/yaml");
            response.send(openApi);
        });
        byte[] beaconSchema = resource(BEACON_SCHEMA_RESOURCE);
        routing.get("/beacon.schema.json", (request, response) -> {
            response.header(HeaderNames.CONTENT_TYPE, "application/schema+json");
            response.send(beaconSchema);
        });
    }

    private static byte[] resource(String name) {
        try (InputStream in = OperationalRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
