package dev.playtrace.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * An endless stream of views starting from a given instant (a Poisson arrival process, following the daily curve
 * when configured), for a live demo: poll it with the current time and post what is due.
 *
 * <pre>{@code
 * LiveTrickle live = simulator.liveTrickle(clock.millis(), 20.0, truth -> { });
 * while (running) {
 *     for (Beacon beacon : live.pollDue(clock.millis())) {
 *         post(beacon.jsonBodyReceivedAt(clock.millis()), beacon.userAgent(), beacon.countryCode());
 *     }
 *     Thread.sleep(Math.max(10, Math.min(1_000, live.nextSendAtMs() - clock.millis())));
 * }
 * }</pre>
 */
public final class LiveTrickle {
    private final BeaconMerger merger;

    LiveTrickle(ViewerSimulator simulator, long startMs, double viewsPerMinute, Consumer<TruthView> truthSink) {
        if (!(viewsPerMinute > 0)) {
            throw new IllegalArgumentException("viewsPerMinute must be positive: " + viewsPerMinute);
        }
        SimulationConfig config = simulator.config();
        ViewerPool pool = new ViewerPool(simulator.seed(), config.viewerPoolSize() > 0 ? config.viewerPoolSize()
                : Math.max(2_000, (int) Math.min(1_000_000, viewsPerMinute * 60 * 24 / 10)), config.skewedClockShare());
        long streamSeed = Randoms.mix(0x7F4A7C15L, startMs);
        SplittableRandom arrivals = new SplittableRandom(Randoms.mix(simulator.seed(), startMs ^ 0x1CEB00DAL));
        Iterator<SimulatedView> views = new Iterator<>() {
            private long index;
            private long atMs = startMs;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public SimulatedView next() {
                double rate = viewsPerMinute * (config.dailyCurve() ? StartTimes.weight(atMs) : 1.0);
                atMs += Randoms.exponentialMs(arrivals, rate);
                return simulator.view(streamSeed, index++, atMs, pool);
            }
        };
        this.merger = new BeaconMerger(views, truthSink);
    }

    /** Every beacon with {@code sendAtServerMs <= nowMs} not returned yet, in send order. */
    public List<Beacon> pollDue(long nowMs) {
        List<Beacon> due = new ArrayList<>();
        while (merger.peekSendAtMs() <= nowMs) {
            due.add(merger.next());
        }
        return due;
    }

    /** When the next beacon is due. */
    public long nextSendAtMs() {
        return merger.peekSendAtMs();
    }

    /** Views started so far (beacons of which may still be pending). */
    public long viewsStarted() {
        return merger.viewsAdmitted();
    }
}
