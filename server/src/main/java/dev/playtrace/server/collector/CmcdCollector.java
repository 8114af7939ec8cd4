package dev.playtrace.server.collector;

import dev.playtrace.ingest.decode.BeaconLimits;
import dev.playtrace.ingest.decode.CmcdReportDecoder;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import static java.util.Objects.requireNonNull;

/**
 * {@code POST /v1/cmcd?env_key=<ingest key>} and {@code POST /v1/cmcd/<ingest key>}: CMCD v2 event-mode reports
 * ({@code application/cmcd}, one per line, or a JSON array), collected like {@code /v1/beacons} (body limit, gzip,
 * CORS, responses). CMCD has no key field, so the project's ingest key travels in the URL.
 */
public final class CmcdCollector {
    public static final String PATH = "/v1/cmcd";
    public static final String KEYED_PATH = "/v1/cmcd/{ingestKey}";

    private final BeaconCollector collector;
    private final CmcdReportDecoder decoder = new CmcdReportDecoder(BeaconLimits.DEFAULT);

    CmcdCollector(BeaconCollector collector) {
        this.collector = requireNonNull(collector, "collector is null");
    }

    void register(HttpRouting.Builder routing) {
        for (String path : new String[] {PATH, KEYED_PATH}) {
            routing.options(path, collector::preflight);
            routing.post(path, this::collect);
        }
    }

    private void collect(ServerRequest request, ServerResponse response) {
        String ingestKey = request.path().pathParameters().first("ingestKey")
                .orElseGet(() -> request.query().first("env_key").orElse(null));
        collector.collect(request, response, body -> decoder.decode(body, ingestKey));
    }
}
