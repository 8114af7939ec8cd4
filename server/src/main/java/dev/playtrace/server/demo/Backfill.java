package dev.playtrace.server.demo;

import dev.playtrace.ingest.pipeline.BatchResult;
import dev.playtrace.ingest.pipeline.BeaconContext;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.ingest.session.EventSource;
import dev.playtrace.ingest.session.Sessionizer;
import dev.playtrace.ingest.session.SessionizerSettings;
import dev.playtrace.ingest.session.ViewSink;
import dev.playtrace.ingest.bus.DirectEventBus;
import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.simulator.Beacon;

import java.time.Duration;
import java.util.Iterator;
import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Replays simulated beacons of the past through the real ingest pipeline and a sessionizer of its own whose clock
 * follows the replay, so view timeouts behave as they would have live. Used by {@code --demo} and the benchmarks.
 */
public final class Backfill {
    private static final int BEACONS_PER_FLUSH = 20_000;

    private final BeaconIngestor ingestor;
    private final ViewSink sink;
    private final EventSource events;

    public Backfill(BeaconIngestor ingestor, ViewSink sink, EventSource events) {
        this.ingestor = requireNonNull(ingestor, "ingestor is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.events = requireNonNull(events, "events is null");
    }

    /** What a replay did. */
    public record Result(long beacons, long eventsAccepted, long eventsRejected) {
    }

    /**
     * Replays the beacons sent before {@code untilMs} (later ones are skipped), then closes every view silent for the
     * inactivity timeout as of {@code untilMs}.
     */
    public Result replay(Iterator<Beacon> beacons, long untilMs, BooleanSupplier keepGoing) {
        long beaconCount = 0;
        long accepted = 0;
        long rejected = 0;
        ReplayClock clock = null;
        Sessionizer sessionizer = null;
        // the replay can simply run again, so its bus needs no durability
        EventBus bus = null;
        try {
            int sinceFlush = 0;
            while (beacons.hasNext() && keepGoing.getAsBoolean()) {
                Beacon beacon = beacons.next();
                if (beacon.sendAtServerMs() > untilMs) {
                    continue;
                }
                if (sessionizer == null) {
                    clock = new ReplayClock(beacon.sendAtServerMs());
                    sessionizer = new Sessionizer(sink, events, clock,
                            SessionizerSettings.DEFAULTS.withClosedViewRetention(Duration.ofMinutes(30)));
                    bus = new DirectEventBus(sessionizer::accept);
                }
                clock.advanceTo(beacon.sendAtServerMs());
                BatchResult result = ingestor.ingest(beacon.jsonBytes(),
                        new BeaconContext(beacon.sendAtServerMs(), beacon.userAgent(), null, beacon.countryCode()));
                bus.publish(result.events());
                beaconCount++;
                accepted += result.accepted();
                rejected += result.rejected();
                if (++sinceFlush >= BEACONS_PER_FLUSH) {
                    sessionizer.flush();
                    sinceFlush = 0;
                }
            }
            if (sessionizer != null) {
                clock.advanceTo(untilMs);
                sessionizer.flush();
            }
        } finally {
            if (sessionizer != null) {
                sessionizer.close();
            }
        }
        return new Result(beaconCount, accepted, rejected);
    }
}
