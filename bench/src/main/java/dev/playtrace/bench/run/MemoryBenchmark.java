package dev.playtrace.bench.run;

import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.ingest.enrich.CountryLookup;
import dev.playtrace.ingest.enrich.YauaaUserAgentParser;
import dev.playtrace.ingest.pipeline.BeaconContext;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.ingest.pipeline.IngestCounters;
import dev.playtrace.ingest.session.EventSource;
import dev.playtrace.ingest.session.Sessionizer;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.collector.CachingIngestKeys;
import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.SimulatedView;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heap per live view in the sessionizer: views that started in the last minute, each with the events its beacons
 * sent so far, accepted and flushed once (so each view is computed, as in steady state), with a clock at "now" so
 * none times out. Heap is read after full GCs; the baseline is the same events held bare in lists.
 */
final class MemoryBenchmark {
    private static final long GOAL_BYTES_PER_VIEW = 2048;
    private static final long LIVE_WINDOW_MS = 60_000;

    /** Keeps the sessionizer reachable until its heap was read. */
    private static final java.util.concurrent.atomic.AtomicReference<Object> LIVE = new java.util.concurrent.atomic.AtomicReference<>();

    private final int views;

    MemoryBenchmark(int views) {
        this.views = views;
    }

    Section run() {
        long nowMs = System.currentTimeMillis();
        try (PlaytraceStore store = PlaytraceStores.open("duckdb::memory:")) {
            ProjectAdmin.Credentials project = new ProjectAdmin(store.projects(), Clock.systemUTC()).createProject("memory");
            String ingestKey = project.project().ingestKey();
            BeaconIngestor ingestor = new BeaconIngestor(new CachingIngestKeys(store.projects()),
                    new BatchEnricher(YauaaUserAgentParser.shared(), CountryLookup.none()), IngestCounters.NONE);
            ViewerSimulator simulator = new ViewerSimulator(23L, SimulationConfig.defaults(ingestKey)
                    .withDeliveryFaults(0, 0).withSkewedClockShare(0));

            // warm the user-agent cache and the code paths first, so the readings hold only what is measured
            simulator.views(nowMs - LIVE_WINDOW_MS, nowMs, Math.min(views, 2_000))
                    .forEach(view -> eventsSentBy(view, nowMs, ingestor));
            long emptyHeap = usedHeapAfterGc();
            HeapHistogram before = HeapHistogram.take();
            List<List<PlayerEvent>> perView = new ArrayList<>(views);
            // only views still playing now (their last beacon is yet to be sent): exits and failures are not live
            simulator.views(nowMs - LIVE_WINDOW_MS, nowMs, views * 2)
                    .filter(view -> view.beacons().get(view.beaconCount() - 1).sendAtServerMs() > nowMs + 10_000)
                    .limit(views)
                    .forEach(view -> perView.add(eventsSentBy(view, nowMs, ingestor)));
            if (perView.size() < views) {
                throw new IllegalStateException("only " + perView.size() + " simulated views are still playing");
            }
            long eventCount = perView.stream().mapToLong(List::size).sum();
            long bareEventsBytes = usedHeapAfterGc() - emptyHeap;

            Clock fixedNow = Clock.fixed(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC);
            Sessionizer sessionizer = new Sessionizer((changed, events, position) -> { }, EventSource.NONE, fixedNow);
            for (List<PlayerEvent> events : perView) {
                sessionizer.accept(events);
            }
            sessionizer.flush();
            int live = sessionizer.liveViewCount();
            // from here on only the sessionizer holds the events
            perView.clear();
            long sessionizerBytes = usedHeapAfterGc() - emptyHeap;
            HeapHistogram after = HeapHistogram.take();
            String growth = after.isEmpty() || before.isEmpty() ? null : after.topGrowth(before, 10, views);
            LIVE.set(sessionizer);
            LIVE.set(null);
            Section section = section(live, eventCount, sessionizerBytes, bareEventsBytes, emptyHeap);
            if (growth != null) {
                section.remark("Largest growth by class (`GC.class_histogram`, per live view): " + growth + ".");
            }
            return section;
        }
    }

    private static List<PlayerEvent> eventsSentBy(SimulatedView view, long nowMs, BeaconIngestor ingestor) {
        List<PlayerEvent> events = new ArrayList<>();
        for (Beacon beacon : view.beacons()) {
            if (beacon.sendAtServerMs() > nowMs) {
                break;
            }
            events.addAll(ingestor.ingest(beacon.jsonBytes(),
                    new BeaconContext(beacon.sendAtServerMs(), beacon.userAgent(), null, beacon.countryCode())).events());
        }
        return events;
    }

    private Section section(int live, long eventCount, long sessionizerBytes, long bareEventsBytes, long heapBytes) {
        double perView = (double) sessionizerBytes / views;
        double barePerView = (double) bareEventsBytes / views;
        Section section = new Section("Memory per live view", String.format(Locale.ROOT,
                "%,d simulated views that started in the last minute and are still playing, each with the %s events its beacons had sent by now"
                        + " (%,d events, %.1f per view), accepted by a `Sessionizer` and flushed once with a clock at"
                        + " now (so they stay live). Heap used after full GCs (`MemoryMXBean`), before and after."
                        + " Baseline: the same `PlayerEvent` objects held bare in one list per view.",
                views, "accepted", eventCount, (double) eventCount / views));
        section.row(new Row("heap per live view (sessionizer)", String.format(Locale.ROOT, "%,.0f B", perView),
                "bare events per view", String.format(Locale.ROOT, "%,.0f B", barePerView),
                Row.ratio(perView, barePerView), "≤ 2 KB (2,048 B)", Row.met(perView <= GOAL_BYTES_PER_VIEW)));
        section.row(new Row("live views held", Row.number(live), "views fed", Row.number(views),
                Row.ratio(live, views), "all live", Row.met(live == views)));
        section.remark(String.format(Locale.ROOT, "Heap used before the sessionizer: %,d MB.", heapBytes / 1_048_576));
        return section;
    }

    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
