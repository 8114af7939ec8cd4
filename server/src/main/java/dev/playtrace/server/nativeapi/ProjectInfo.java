package dev.playtrace.server.nativeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Project;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RequestParameters;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * {@code GET /data/v1/project}: the project of the API token, with what a page needs to send it beacons (the ingest
 * key is public by design: every player embeds it). The dashboard's Setup page reads it.
 */
final class ProjectInfo {
    private static final HeaderName FORWARDED_PROTO = HeaderNames.create("X-Forwarded-Proto");

    private ProjectInfo() {
    }

    static JsonNode describe(Project project, RequestParameters parameters, ServerRequest request) {
        String host = request.headers().first(HeaderNames.HOST).orElse("localhost");
        // behind a TLS-terminating proxy the browser's scheme is the forwarded one
        String scheme = request.headers().first(FORWARDED_PROTO).filter(p -> p.equals("https")).orElse("http");
        String origin = scheme + "://" + host;
        ObjectNode data = Json.object();
        data.put("id", project.id());
        data.put("name", project.name());
        data.put("env_key", project.ingestKey());
        data.put("created_at", ViewJson.iso(project.createdAtMs()));
        data.put("beacon_url", origin + "/v1/beacons");
        data.put("mux_embed_beacon_domain", host);
        data.put("cmcd_url", origin + "/v1/cmcd?env_key=" + project.ingestKey());
        return NativeApi.envelope(data, null, null, null);
    }
}
