package dev.playtrace.ingest.session;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewKey;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * Groups accepted player events into views, drops duplicates, and at each {@link #flush()} recomputes the views that
 * changed and hands them, with the new events, to a {@link ViewSink}. Thread-safe: {@link #accept} may be called from
 * any thread while another thread flushes.
 *
 * <p>Lifecycle of a view: it is open while events arrive; a {@code viewend} closes it at the next flush; a view with no
 * event received for the inactivity timeout is closed as dropped; a stall reaching 300 s closes it too. A closed
 * view stays in memory for the retention period (its timeline only, its events are released once written), so a
 * late event reopens and recomputes it cheaply; after that, a late event reloads the view's events through the
 * {@link EventSource}.
 *
 * <p>Memory: at most {@link SessionizerSettings#maxViewsInMemory()} views are held in full after a flush. Over that,
 * the least recently active written (not dirty) ones are released early: a closed view is forgotten (as after its
 * retention; a {@link ForgottenViews} filter makes even its late first event reload it), an open one keeps only its
 * key and when it last received an event, so the inactivity timeout still closes it; the next event of either
 * reloads its history from the {@link EventSource}, so no number changes.
 *
 * <p>Positions: events come from a bus with increasing positions ({@link #accept(List, long)}); each write tells the
 * sink through which position everything accepted is stored, so a restart replays the bus from after that point.
 *
 * <p>Restarts: {@link #close()} writes everything pending but leaves open views open. After a restart nothing is in
 * memory; the next event of such a view (sequence number above the first, or any within the closed-view retention
 * after resuming at a bus position: an earlier owner may have stored and closed a view whose first event comes only
 * now) reloads its history from the {@link EventSource} and recomputes it. A view that gets no further event stays
 * open in the store unless the server passes the stored open views to {@link #resumeOpenViews}, which holds them like
 * released open views.
 * Histories are loaded for all views of a flush with one call, outside the state lock.
 *
 * <p>New views: a view first seen with its first event is new unless beacons of it that overtook the first were
 * stored and the view closed and left memory before the first came (a retry much later). Before such views are first
 * written, each flush asks the {@link EventSource} once which of them it holds, among the views started around their
 * times ({@link StoredViewCheck} has the window); those it holds load their stored events with the other histories
 * and are recomputed from all their events, like any late event.
 *
 * <p>Cost: events are kept sorted per view with an append fast path; a flush feeds each dirty view only its new
 * events (a full recompute only after an out-of-order event), so one event costs O(1) amortized plus one view
 * computation per view per flush.
 */
public final class Sessionizer implements AutoCloseable {
    private final ViewSink sink;
    private final EventSource eventSource;
    private final Clock clock;
    private final long inactivityTimeoutMs;
    private final long closedViewRetentionMs;
    private final int maxViewsInMemory;

    private final Object stateLock = new Object();
    private final ReentrantLock flushLock = new ReentrantLock();

    // guarded by stateLock
    /** Views held in full, least recently active first (access order: accepting an event moves a view last). */
    private final Map<ViewKey, ViewSession> sessions = new LinkedHashMap<>(16, 0.75f, true);
    /**
     * Open views not held in full (released over the cap, or resumed after a restart): when each last received.
     * Not capped, on purpose: an entry leaves when its view times out or gets an event, so it holds at most the views
     * that received an event within one inactivity timeout (the concurrent audience, ~180 B each: 1M viewers ~180 MB).
     * Forgetting one early would leave its stored row open for good (never closed as dropped, so every number that
     * reads {@code closed} or {@code dropped} would be off): nothing else closes it, because finding the stale open
     * views again needs a store query by last event time that the store SPI does not offer (the stored open views are
     * read only all at once, at start, which would cost more memory than this map).
     */
    private final Map<ViewKey, Long> releasedOpenViews = new HashMap<>();
    /** Closed views forgotten over the cap: a late first event of one must not start the view anew. */
    private final ForgottenViews forgottenViews;
    private long viewsReleased;
    private List<ViewSession> dirtySessions = new ArrayList<>();
    private final ViewVersions versions;
    private long duplicatesDropped;
    private boolean closed;
    private long acceptedThroughPosition;
    private long storedThroughPosition;
    /**
     * Until this time a view first seen here is looked up in the store even when its first event here is the view's
     * first: after a restart or a takeover, an earlier owner may have stored later events of it (beacons overtake each
     * other) and closed it, so it is not among the resumed open views. A view held in memory is protected as long.
     */
    private long lookUpNewViewsUntilMs = Long.MIN_VALUE;

    // guarded by flushLock
    private Batch unwritten;
    private volatile long writtenThroughPosition;

    public Sessionizer(ViewSink sink, EventSource eventSource, Clock clock) {
        this(sink, eventSource, clock, SessionizerSettings.DEFAULTS);
    }

    public Sessionizer(ViewSink sink, EventSource eventSource, Clock clock, SessionizerSettings settings) {
        this(sink, eventSource, clock, settings, ViewVersions.fromClock());
    }

    /** @param versions where view versions come from (a Kafka worker's are fenced by its ownership, not its clock) */
    public Sessionizer(ViewSink sink, EventSource eventSource, Clock clock, SessionizerSettings settings,
            ViewVersions versions) {
        this.versions = requireNonNull(versions, "versions is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.eventSource = requireNonNull(eventSource, "eventSource is null");
        this.clock = requireNonNull(clock, "clock is null");
        requireNonNull(settings, "settings is null");
        this.inactivityTimeoutMs = settings.inactivityTimeout().toMillis();
        this.closedViewRetentionMs = settings.closedViewRetention().toMillis();
        this.maxViewsInMemory = settings.maxViewsInMemory();
        this.forgottenViews = new ForgottenViews(closedViewRetentionMs);
    }

    /** Adds validated events of any views, in any order; a repeated (project, view, sequence number) is dropped. */
    public void accept(List<PlayerEvent> events) {
        synchronized (stateLock) {
            accept(events, acceptedThroughPosition);
        }
    }

    /**
     * Adds events published at {@code position} on a bus (positions increase); a repeated (project, view, sequence
     * number) is dropped.
     */
    public void accept(List<PlayerEvent> events, long position) {
        synchronized (stateLock) {
            if (closed) {
                throw new IllegalStateException("the sessionizer is closed");
            }
            if (position < acceptedThroughPosition) {
                throw new IllegalArgumentException("position " + position + " is before " + acceptedThroughPosition);
            }
            acceptedThroughPosition = position;
            ViewSession session = null;
            for (PlayerEvent event : events) {
                // beacons carry runs of one view's events: skip the map lookup for those
                if (session == null || !session.isFor(event)) {
                    session = sessions.computeIfAbsent(new ViewKey(event.projectId(), event.viewId()), this::sessionFor);
                }
                if (session.accept(event)) {
                    markDirty(session);
                } else {
                    duplicatesDropped++;
                }
            }
        }
    }

    /**
     * Closes views silent for the inactivity timeout, forgets closed views past their retention, recomputes every view
     * that changed and writes them with the new events to the sink. Call it every ~500 ms.
     */
    public void flush() {
        flush(true);
    }

    /** Writes everything pending without closing or forgetting any view (for shutdown). */
    public void flushAll() {
        flush(false);
    }

    /** Stops accepting events and writes everything pending; open views stay open. */
    @Override
    public void close() {
        synchronized (stateLock) {
            closed = true;
        }
        flushAll();
    }

    /**
     * Registers views that were open when the process last stopped (as stored), so they time out and get recomputed
     * like any other; their events are loaded from the {@link EventSource} when needed. Views already in memory or
     * closed are ignored.
     */
    public void resumeOpenViews(Collection<View> openViews) {
        synchronized (stateLock) {
            for (View view : openViews) {
                ViewKey key = new ViewKey(view.projectId(), view.viewId());
                if (!view.closed() && !sessions.containsKey(key)) {
                    releasedOpenViews.putIfAbsent(key, view.lastEventAtMs());
                }
            }
        }
    }

    /**
     * Starts counting positions after {@code position}: everything up to it is already stored (a restart's replay
     * goes on from there). Call before accepting anything.
     */
    public void resumeAfterPosition(long position) {
        synchronized (stateLock) {
            acceptedThroughPosition = Math.max(acceptedThroughPosition, position);
            storedThroughPosition = Math.max(storedThroughPosition, position);
            if (position > 0) {
                lookUpNewViewsUntilMs = clock.millis() + closedViewRetentionMs;
            }
            writtenThroughPosition = storedThroughPosition;
        }
    }

    /** The bus position through which every accepted event is in the store (after the last successful write). */
    public long storedThroughPosition() {
        return writtenThroughPosition;
    }

    /** Views that are not closed, held in full or released. */
    public int liveViewCount() {
        synchronized (stateLock) {
            int open = releasedOpenViews.size();
            for (ViewSession session : sessions.values()) {
                if (!session.isClosed()) {
                    open++;
                }
            }
            return open;
        }
    }

    /** Views held in full in memory, open or closed (within retention): what {@code maxViewsInMemory} bounds. */
    public int viewsInMemory() {
        synchronized (stateLock) {
            return sessions.size();
        }
    }

    /** How many times a view was released early because more than {@code maxViewsInMemory} were held. */
    public long viewsReleasedOverCap() {
        synchronized (stateLock) {
            return viewsReleased;
        }
    }

    /** Events dropped because their (project, view, sequence number) was already accepted or stored. */
    public long duplicatesDropped() {
        synchronized (stateLock) {
            return duplicatesDropped;
        }
    }

    private void flush(boolean closeInactive) {
        flushLock.lock();
        try {
            writeUnwritten();
            List<ViewSession> needingHistory = new ArrayList<>();
            Map<ViewKey, ViewSession> takenForNew = new HashMap<>();
            List<StoredViewCheck.Candidate> candidates = new ArrayList<>();
            synchronized (stateLock) {
                if (closeInactive) {
                    expire(clock.millis());
                }
                for (ViewSession session : dirtySessions) {
                    if (session.needsHistory()) {
                        needingHistory.add(session);
                    } else if (session.isTakenForNew()) {
                        takenForNew.put(session.key(), session);
                        candidates.add(session.asStoredViewCandidate());
                    }
                }
            }
            RuntimeException loadFailure = null;
            Map<ViewKey, List<PlayerEvent>> histories = Map.of();
            // views taken for new that the store holds, or all of them when the store could not be asked
            Collection<ViewSession> storedNotNew = takenForNew.values();
            try {
                storedNotNew = storedAmong(takenForNew, candidates);
                needingHistory.addAll(storedNotNew);
                histories = loadHistories(needingHistory);
            } catch (RuntimeException e) {
                // those views stay dirty and are retried at the next flush; the others go on
                loadFailure = e;
            }
            Batch batch;
            synchronized (stateLock) {
                for (ViewSession session : storedNotNew) {
                    session.mayBeStored();
                }
                for (ViewSession session : needingHistory) {
                    List<PlayerEvent> stored = histories.get(session.key());
                    if (stored != null) {
                        duplicatesDropped += session.mergeHistory(stored);
                    }
                }
                batch = recomputeDirty(clock.millis());
            }
            write(batch);
            if (closeInactive) {
                synchronized (stateLock) {
                    releaseOverCap(clock.millis());
                }
            }
            if (loadFailure != null) {
                throw loadFailure;
            }
        } finally {
            flushLock.unlock();
        }
    }

    private List<ViewSession> storedAmong(Map<ViewKey, ViewSession> takenForNew,
            List<StoredViewCheck.Candidate> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<ViewSession> stored = new ArrayList<>();
        for (ViewKey key : StoredViewCheck.storedAmong(eventSource, candidates)) {
            ViewSession session = takenForNew.get(key);
            if (session != null) {
                stored.add(session);
            }
        }
        return stored;
    }

    private Map<ViewKey, List<PlayerEvent>> loadHistories(List<ViewSession> sessions) {
        if (sessions.isEmpty()) {
            return Map.of();
        }
        List<ViewKey> keys = new ArrayList<>(sessions.size());
        Map<ViewKey, List<PlayerEvent>> histories = new HashMap<>(sessions.size() * 2);
        for (ViewSession session : sessions) {
            keys.add(session.key());
            histories.put(session.key(), new ArrayList<>());
        }
        for (PlayerEvent event : eventSource.loadEvents(keys)) {
            List<PlayerEvent> history = histories.get(ViewKey.of(event));
            if (history != null) {
                history.add(event);
            }
        }
        return histories;
    }

    private void expire(long nowMs) {
        forgottenViews.rotate(nowMs);
        Iterator<ViewSession> iterator = sessions.values().iterator();
        while (iterator.hasNext()) {
            ViewSession session = iterator.next();
            if (!session.isClosed()) {
                if (!session.isTimedOut() && nowMs - session.lastReceivedAtMs() >= inactivityTimeoutMs) {
                    session.timeOut();
                    markDirty(session);
                }
            } else if (!session.isDirty() && nowMs >= session.retainUntilMs()) {
                iterator.remove();
            }
        }
        Iterator<Map.Entry<ViewKey, Long>> released = releasedOpenViews.entrySet().iterator();
        while (released.hasNext()) {
            Map.Entry<ViewKey, Long> entry = released.next();
            if (nowMs - entry.getValue() >= inactivityTimeoutMs) {
                released.remove();
                ViewSession session = ViewSession.released(entry.getKey(), entry.getValue());
                session.timeOut();
                sessions.put(entry.getKey(), session);
                markDirty(session);
            }
        }
    }

    private ViewSession sessionFor(ViewKey key) {
        Long lastReceivedAtMs = releasedOpenViews.remove(key);
        if (lastReceivedAtMs != null) {
            return ViewSession.released(key, lastReceivedAtMs);
        }
        boolean mayBeStored = forgottenViews.mightContain(key) || clock.millis() < lookUpNewViewsUntilMs;
        return mayBeStored ? ViewSession.released(key, Long.MIN_VALUE) : ViewSession.firstSeen(key);
    }

    /**
     * Releases the least recently active views beyond the cap whose state is in the store (not dirty: the flush that
     * wrote them succeeded): closed ones are forgotten, open ones keep only what times them out.
     */
    private void releaseOverCap(long nowMs) {
        int excess = sessions.size() - maxViewsInMemory;
        Iterator<ViewSession> iterator = sessions.values().iterator();
        while (excess > 0 && iterator.hasNext()) {
            ViewSession session = iterator.next();
            if (session.isDirty()) {
                continue;
            }
            iterator.remove();
            if (session.isClosed()) {
                forgottenViews.add(session.key(), nowMs);
            } else {
                releasedOpenViews.put(session.key(), session.lastReceivedAtMs());
            }
            viewsReleased++;
            excess--;
        }
    }

    private Batch recomputeDirty(long nowMs) {
        List<View> views = new ArrayList<>(dirtySessions.size());
        List<PlayerEvent> events = new ArrayList<>();
        List<ViewSession> stillDirty = new ArrayList<>();
        for (ViewSession session : dirtySessions) {
            if (session.needsHistory()) {
                // its history failed to load, or an event needing it arrived while the others were loading
                stillDirty.add(session);
                continue;
            }
            session.setDirty(false);
            if (session.reloadChangedNothing()) {
                continue;
            }
            View view = session.recompute(versions.next(nowMs));
            if (view == null) {
                sessions.remove(session.key());
                continue;
            }
            views.add(view);
            session.drainUnflushedTo(events);
            if (view.closed()) {
                session.releaseEvents(nowMs + closedViewRetentionMs);
            } else {
                session.releaseFlushedEvents();
            }
        }
        dirtySessions = stillDirty;
        // a view still waiting for its history holds accepted events that are not in this batch
        if (stillDirty.isEmpty()) {
            storedThroughPosition = acceptedThroughPosition;
        }
        return new Batch(views, events, storedThroughPosition);
    }

    private void markDirty(ViewSession session) {
        if (!session.isDirty()) {
            session.setDirty(true);
            dirtySessions.add(session);
        }
    }

    private void writeUnwritten() {
        if (unwritten != null) {
            sink.write(unwritten.views(), unwritten.events(), unwritten.storedThroughPosition());
            writtenThroughPosition = unwritten.storedThroughPosition();
            unwritten = null;
        }
    }

    private void write(Batch batch) {
        if (batch.views().isEmpty() && batch.events().isEmpty()
                && batch.storedThroughPosition() == writtenThroughPosition) {
            return;
        }
        try {
            sink.write(batch.views(), batch.events(), batch.storedThroughPosition());
            writtenThroughPosition = batch.storedThroughPosition();
        } catch (RuntimeException e) {
            unwritten = batch;
            throw e;
        }
    }

    private record Batch(List<View> views, List<PlayerEvent> events, long storedThroughPosition) {
    }
}
