package dev.playtrace.bus.kafka;

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
 * The simulator's viewers (with duplicate and delayed beacons and skewed device clocks) turned into the batches a
 * collector publishes: each beacon through the real ingest pipeline, received at its send time.
 */
final class SimulatedBatches {
    static final String PROJECT_ID = "prj_kafka";
    private static final String INGEST_KEY = "ingest-kafka";

    private SimulatedBatches() {
    }

    static List<List<PlayerEvent>> generate(long seed, long fromMs, long toMs, int viewCount) {
        BeaconIngestor ingestor = new BeaconIngestor(
                key -> INGEST_KEY.equals(key) ? Optional.of(PROJECT_ID) : Optional.empty(),
                new BatchEnricher(UserAgentParser.none(), CountryLookup.none()), IngestCounters.NONE);
        Iterator<Beacon> beacons = new ViewerSimulator(seed,
                SimulationConfig.defaults(INGEST_KEY).withWatchTimeScale(0.05)).beacons(fromMs, toMs, viewCount, truth -> { });
        List<List<PlayerEvent>> batches = new ArrayList<>();
        while (beacons.hasNext()) {
            Beacon beacon = beacons.next();
            List<PlayerEvent> events = ingestor.ingest(beacon.jsonBytes(), new BeaconContext(beacon.sendAtServerMs(),
                    beacon.userAgent(), null, beacon.countryCode())).events();
            if (!events.isEmpty()) {
                batches.add(events);
            }
        }
        return batches;
    }
}
