package dev.playtrace.ingest.session;

import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.ingest.enrich.CountryLookup;
import dev.playtrace.ingest.enrich.UserAgentParser;
import dev.playtrace.ingest.pipeline.BeaconContext;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.ingest.pipeline.IngestCounters;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partition's views computed by an owner that crashed, a next owner that rebuilt them from the store (after a takeover
 * long enough to time every moved view out) and a third that took them over cleanly, against one sessionizer that saw
 * everything: the simulator's views (reordered, duplicated and late beacons, skewed clocks), duration by duration.
 */
class SessionizerTakeoverTest {
    private static final int VIEW_COUNT = 1_000;
    private static final long WINDOW_START_MS = Instant.parse("2026-11-18T00:00:00Z").toEpochMilli();
    private static final SessionizerSettings SETTINGS =
            SessionizerSettings.DEFAULTS.withInactivityTimeout(Duration.ofSeconds(150));
    private static final int FLUSH_EVERY_BATCHES = 50;

    private record Batch(long receivedAtMs, List<PlayerEvent> events) {
    }

    @Test
    void viewsMovedByACrashAndAHandoverHaveTheDurationsOfViewsThatNeverMoved() {
        List<Batch> batches = simulatedBatches();
        Map<String, String> reference = durations(run(batches, -1, 0, -1));
        for (long takeoverDelayMs : new long[] {0, 600_000}) {
            Map<String, String> moved = durations(run(batches, batches.size() * 3 / 10, takeoverDelayMs,
                    batches.size() * 2 / 3));
            assertThat(moved).as("durations after a takeover %d ms after the crash", takeoverDelayMs)
                    .hasSize(reference.size()).isEqualTo(reference);
        }
    }

    /** Beacons in send order, 16 at a time shuffled (as concurrent posts overtake each other). */
    private static List<Batch> simulatedBatches() {
        BeaconIngestor ingestor = new BeaconIngestor(key -> Optional.of("prj"),
                new BatchEnricher(UserAgentParser.none(), CountryLookup.none()), IngestCounters.NONE);
        List<Beacon> beacons = new ArrayList<>();
        new ViewerSimulator(15L, SimulationConfig.defaults("key").withWatchTimeScale(0.25))
                .beacons(WINDOW_START_MS, WINDOW_START_MS + 7_200_000, VIEW_COUNT, truth -> { })
                .forEachRemaining(beacons::add);
        Random random = new Random(1);
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < beacons.size(); from += 16) {
            List<Beacon> posted = new ArrayList<>(beacons.subList(from, Math.min(beacons.size(), from + 16)));
            Collections.shuffle(posted, random);
            for (Beacon beacon : posted) {
                List<PlayerEvent> events = ingestor.ingest(beacon.jsonBytes(), new BeaconContext(beacon.sendAtServerMs(),
                        beacon.userAgent(), null, beacon.countryCode())).events();
                if (!events.isEmpty()) {
                    batches.add(new Batch(beacon.sendAtServerMs(), events));
                }
            }
        }
        return batches;
    }

    /**
     * Feeds the batches at positions 1, 2, ...; at {@code crashAt} the owner stops without writing and a new one resumes
     * after the stored position {@code takeoverDelayMs} later; at {@code handoverAt} the owner closes and a new one
     * resumes.
     */
    private static Map<String, View> run(List<Batch> batches, int crashAt, long takeoverDelayMs, int handoverAt) {
        InMemoryViewStore store = new InMemoryViewStore();
        MutableClock clock = new MutableClock(batches.getFirst().receivedAtMs());
        Sessionizer owner = new Sessionizer(store, store, clock, SETTINGS);
        int position = 0;
        while (position < batches.size()) {
            if (position == crashAt) {
                crashAt = -1;
                position = (int) store.storedThroughPosition();
                clock.advanceMillis(takeoverDelayMs);
                owner = nextOwner(store, clock);
                continue;
            }
            if (position == handoverAt) {
                handoverAt = -1;
                owner.close();
                owner = nextOwner(store, clock);
            }
            Batch batch = batches.get(position);
            clock.setMillis(Math.max(clock.millis(), batch.receivedAtMs()));
            owner.accept(batch.events(), ++position);
            if (position % FLUSH_EVERY_BATCHES == 0) {
                owner.flush();
            }
        }
        clock.advanceMillis(3_600_000);
        owner.flush();
        owner.flush();
        return store.views();
    }

    private static Sessionizer nextOwner(InMemoryViewStore store, MutableClock clock) {
        Sessionizer owner = new Sessionizer(store, store, clock, SETTINGS);
        owner.resumeOpenViews(store.views().values().stream().filter(view -> !view.closed()).toList());
        owner.resumeAfterPosition(store.storedThroughPosition());
        owner.flush();
        return owner;
    }

    private static Map<String, String> durations(Map<String, View> views) {
        Map<String, String> durations = new TreeMap<>();
        views.forEach((viewId, view) -> durations.put(viewId, "startup " + view.startupTimeMs() + ", playing "
                + view.playingTimeMs() + ", rebuffer " + view.rebufferDurationMs() + ", seek buffer "
                + view.seekBufferDurationMs() + ", watch " + view.watchTimeMs() + ", play " + view.playDurationMs()
                + ", events " + view.eventCount() + ", closed " + view.closed()));
        return durations;
    }
}
