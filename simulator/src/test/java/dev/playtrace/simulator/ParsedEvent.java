package dev.playtrace.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An event read back from beacon JSON the way a server would: clock-corrected with the beacon's
 * {@code transmission_timestamp} and its receipt time ({@code sendAtServerMs}), deduplicated by sequence number.
 */
record ParsedEvent(long sequenceNumber, String event, long timeMs, JsonNode node) {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode parse(Beacon beacon) {
        try {
            return JSON.readTree(beacon.jsonBody());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The distinct events of one view's beacons (received in the given order), in sequence order. */
    static List<ParsedEvent> of(List<Beacon> beacons) {
        Map<Long, ParsedEvent> bySequence = new TreeMap<>();
        for (Beacon beacon : beacons) {
            JsonNode body = parse(beacon);
            long transmission = body.get("metadata").get("transmission_timestamp").asLong();
            for (JsonNode event : body.get("events")) {
                long sequence = event.get("view_sequence_number").asLong();
                long time = event.get("viewer_time").asLong() + (beacon.sendAtServerMs() - transmission);
                bySequence.putIfAbsent(sequence, new ParsedEvent(sequence, event.get("event").asText(), time, event));
            }
        }
        List<ParsedEvent> events = new ArrayList<>(bySequence.values());
        events.sort(Comparator.comparingLong(ParsedEvent::sequenceNumber));
        return events;
    }
}
