package dev.playtrace.bench;

import dev.playtrace.ingest.pipeline.BatchResult;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.simulator.SimulatedView;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Beacon decoding, validation and enrichment (user agents answered "unknown") of bodies of 1 and 50 events. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {
    private BeaconIngestor ingestor;
    private byte[] oneEvent;
    private byte[] fiftyEvents;
    private long nowMs;

    @Setup
    public void setUp() {
        nowMs = System.currentTimeMillis();
        List<SimulatedView> views = SimulatedTraffic.views(20, nowMs);
        ingestor = SimulatedTraffic.ingestor();
        oneEvent = SimulatedTraffic.body(views, 1, nowMs);
        fiftyEvents = SimulatedTraffic.body(views, 50, nowMs);
        requireAccepted(decodeOneEvent(), 1);
        requireAccepted(decodeFiftyEvents(), 50);
    }

    @Benchmark
    public BatchResult decodeOneEvent() {
        return ingestor.ingest(oneEvent, SimulatedTraffic.context(nowMs));
    }

    @Benchmark
    public BatchResult decodeFiftyEvents() {
        return ingestor.ingest(fiftyEvents, SimulatedTraffic.context(nowMs));
    }

    private static void requireAccepted(BatchResult result, int expected) {
        if (result.accepted() != expected) {
            throw new IllegalStateException("expected " + expected + " accepted events, got " + result);
        }
    }
}
