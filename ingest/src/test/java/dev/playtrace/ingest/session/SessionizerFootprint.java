package dev.playtrace.ingest.session;

import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.simulator.SimulatedEvent;
import dev.playtrace.simulator.SimulatedView;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Measures the heap the {@link Sessionizer} holds per view: feeds simulated views (half of each view's events for
 * open views, all of them and a timeout for closed ones), flushes to a sink that keeps nothing, collects garbage and
 * divides the growth of used heap by the number of views. Not a test: run it by hand, e.g.
 * {@code java -Xmx2g -cp <test classpath> dev.playtrace.ingest.session.SessionizerFootprint 100000}.
 */
public final class SessionizerFootprint {
    private static final String PROJECT = "project-1";
    private static final long FROM_MS = 1_700_000_000_000L;
    private static final long TO_MS = FROM_MS + 3_600_000;
    private static final int VIEWS_PER_FLUSH = 1_000;

    private enum Scenario {
        /** Views half way through their events, never timed out. */
        OPEN,
        /** Views that received every event and were then closed (viewend or timeout), within retention. */
        CLOSED,
        /** Open views released by a cap of one view in memory: what is left to time them out. */
        OPEN_RELEASED,
        /** Closed views forgotten over a cap of one view in memory: the forgotten-views filter only. */
        CLOSED_FORGOTTEN;

        boolean closed() {
            return this == CLOSED || this == CLOSED_FORGOTTEN;
        }

        boolean capped() {
            return this == OPEN_RELEASED || this == CLOSED_FORGOTTEN;
        }
    }

    private SessionizerFootprint() {
    }

    public static void main(String[] args) {
        int viewCount = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        for (Scenario scenario : Scenario.values()) {
            long bytes = bytesPerView(scenario, viewCount);
            System.out.printf("%-16s %,d views: %,d bytes per view%n", scenario, viewCount, bytes);
        }
    }

    private static long bytesPerView(Scenario scenario, int viewCount) {
        MutableClock clock = new MutableClock(FROM_MS);
        // retention past the timeout below, so every closed view is still held when measured
        SessionizerSettings settings = SessionizerSettings.DEFAULTS.withClosedViewRetention(Duration.ofDays(2))
                .withMaxViewsInMemory(scenario.capped() ? 1 : Integer.MAX_VALUE);
        Sessionizer sessionizer = new Sessionizer((views, events, position) -> { }, EventSource.NONE, clock, settings);
        long before = usedHeapAfterGc();

        Iterator<SimulatedView> views = new ViewerSimulator(7L, SimulationConfig.defaults("footprint"))
                .views(FROM_MS, TO_MS, viewCount).iterator();
        int fed = 0;
        while (views.hasNext()) {
            SimulatedView view = views.next();
            List<SimulatedEvent> events = view.events();
            int count = scenario.closed() ? events.size() : Math.max(1, events.size() / 2);
            sessionizer.accept(playerEvents(view.viewId(), events.subList(0, count)));
            if (++fed % VIEWS_PER_FLUSH == 0) {
                sessionizer.flush();
            }
        }
        sessionizer.flush();
        if (scenario.closed()) {
            // every view without a viewend times out; all stay in memory for their retention
            clock.setMillis(TO_MS + 24 * 3_600_000L);
            sessionizer.flush();
        }
        long after = usedHeapAfterGc();
        long held = switch (scenario) {
            case OPEN, OPEN_RELEASED -> sessionizer.liveViewCount();
            case CLOSED -> sessionizer.viewsInMemory();
            case CLOSED_FORGOTTEN -> sessionizer.viewsReleasedOverCap() + sessionizer.viewsInMemory();
        };
        if (held < viewCount) {
            throw new IllegalStateException("expected " + viewCount + " views held, found " + held);
        }
        return (after - before) / viewCount;
    }

    private static List<PlayerEvent> playerEvents(String viewId, List<SimulatedEvent> simulated) {
        List<PlayerEvent> events = new ArrayList<>(simulated.size());
        String decodedViewId = new String(viewId);
        for (SimulatedEvent event : simulated) {
            Map<String, Object> fields = new HashMap<>();
            event.fields().forEach((key, value) -> fields.put(key, copied(value)));
            events.add(new PlayerEvent(PROJECT, decodedViewId, event.sequenceNumber(),
                    EventName.fromWire(event.event()).orElseThrow(), event.serverTimeMs(), event.viewerTimeMs(),
                    event.playheadMs(), event.serverTimeMs(), fields));
        }
        return events;
    }

    /** A fresh copy of text, as a JSON decoder makes one per beacon (the simulator shares its constants). */
    private static Object copied(Object value) {
        return value instanceof String text ? new String(text) : value;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
