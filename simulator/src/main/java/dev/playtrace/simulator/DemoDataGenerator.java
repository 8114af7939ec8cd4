package dev.playtrace.simulator;

import dev.playtrace.model.TimeRange;

import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The entry point for the server's demo mode and for load tests: a backfill of views over a window, in beacon send
 * order, and a live trickle of views starting now.
 *
 * <p>Posting a backfill through HTTP: the server corrects event times by {@code received_at - transmission_timestamp},
 * so post each beacon's {@link Beacon#jsonBodyReceivedAt(long)} with the time of posting (or, with an injected
 * server clock, set the clock to {@link Beacon#sendAtServerMs()} and post {@link Beacon#jsonBody()}). Beacons whose
 * send time is still in the future (views that started near the window's end) must wait until then: the server
 * rejects events more than 5 minutes ahead of its clock.
 */
public final class DemoDataGenerator {
    /** Kept off the far end of a "last N days" window, so events stay inside the server's 7-day acceptance. */
    public static final Duration WINDOW_MARGIN = Duration.ofMinutes(30);

    private final ViewerSimulator simulator;

    public DemoDataGenerator(ViewerSimulator simulator) {
        this.simulator = requireNonNull(simulator, "simulator is null");
    }

    public DemoDataGenerator(long seed, String envKey) {
        this(new ViewerSimulator(seed, envKey));
    }

    public ViewerSimulator simulator() {
        return simulator;
    }

    /** {@code [now - span + 30 min, now)}: where a backfill of the last {@code span} (at most 7 days) fits. */
    public static TimeRange recentWindow(long nowMs, Duration span) {
        long spanMs = span.toMillis();
        if (spanMs <= WINDOW_MARGIN.toMillis() * 2) {
            throw new IllegalArgumentException("span too short: " + span);
        }
        return new TimeRange(nowMs - spanMs + WINDOW_MARGIN.toMillis(), nowMs);
    }

    /** {@code count} views starting in {@code [fromMs, toMs)}, in start order. */
    public Stream<SimulatedView> views(long fromMs, long toMs, int count) {
        return simulator.views(fromMs, toMs, count);
    }

    /** The beacons of {@link #views} in send order. */
    public Iterator<Beacon> beacons(long fromMs, long toMs, int count) {
        return simulator.beacons(fromMs, toMs, count, null);
    }

    /** The beacons of {@link #views} in send order; each view's truth goes to the sink before its first beacon. */
    public Iterator<Beacon> beacons(long fromMs, long toMs, int count, Consumer<TruthView> truthSink) {
        return simulator.beacons(fromMs, toMs, count, truthSink);
    }

    /** Views starting from {@code startMs} at {@code viewsPerMinute} on average, polled in real time. */
    public LiveTrickle liveTrickle(long startMs, double viewsPerMinute) {
        return simulator.liveTrickle(startMs, viewsPerMinute, null);
    }

    public LiveTrickle liveTrickle(long startMs, double viewsPerMinute, Consumer<TruthView> truthSink) {
        return simulator.liveTrickle(startMs, viewsPerMinute, truthSink);
    }
}
