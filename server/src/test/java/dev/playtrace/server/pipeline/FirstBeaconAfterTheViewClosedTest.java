package dev.playtrace.server.pipeline;

import dev.playtrace.ingest.session.EventSource;
import dev.playtrace.ingest.session.Sessionizer;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A view's first beacon retried long after its later beacons were stored in DuckDB and the view closed and left the
 * sessionizer's memory: the stored row becomes the view of all its events (issue 15), as one sessionizer that got
 * every event in order computes it.
 */
class FirstBeaconAfterTheViewClosedTest {
    private static final long T0 = Instant.parse("2026-12-07T08:00:00Z").toEpochMilli();
    private static final Duration AFTER_THE_RETENTION = Duration.ofMinutes(30);

    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
    private final PlaytraceStore store = PlaytraceStores.open("duckdb::memory:");
    private final Sessionizer sessionizer = new Sessionizer((views, events, position) -> store.views().write(views,
            events, position), EventSource.of(store.views()::loadEvents, store.views()::storedViews), clock);

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void theStoredViewBecomesTheViewOfAllItsEvents() {
        List<PlayerEvent> events = List.of(
                event(1, EventName.VIEWSTART, 0), event(2, EventName.PLAY, 100), event(3, EventName.WAITING, 600),
                event(4, EventName.PLAYING, 1_100), event(5, EventName.HEARTBEAT, 11_100),
                event(6, EventName.VIEWEND, 12_000));
        // other views stored around it, so the lookup picks it out of many
        for (int i = 0; i < 200; i++) {
            long atMs = T0 + i * 50L;
            sessionizer.accept(List.of(
                    new PlayerEvent("p1", "neighbour-" + i, 1, EventName.VIEWSTART, atMs, atMs, null, atMs, Map.of()),
                    new PlayerEvent("p1", "neighbour-" + i, 2, EventName.VIEWEND, atMs, atMs, null, atMs, Map.of())),
                    i + 1);
        }
        sessionizer.accept(events.subList(2, 6), 201);
        clock.set(T0 + 12_000);
        sessionizer.flush();
        View withoutFirstBeacon = new QueryEngine(store.views(), clock).view("p1", "retried").orElseThrow();
        clock.advance(AFTER_THE_RETENTION);
        sessionizer.flush();
        assertThat(sessionizer.viewsInMemory()).isZero();

        sessionizer.accept(events.subList(0, 2), 202);
        sessionizer.flush();

        View stored = new QueryEngine(store.views(), clock).view("p1", "retried").orElseThrow();
        assertThat(stored).usingRecursiveComparison().ignoringFields("version").isEqualTo(inOrder(events));
        assertThat(stored.eventCount()).isEqualTo(6);
        assertThat(stored.startupTimeMs()).isEqualTo(1_000);
        assertThat(stored.version()).isGreaterThan(withoutFirstBeacon.version());
        assertThat(withoutFirstBeacon.eventCount()).isEqualTo(4);
    }

    /** The view one sessionizer computes from every event, in order, with nothing stored before. */
    private View inOrder(List<PlayerEvent> events) {
        List<View> written = new ArrayList<>();
        Sessionizer reference = new Sessionizer((views, newEvents, position) -> written.addAll(views),
                EventSource.NONE, clock);
        reference.accept(events);
        reference.flush();
        return written.getLast();
    }

    private static PlayerEvent event(long sequenceNumber, EventName name, long atMs) {
        return new PlayerEvent("p1", "retried", sequenceNumber, name, T0 + atMs, T0 + atMs,
                name == EventName.VIEWSTART ? null : atMs, T0 + atMs, Map.of());
    }
}
