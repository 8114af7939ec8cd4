package dev.playtrace.server.collector;

import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.ingest.enrich.CountryLookup;
import dev.playtrace.ingest.enrich.UserAgentInfo;
import dev.playtrace.ingest.pipeline.BatchResult;
import dev.playtrace.ingest.pipeline.BeaconContext;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.ingest.pipeline.IngestCounters;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BeaconResponseTest {
    private static final long NOW_MS = 1_765_000_000_000L;
    private final BeaconIngestor ingestor = new BeaconIngestor(key -> "key-a".equals(key) ? Optional.of("proj_a") : Optional.empty(),
            new BatchEnricher(userAgent -> UserAgentInfo.UNKNOWN, CountryLookup.none()), IngestCounters.NONE);

    private BatchResult ingest(String events, String metadataExtra) {
        String body = "{\"metadata\":{\"transmission_timestamp\":" + NOW_MS + ",\"env_key\":\"key-a\"" + metadataExtra
                + "},\"events\":[" + events + "]}";
        return ingestor.ingest(body.getBytes(StandardCharsets.UTF_8), new BeaconContext(NOW_MS, null, null, null));
    }

    private static String event(String name, int sequence, String extra) {
        return "{\"event\":\"" + name + "\",\"view_id\":\"v1\",\"view_sequence_number\":" + sequence
                + ",\"viewer_time\":" + NOW_MS + extra + "}";
    }

    @Test
    void aPartialSuccessIs200AndItsBodyListsTheErrorsAndWarnings() {
        BatchResult result = ingest(event("viewstart", 1, ",\"page_genre\":\"news\"") + ","
                + event("play", 2, ",\"player_height\":-1"), "");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("accepted", 1);
        expected.put("rejected", 1);
        expected.put("errors", List.of(Map.of("index", 1, "field", "player_height", "message", "player_height must be ≥ 0, got -1")));
        expected.put("warnings", List.of("unknown field \"page_genre\" kept as sent"));
        assertThat(BeaconResponse.status(result)).isEqualTo(200);
        assertThat(BeaconResponse.body(result)).containsExactlyEntriesOf(expected);
    }

    @Test
    void aBatchWhoseEveryEventIsInvalidIs400WithTheErrors() {
        BatchResult result = ingest("{\"event\":\"play\",\"view_sequence_number\":1,\"viewer_time\":" + NOW_MS + "}", "");

        assertThat(BeaconResponse.status(result)).isEqualTo(400);
        assertThat(BeaconResponse.body(result)).isEqualTo(Map.of(
                "accepted", 0,
                "rejected", 1,
                "errors", List.of(Map.of("index", 0, "field", "view_id", "message", "view_id is required")),
                "warnings", List.of()));
    }

    @Test
    void anUnknownIngestKeyIs401WithTheReason() {
        String body = "{\"metadata\":{\"env_key\":\"stolen\"},\"events\":[" + event("play", 1, "") + "]}";
        BatchResult result = ingestor.ingest(body.getBytes(StandardCharsets.UTF_8), new BeaconContext(NOW_MS, null, null, null));

        assertThat(BeaconResponse.status(result)).isEqualTo(401);
        assertThat(BeaconResponse.body(result)).containsEntry("error", Map.of("code", "unknown_ingest_key",
                "message", "no event carries the ingest key of a project (env_key, on the event or in metadata)"));
    }

    @Test
    void aMalformedBodyIs400() {
        BatchResult result = ingestor.ingest("{\"events\": [".getBytes(StandardCharsets.UTF_8),
                new BeaconContext(NOW_MS, null, null, null));

        assertThat(BeaconResponse.status(result)).isEqualTo(400);
        assertThat(BeaconResponse.body(result)).containsKeys("accepted", "rejected", "error", "errors", "warnings");
    }
}
