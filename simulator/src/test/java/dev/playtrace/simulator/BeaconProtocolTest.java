package dev.playtrace.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Rendered beacons follow docs/beacon-protocol.md, and the events they carry say what the truth claims. */
class BeaconProtocolTest {
    private static final long FROM = 1_800_000_000_000L;
    private static final long TO = FROM + 86_400_000L;
    private static final Set<String> ALWAYS = Set.of("event", "view_id", "view_sequence_number", "viewer_time",
            "player_playhead_time");
    private static final Set<String> FULL_STATE_REQUIRED = Set.of("video_id", "video_title", "video_stream_type",
            "player_name", "player_version", "mux_viewer_id", "player_width", "player_height", "video_source_width",
            "video_source_height", "video_source_bitrate", "video_cdn");
    private static final Set<String> SOURCE = Set.of("video_source_width", "video_source_height",
            "video_source_bitrate");
    private static final Set<String> ERROR = Set.of("player_error_code", "player_error_message",
            "player_error_severity", "player_error_business_exception");

    private static List<SimulatedView> views;

    @BeforeAll
    static void generate() {
        views = new ViewerSimulator(42, "env-protocol").views(FROM, TO, 3_000).toList();
    }

    @Test
    void everyBeaconIsValidJsonWithMetadataAndOnlyItsOwnViewsEvents() {
        for (SimulatedView view : views) {
            for (Beacon beacon : view.beacons()) {
                JsonNode body = ParsedEvent.parse(beacon);
                assertThat(body.get("metadata").get("env_key").asText()).isEqualTo("env-protocol");
                assertThat(body.get("metadata").get("transmission_timestamp").asLong())
                        .isEqualTo(beacon.sendAtServerMs() + view.setup().clockOffsetMs());
                assertThat(body.get("events").size()).isEqualTo(beacon.eventCount()).isPositive();
                for (JsonNode event : body.get("events")) {
                    assertThat(event.get("view_id").asText()).isEqualTo(view.viewId());
                    for (String field : ALWAYS) {
                        assertThat(event.has(field)).as(field).isTrue();
                    }
                    // an event is never sent before it happened
                    long eventServerTime = event.get("viewer_time").asLong() - view.setup().clockOffsetMs();
                    assertThat(eventServerTime).isLessThanOrEqualTo(beacon.sendAtServerMs());
                }
                assertThat(beacon.userAgent()).isEqualTo(view.truth().userAgent());
                assertThat(beacon.countryCode()).isEqualTo(view.truth().countryCode());
                assertThat(beacon.jsonBytes().length).isLessThan(1 << 20);
            }
        }
    }

