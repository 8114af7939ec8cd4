package dev.playtrace.bench.run;

import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.ingest.enrich.CountryLookup;
import dev.playtrace.ingest.enrich.UserAgentParser;
import dev.playtrace.ingest.pipeline.BeaconContext;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.ingest.pipeline.IngestCounters;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * What collectors publish in the scale-out part: the simulator's viewers (duplicate and delayed beacons, skewed device
 * clocks) through the real ingest pipeline, one accepted batch per beacon, repeated {@code copies} times with fresh
 * view ids, so the size grows without simulating more.
 */
final class BusBatches {
    static final String PROJECT_ID = "prj_scale_out";
    private static final String INGEST_KEY = "ingest-scale-out";

    private BusBatches() {
    }

    static List<List<PlayerEvent>> generate(long seed, long fromMs, long toMs, int views, int copies) {
        BeaconIngestor ingestor = new BeaconIngestor(
                key -> INGEST_KEY.equals(key) ? Optional.of(PROJECT_ID) : Optional.empty(),
                new BatchEnricher(UserAgentParser.none(), CountryLookup.none()), IngestCounters.NONE);
        Iterator<Beacon> beacons = new ViewerSimulator(seed, SimulationConfig.defaults(INGEST_KEY)
                .withWatchTimeScale(0.05)).beacons(fromMs, toMs, views, truth -> { });
        List<List<PlayerEvent>> original = new ArrayList<>();
        while (beacons.hasNext()) {
            Beacon beacon = beacons.next();
            List<PlayerEvent> events = ingestor.ingest(beacon.jsonBytes(), new BeaconContext(beacon.sendAtServerMs(),
                    beacon.userAgent(), null, beacon.countryCode())).events();
            if (!events.isEmpty()) {
                original.add(events);
            }
        }
        List<List<PlayerEvent>> batches = new ArrayList<>(original.size() * copies);
        for (int copy = 0; copy < copies; copy++) {
            String suffix = "-c" + copy;
            for (List<PlayerEvent> batch : original) {
                batches.add(batch.stream().map(event -> new PlayerEvent(event.projectId(), event.viewId() + suffix,
                        event.sequenceNumber(), event.name(), event.eventTimeMs(), event.viewerTimeMs(),
                        event.playheadMs(), event.receivedAtMs(), event.fields())).toList());
            }
        }
        return batches;
    }

    static long eventCount(List<List<PlayerEvent>> batches) {
        return batches.stream().mapToLong(List::size).sum();
    }
}
