package dev.playtrace.server.pipeline;

import dev.playtrace.bus.local.LocalLogBus;
import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.ingest.session.EventSource;
import dev.playtrace.ingest.session.Sessionizer;
import dev.playtrace.ingest.session.SessionizerSettings;
import dev.playtrace.model.View;
import dev.playtrace.server.observe.ServerMetrics;
import dev.playtrace.store.spi.ViewStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/** One process does it all: the local ingest log, one sessionizer, and the scheduler that flushes it to the store. */
public final class EmbeddedIngest implements IngestPath {
    private final Sessionizer sessionizer;
    private final LocalLogBus bus;
    private final FlushScheduler flusher;

    private EmbeddedIngest(Sessionizer sessionizer, LocalLogBus bus, FlushScheduler flusher) {
        this.sessionizer = sessionizer;
        this.bus = bus;
        this.flusher = flusher;
    }

    /**
     * Resumes the stored open views, replays what the log holds after the store's position into the sessionizer, and
     * starts flushing.
     */
    public static EmbeddedIngest open(Path logDirectory, LocalLogBus.Limits limits, ViewStore views,
            Collection<View> storedOpenViews, ServerMetrics metrics, Clock clock, SessionizerSettings settings,
            Duration flushPeriod) {
        Sessionizer sessionizer = new Sessionizer(new StoreViewSink(views, metrics),
                EventSource.of(views::loadEvents, views::storedViews), clock, settings);
        // views open at the last stop time out (or continue) like any other
        sessionizer.resumeOpenViews(storedOpenViews);
        // what was acknowledged but not yet stored at the last stop (a crash) is replayed from the ingest log
        long storedPosition = views.storedBusPosition();
        sessionizer.resumeAfterPosition(storedPosition);
        LocalLogBus bus = LocalLogBus.open(logDirectory, storedPosition, sessionizer::accept, limits);
        return new EmbeddedIngest(sessionizer, bus, new FlushScheduler(sessionizer, bus, flushPeriod));
    }

    @Override
    public EventBus bus() {
        return bus;
    }

    /** The flush scheduler (the demo's backfill flushes through it). */
    public FlushScheduler flusher() {
        return flusher;
    }

    @Override
    public int liveViewCount() {
        return sessionizer.liveViewCount();
    }

    @Override
    public long unstoredEvents() {
        return bus.unstoredEvents();
    }

    @Override
    public Optional<String> failure() {
        return Optional.ofNullable(bus.failure()).map(cause -> "the ingest log stopped: " + cause.getMessage());
    }

    @Override
    public void flushNow() {
        flusher.flushNow();
    }

    @Override
    public void close() {
        // acknowledged batches reach the sessionizer, which then writes everything to the store
        bus.close();
        flusher.close();
    }
}
