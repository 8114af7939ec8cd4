package dev.playtrace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.ingest.enrich.CountryLookup;
import dev.playtrace.ingest.enrich.UserAgentParser;
import dev.playtrace.ingest.pipeline.BeaconContext;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.ingest.pipeline.IngestCounters;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.SimulatedView;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Simulated input for the micro-benchmarks: beacon bodies and accepted events of simulator views, with an ingestor
 * whose user-agent parser answers "unknown" (Yauaa's parsing is a library's cost, measured by the server benchmark).
 */
final class SimulatedTraffic {
    static final String INGEST_KEY = "benchkey";
    static final String PROJECT_ID = "proj_bench";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulatedTraffic() {
    }

    static BeaconIngestor ingestor() {
        return new BeaconIngestor(key -> key.equals(INGEST_KEY) ? Optional.of(PROJECT_ID) : Optional.empty(),
                new BatchEnricher(UserAgentParser.none(), CountryLookup.none()), IngestCounters.NONE);
    }

    static List<SimulatedView> views(int count, long nowMs) {
        ViewerSimulator simulator = new ViewerSimulator(3L, SimulationConfig.defaults(INGEST_KEY)
                .withDeliveryFaults(0, 0).withSkewedClockShare(0));
        return simulator.views(nowMs - 3_600_000L, nowMs - 600_000L, count).toList();
    }

    /** Each view's events as the ingestor accepts them. */
    static List<List<PlayerEvent>> acceptedEvents(List<SimulatedView> views) {
        BeaconIngestor ingestor = ingestor();
        List<List<PlayerEvent>> perView = new ArrayList<>();
        for (SimulatedView view : views) {
            List<PlayerEvent> events = new ArrayList<>();
            for (Beacon beacon : view.beacons()) {
                events.addAll(ingestor.ingest(beacon.jsonBytes(), context(beacon.sendAtServerMs())).events());
            }
            perView.add(events);
        }
        return perView;
    }

    /** A body of exactly {@code eventCount} simulated events, sent at {@code sentAtMs}. */
    static byte[] body(List<SimulatedView> views, int eventCount, long sentAtMs) {
        try {
            ArrayNode events = JSON.createArrayNode();
            for (SimulatedView view : views) {
                for (Beacon beacon : view.beacons()) {
                    for (JsonNode event : JSON.readTree(beacon.jsonBody()).path("events")) {
                        if (events.size() == eventCount) {
                            return write(events, sentAtMs);
                        }
                        events.add(event);
                    }
                }
            }
            if (events.size() == eventCount) {
                return write(events, sentAtMs);
            }
            throw new IllegalArgumentException("the views have fewer than " + eventCount + " events");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BeaconContext context(long receivedAtMs) {
        return new BeaconContext(receivedAtMs, "Mozilla/5.0", "127.0.0.1", null);
    }

    private static byte[] write(ArrayNode events, long sentAtMs) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("metadata").put("transmission_timestamp", sentAtMs).put("env_key", INGEST_KEY);
        body.set("events", events);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
