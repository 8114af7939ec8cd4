package dev.playtrace.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.server.http.Json;
import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Beacon bodies for the ingest benchmark: the simulator's events, in send order, regrouped into bodies of exactly
 * {@code eventsPerBody} events (the simulated SDK's own beacons vary in size). Every view id carries
 * {@link LoadGenerator#CYCLE_MARKER}, so the load generator can replay the file as new views. Delivery faults and
 * skewed device clocks are off: every acknowledged event must be stored exactly once.
 */
final class BeaconBodies {
    private BeaconBodies() {
    }

    /** What was written. */
    record Written(Path file, long bodies, long events, int views) {
    }

    static Written write(Path file, String ingestKey, int views, int eventsPerBody, long nowMs) {
        return write(file, ingestKey, views, eventsPerBody, nowMs, "");
    }

    /** @param viewIdSuffix appended to every view id, so that two files of the same views hold different views */
    static Written write(Path file, String ingestKey, int views, int eventsPerBody, long nowMs, String viewIdSuffix) {
        SimulationConfig config = SimulationConfig.defaults(ingestKey)
                .withDeliveryFaults(0, 0)
                .withSkewedClockShare(0);
        ViewerSimulator simulator = new ViewerSimulator(11L, config);
        // views start over the last two hours; their beacons are sent until a little after now, and the
        // server shifts each event by (receipt - transmission_timestamp) anyway
        Iterator<Beacon> beacons = simulator.beacons(nowMs - 7_200_000L, nowMs - 600_000L, views, null);
        long bodies = 0;
        long events = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            ArrayNode group = Json.array();
            long groupSentAtMs = 0;
            while (beacons.hasNext()) {
                Beacon beacon = beacons.next();
                JsonNode body = Json.MAPPER.readTree(beacon.jsonBody());
                for (JsonNode event : body.path("events")) {
                    ObjectNode copy = ((ObjectNode) event).deepCopy();
                    copy.put("view_id", copy.path("view_id").asText() + viewIdSuffix + LoadGenerator.CYCLE_MARKER);
                    group.add(copy);
                    groupSentAtMs = Math.max(groupSentAtMs, beacon.transmissionTimestamp());
                    if (group.size() == eventsPerBody) {
                        writeBody(out, ingestKey, groupSentAtMs, group);
                        bodies++;
                        events += group.size();
                        group = Json.array();
                        groupSentAtMs = 0;
                    }
                }
            }
            // a last partial group is left out: every body has exactly eventsPerBody events
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Written(file, bodies, events, views);
    }

    private static void writeBody(BufferedWriter out, String ingestKey, long sentAtMs, ArrayNode events)
            throws IOException {
        ObjectNode body = Json.object();
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("transmission_timestamp", sentAtMs);
        metadata.put("env_key", ingestKey);
        body.set("events", events);
        out.write(body.toString());
        out.newLine();
    }
}