    @Test
    void sequenceNumbersAreContiguousPerViewAndEachBeaconCarriesAContiguousRun() {
        for (SimulatedView view : views) {
            List<ParsedEvent> events = ParsedEvent.of(view.beacons());
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).sequenceNumber()).isEqualTo(i + 1);
            }
            assertThat(events).hasSize(view.eventCount());
            for (Beacon beacon : view.beacons()) {
                long previous = -1;
                for (JsonNode event : ParsedEvent.parse(beacon).get("events")) {
                    long sequence = event.get("view_sequence_number").asLong();
                    assertThat(previous == -1 || sequence == previous + 1).isTrue();
                    previous = sequence;
                }
            }
        }
    }

    @Test
    void fullStateOnViewstartAndViewendDeltasOnlyInBetween() {
        for (SimulatedView view : views) {
            List<ParsedEvent> events = ParsedEvent.of(view.beacons());
            assertThat(events.get(0).event()).isEqualTo("viewstart");
            for (ParsedEvent event : events) {
                Set<String> extra = new HashSet<>();
                event.node().fieldNames().forEachRemaining(extra::add);
                extra.removeAll(ALWAYS);
                switch (event.event()) {
                    case "viewstart", "viewend" -> {
                        assertThat(extra).containsAll(FULL_STATE_REQUIRED);
                        assertThat(event.node().get("video_id").asText()).isEqualTo(view.truth().videoId());
                        // titles with quotes and non-ASCII text survive the hand-written JSON
                        assertThat(event.node().get("video_title").asText())
                                .isEqualTo(view.truth().dimensionValue(dev.playtrace.model.Dimension.VIDEO_TITLE));
                        assertThat(event.node().get("mux_viewer_id").asText())
                                .isEqualTo(view.truth().muxViewerId());
                    }
                    case "renditionchange" -> assertThat(extra).isEqualTo(SOURCE);
                    case "error" -> assertThat(extra).isEqualTo(ERROR);
                    default -> assertThat(extra).as(event.event()).isEmpty();
                }
            }
            boolean hasViewend = events.get(events.size() - 1).event().equals("viewend");
            assertThat(hasViewend).isEqualTo(!view.truth().dropped());
        }
    }

    @Test
    void immediateEventsAreFlushedAtOnceAndHeartbeatsComeEveryTenSecondsWhileNotPaused() {
        for (SimulatedView view : views) {
            for (Beacon beacon : view.beacons()) {
                if (beacon.delivery() != Beacon.Delivery.NORMAL) {
                    continue;
                }
                JsonNode events = ParsedEvent.parse(beacon).get("events");
                JsonNode last = events.get(events.size() - 1);
                String name = last.get("event").asText();
                long lastServerTime = last.get("viewer_time").asLong() - view.setup().clockOffsetMs();
                if (Set.of("viewstart", "error", "ended", "viewend").contains(name)) {
                    assertThat(beacon.sendAtServerMs()).isEqualTo(lastServerTime);
                } else {
                    assertThat(beacon.sendAtServerMs() - lastServerTime).isBetween(0L, 10_000L);
                }
            }
            List<ParsedEvent> events = ParsedEvent.of(view.beacons());
            boolean paused = true; // not playing before the play request
            for (int i = 1; i < events.size(); i++) {
                String previous = events.get(i - 1).event();
                if (Set.of("play", "playing").contains(previous)) {
                    paused = false;
                }
                if (Set.of("pause", "ended", "error").contains(previous)) {
                    paused = !previous.equals("error") || isFatal(events.get(i - 1)) || paused;
                    if (previous.equals("pause") || previous.equals("ended")) {
                        paused = true;
                    }
                }
                long gap = events.get(i).timeMs() - events.get(i - 1).timeMs();
                if (!paused) {
                    assertThat(gap).as("gap after %s in %s", previous, view.viewId()).isLessThanOrEqualTo(10_000);
                }
                // nothing the server could time out on: no silence of 120 s, retries included
                assertThat(gap).isLessThan(90_000);
            }
        }
    }

    @Test
    void clockCorrectedEventTimesAreTheTrueTimesEvenForSkewedClocksAndLateRetries() {
        int skewed = 0;
        for (SimulatedView view : views) {
            List<SimulatedEvent> truthEvents = view.events();
            List<Beacon> reversed = new ArrayList<>(view.beacons());
            java.util.Collections.reverse(reversed); // any arrival order gives the same corrected events
            List<ParsedEvent> parsed = ParsedEvent.of(reversed);
            for (int i = 0; i < parsed.size(); i++) {
                assertThat(parsed.get(i).timeMs()).isEqualTo(truthEvents.get(i).serverTimeMs());
            }
            skewed += view.setup().clockOffsetMs() != 0 ? 1 : 0;
        }
        assertThat(skewed).isPositive();
    }

    @Test
    void jsonBodyReceivedAtLetsABackfillBePostedLater() {
        Beacon beacon = views.get(0).beacons().get(0);
        long postedAt = beacon.sendAtServerMs() + 3_600_000L;
        String body = beacon.jsonBodyReceivedAt(postedAt);
        JsonNode node = ParsedEvent.JSON.valueToTree(parseQuietly(body));
        long transmission = node.get("metadata").get("transmission_timestamp").asLong();
        long viewerTime = node.get("events").get(0).get("viewer_time").asLong();
        assertThat(viewerTime + (postedAt - transmission)).isEqualTo(views.get(0).viewStartMs());
        assertThat(body.substring(body.indexOf(",\"env_key\"")))
                .isEqualTo(beacon.jsonBody().substring(beacon.jsonBody().indexOf(",\"env_key\"")));
    }

    @Test
    void eventsReadPerMetricsMdGiveTheTruthsPrimitives() {
        int checked = 0;
        for (SimulatedView view : views) {
            TruthView truth = view.truth();
            EventReader read = EventReader.read(ParsedEvent.of(view.beacons()));
            String id = truth.viewId();
            if (!truth.isAttempt()) {
                assertThat(read.playRequestedAt).as(id).isEqualTo(-1);
                continue;
            }
            assertThat(read.playRequestedAt).as(id).isEqualTo(truth.playRequestedAtMs());
            assertThat(read.firstFrameAt < 0 ? null : (Long) read.firstFrameAt).as(id)
                    .isEqualTo(truth.firstFrameAtMs());
            assertThat(read.playing).as(id).isEqualTo(truth.playingTimeMs());
            assertThat(read.rebuffer).as(id).isEqualTo(truth.rebufferDurationMs());
            assertThat(read.rebufferCount).as(id).isEqualTo(truth.rebufferCount());
            assertThat(read.seekBuffer).as(id).isEqualTo(truth.seekBufferDurationMs());
            assertThat(read.seekCount).as(id).isEqualTo(truth.seekCount());
            assertThat(read.watch).as(id).isEqualTo(truth.watchTimeMs());
            assertThat(read.renditionChanges).as(id).isEqualTo(truth.renditionChangeCount());
            assertThat(read.fatalErrors).as(id).isEqualTo(truth.errorCount());
            assertThat(read.warnings).as(id).isEqualTo(truth.warningCount());
            assertThat(read.ended).as(id).isEqualTo(truth.ended());
            if (truth.avgBitrateBps() != null) {
                assertThat(read.bitrateTime / read.playing).as(id).isCloseTo(truth.avgBitrateBps(), within(1e-3));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(2_800);
    }

    @Test
    void mergedStreamIsInSendOrderAndCarriesEveryBeaconOnce() {
        List<TruthView> truths = new ArrayList<>();
        Iterator<Beacon> merged = new ViewerSimulator(42, "env-protocol").beacons(FROM, TO, 3_000, truths::add);
        long previous = Long.MIN_VALUE;
        long count = 0;
        while (merged.hasNext()) {
            Beacon beacon = merged.next();
            assertThat(beacon.sendAtServerMs()).isGreaterThanOrEqualTo(previous);
            previous = beacon.sendAtServerMs();
            count++;
        }
        assertThat(count).isEqualTo(views.stream().mapToLong(SimulatedView::beaconCount).sum());
        assertThat(truths).isEqualTo(views.stream().map(SimulatedView::truth).toList());
    }

    private static boolean isFatal(ParsedEvent event) {
        JsonNode severity = event.node().get("player_error_severity");
        return severity == null || severity.asText().equals("fatal");
    }

    private static Object parseQuietly(String body) {
        try {
            return ParsedEvent.JSON.readValue(body, Object.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
