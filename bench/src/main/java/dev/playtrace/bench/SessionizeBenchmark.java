package dev.playtrace.bench;

import dev.playtrace.ingest.session.EventSource;
import dev.playtrace.ingest.session.Sessionizer;
import dev.playtrace.model.PlayerEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sessionizing: a new sessionizer accepts every event of {@value #VIEWS} simulated views (each view's events in one
 * call, as a beacon would bring them) and flushes once, computing every view. One operation is the whole batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionizeBenchmark {
    static final int VIEWS = 200;

    private List<List<PlayerEvent>> events;
    private Clock clock;

    @Setup
    public void setUp() {
        long nowMs = System.currentTimeMillis();
        events = SimulatedTraffic.acceptedEvents(SimulatedTraffic.views(VIEWS, nowMs));
        clock = Clock.fixed(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC);
        int[] written = new int[1];
        Sessionizer check = new Sessionizer((views, newEvents, position) -> written[0] += views.size(), EventSource.NONE,
                clock);
        events.forEach(check::accept);
        check.flush();
        if (written[0] != VIEWS) {
            throw new IllegalStateException("expected " + VIEWS + " views written, got " + written[0]);
        }
    }

    @Benchmark
    public int acceptAndFlush() {
        int[] written = new int[1];
        Sessionizer sessionizer = new Sessionizer((views, newEvents, position) -> written[0] += views.size(),
                EventSource.NONE, clock);
        for (List<PlayerEvent> viewEvents : events) {
            sessionizer.accept(viewEvents);
        }
        sessionizer.flush();
        return written[0];
    }
}
