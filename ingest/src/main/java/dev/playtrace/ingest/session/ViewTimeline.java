package dev.playtrace.ingest.session;

import dev.playtrace.ingest.enrich.Enrichment;
import dev.playtrace.model.BeaconFields;
import dev.playtrace.model.FatalError;
import dev.playtrace.model.PlayerEvent;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

/**
 * Reads one view's events in sequence order into the facts its primitives are computed from: the key times, the raw
 * intervals of stalls, seeks and paused/ended time, counters, the merged fields and the quality track.
 *
 * <p>Feeding is incremental: events appended later (higher sequence numbers) continue from the current state, so a
 * live view costs O(new events) per recompute. Reading the facts never changes the timeline; intervals still open
 * are closed by the reader ({@link PlaybackTimes}).
 *
 * <p>State changes use a monotonic cursor: an event whose corrected time is earlier than an earlier-sequenced event
 * (per-beacon clock correction jitter) is taken to happen at the cursor, so no interval runs backwards. mux-embed's
 * {@code rebufferstart}/{@code rebufferend} are the exception: they are sent late on purpose, carrying the time the
 * stall really began or ended, so their own times are kept and they move neither the cursor nor the state.
 */
final class ViewTimeline {
    /** Seeks whose gap (previous seek's end to the next {@code seeking}) is at most this are one seek (§3a.3). */
    static final long SEEK_MERGE_WINDOW_MS = 2_000;

    private static final long NONE = Long.MIN_VALUE;

    /** What the player is doing, as far as watch time and stalls are concerned. */
    private enum Phase {
        /** No play request yet. */
        IDLE,
        /** Asked to play, no first frame yet. */
        STARTING,
        /** Intends to play after the first frame (frames advance unless stalled or seeking). */
        PLAYING,
        /** Paused (before or after the first frame). */
        PAUSED,
        /** Reached the end; not watching until a new play. */
        ENDED,
        /** Stopped by the first fatal error; later events change nothing. */
        FAILED
    }

    private final Map<String, Object> fields = new CompactFields();
    private final QualityTrack quality = new QualityTrack();
    private final IntervalList stalls = new IntervalList();
    private final IntervalList seeks = new IntervalList();
    private final IntervalList notWatching = new IntervalList();
    private long[] seekStartsMs = new long[2];
    private int seekStartCount;

    private int eventCount;
    private long lastSequenceNumber = Long.MIN_VALUE;
    private long firstEventAtMs;
    private long lastEventAtMs = Long.MIN_VALUE;
    private long clockOffsetMs = Long.MAX_VALUE;
    private long cursorMs = Long.MIN_VALUE;

    private Phase phase = Phase.IDLE;
    private Long viewStartedAtMs;
    private Long viewEndedAtMs;
    private Long playRequestedAtMs;
    private Long firstFrameAtMs;
    private FatalError fatalError;
    private boolean playingAfterFatalError;
    private boolean endedSeen;
    private int fatalErrorCount;
    private int warningCount;
    private int renditionChangeCount;

    private long stallStartMs = NONE;
    private long rebufferSignalStartMs = NONE;
    private long seekStartMs = NONE;
    private long seekedAtMs = NONE;
    private long lastSeekEndMs = NONE;
    private long notWatchingSinceMs = NONE;

    /** Feeds the next event; its sequence number must be higher than every event fed before. */
    void add(PlayerEvent event) {
        if (event.sequenceNumber() <= lastSequenceNumber) {
            throw new IllegalArgumentException("events must be fed in increasing sequence order: "
                    + event.sequenceNumber() + " after " + lastSequenceNumber);
        }
        lastSequenceNumber = event.sequenceNumber();
        // metrics.md §1: every time here is on the device clock; the view is placed in server time by one offset, the
        // smallest of its beacons' (received - sent), so network delay never shows up in a duration
        long eventTimeMs = event.viewerTimeMs();
        clockOffsetMs = Math.min(clockOffsetMs, event.eventTimeMs() - event.viewerTimeMs());
        if (eventCount == 0) {
            firstEventAtMs = eventTimeMs;
        }
        eventCount++;
        lastEventAtMs = Math.max(lastEventAtMs, eventTimeMs);
        double bitrateBeforeBps = FieldValues.number(fields.get(BeaconFields.VIDEO_SOURCE_BITRATE));
        mergeFields(event.fields());
        long atMs = Math.max(cursorMs, eventTimeMs);
        if (QualityTrack.touchesQuality(event.fields())) {
            quality.update(atMs, fields);
        }

        switch (event.name()) {
            case REBUFFERSTART -> onRebufferStart(eventTimeMs);
            case REBUFFEREND -> onRebufferEnd(eventTimeMs);
            default -> {
                cursorMs = atMs;
                onStateEvent(event, atMs, bitrateBeforeBps);
            }
        }
    }

    private void onStateEvent(PlayerEvent event, long atMs, double bitrateBeforeBps) {
        switch (event.name()) {
            case VIEWSTART -> {
                if (viewStartedAtMs == null) {
                    viewStartedAtMs = atMs;
                }
            }
            case VIEWEND -> {
                if (viewEndedAtMs == null) {
                    viewEndedAtMs = atMs;
                }
            }
            case PLAY -> onPlay(atMs);
            case PLAYING -> onPlaying(atMs);
            case PAUSE -> onPause(atMs);
            case ENDED -> onEnded(atMs);
            case SEEKING -> onSeeking(atMs);
            case SEEKED -> onSeeked(atMs);
            case WAITING -> onWaiting(atMs);
            case ERROR -> onError(event, atMs);
            case RENDITIONCHANGE -> onRenditionChange(bitrateBeforeBps);
            default -> {
                // heartbeats, time updates, ads, requests, ...: they extend the view but change no playback state
            }
        }
    }

    private void onPlay(long atMs) {
        switch (phase) {
            case IDLE -> {
                playRequestedAtMs = atMs;
                phase = Phase.STARTING;
            }
            case PAUSED, ENDED -> {
                endNotWatching(atMs);
                if (firstFrameAtMs == null) {
                    phase = Phase.STARTING;
                } else {
                    phase = Phase.PLAYING;
                    // a resume is a stall until frames advance again (§3a.2)
                    startStall(atMs);
                }
            }
            case FAILED -> {
                // a play request on a failed player is still an attempt (a VSF), but nothing plays
                if (playRequestedAtMs == null) {
                    playRequestedAtMs = atMs;
                }
            }
            case STARTING, PLAYING -> {
                // already asked to play
            }
        }
    }

    private void onPlaying(long atMs) {
        switch (phase) {
            case IDLE -> {
                playRequestedAtMs = viewStartedAtMs == null ? atMs : Math.min(viewStartedAtMs, atMs);
                firstFrame(atMs);
            }
            case STARTING -> firstFrame(atMs);
            case PAUSED, ENDED -> {
                // frames advance without a play event: the player resumed on its own
                endNotWatching(atMs);
                if (firstFrameAtMs == null) {
                    firstFrame(atMs);
                } else {
                    phase = Phase.PLAYING;
                    endStall(atMs);
                    endSeek(atMs);
                }
            }
            case PLAYING -> {
                endStall(atMs);
                endSeek(atMs);
            }
            case FAILED -> playingAfterFatalError = true;
        }
    }

    private void firstFrame(long atMs) {
        firstFrameAtMs = atMs;
        phase = Phase.PLAYING;
        // seeking or stalling before the first frame is startup, not seek buffering or rebuffering
        seekStartMs = NONE;
        seekedAtMs = NONE;
        stallStartMs = NONE;
    }

    private void onPause(long atMs) {
        switch (phase) {
            case STARTING -> {
                startNotWatching(atMs);
                phase = Phase.PAUSED;
            }
            case PLAYING -> {
                endStall(atMs);
                endRebufferSignal(atMs);
                if (seekedAtMs != NONE) {
                    // the seek reached its position and then the viewer paused: the seek is over
                    endSeek(atMs);
                }
                startNotWatching(atMs);
                phase = Phase.PAUSED;
            }
            case IDLE, PAUSED, ENDED, FAILED -> {
                // nothing was playing
            }
        }
    }

    private void onEnded(long atMs) {
        endedSeen = true;
        switch (phase) {
            case STARTING, PLAYING, PAUSED -> {
                endStall(atMs);
                endRebufferSignal(atMs);
                endSeek(atMs);
                startNotWatching(atMs);
                phase = Phase.ENDED;
            }
            case IDLE, ENDED, FAILED -> {
                // nothing was playing
            }
        }
    }

    private void onSeeking(long atMs) {
        if (firstFrameAtMs == null || phase == Phase.FAILED) {
            return;
        }
        endStall(atMs);
        endRebufferSignal(atMs);
        seekedAtMs = NONE;
        if (seekStartMs != NONE) {
            return;
        }
        seekStartMs = atMs;
        if (lastSeekEndMs == NONE || atMs - lastSeekEndMs > SEEK_MERGE_WINDOW_MS) {
            if (seekStartCount == seekStartsMs.length) {
                seekStartsMs = Arrays.copyOf(seekStartsMs, seekStartCount * 2);
            }
            seekStartsMs[seekStartCount++] = atMs;
        }
    }

    private void onSeeked(long atMs) {
        if (seekStartMs == NONE) {
            return;
        }
        if (phase == Phase.PAUSED || phase == Phase.ENDED) {
            endSeek(atMs);
        } else {
            seekedAtMs = atMs;
        }
    }

    private void onWaiting(long atMs) {
        if (phase == Phase.PLAYING && seekStartMs == NONE) {
            startStall(atMs);
        }
    }

    private void onRebufferStart(long eventTimeMs) {
        if (rebufferSignalStartMs == NONE) {
            rebufferSignalStartMs = eventTimeMs;
        }
    }

    private void onRebufferEnd(long eventTimeMs) {
        if (rebufferSignalStartMs != NONE) {
            stalls.add(rebufferSignalStartMs, eventTimeMs);
            rebufferSignalStartMs = NONE;
        }
    }

    /**
     * Severity and business exception are read from the error event itself (absent severity = fatal): mux-embed sends
     * error metadata in full with every error (it stopped de-duplicating it in 5.2.0), so a warning's severity must
     * not carry over to a later error. Code and message fall back to the merged fields for SDKs that still omit
     * unchanged values.
     */
    private void onError(PlayerEvent event, long atMs) {
        Map<String, Object> errorFields = event.fields();
        if ("warning".equalsIgnoreCase(FieldValues.text(errorFields.get(BeaconFields.PLAYER_ERROR_SEVERITY)))) {
            warningCount++;
            return;
        }
        if (fatalError != null && !playingAfterFatalError && fatalError.code() == null
                && errorFields.get(BeaconFields.PLAYER_ERROR_CODE) != null) {
            // a failed player naming the failure it reported without a code (CMCD reporters send the fatal state
            // sta=f, then the error event with its code) reports one failure, not two; other repeats count
            fatalError = new FatalError(FieldValues.text(errorFields.get(BeaconFields.PLAYER_ERROR_CODE)),
                    FieldValues.text(errorFields.get(BeaconFields.PLAYER_ERROR_MESSAGE)), fatalError.businessException(),
                    fatalError.beforeFirstFrame(), fatalError.atMs());
            return;
        }
        fatalErrorCount++;
        if (fatalError != null) {
            return;
        }
        fatalError = new FatalError(
                FieldValues.text(fields.get(BeaconFields.PLAYER_ERROR_CODE)),
                FieldValues.text(fields.get(BeaconFields.PLAYER_ERROR_MESSAGE)),
                FieldValues.isTrue(errorFields.get(BeaconFields.PLAYER_ERROR_BUSINESS_EXCEPTION)),
                firstFrameAtMs == null,
                atMs);
        phase = Phase.FAILED;
    }

    /** Counts a switch only when a known bitrate changed to another during playback (the first one is no switch). */
    private void onRenditionChange(double bitrateBeforeBps) {
        if (firstFrameAtMs == null || phase == Phase.FAILED) {
            return;
        }
        double bitrateBps = FieldValues.number(fields.get(BeaconFields.VIDEO_SOURCE_BITRATE));
        if (!Double.isNaN(bitrateBps) && !Double.isNaN(bitrateBeforeBps) && bitrateBps != bitrateBeforeBps) {
            renditionChangeCount++;
        }
    }

    private void startStall(long atMs) {
        if (stallStartMs == NONE) {
            stallStartMs = atMs;
        }
    }

    private void endStall(long atMs) {
        if (stallStartMs != NONE) {
            stalls.add(stallStartMs, atMs);
            stallStartMs = NONE;
        }
    }

    // mux-embed normally closes its rebuffer signal itself; this bounds a signal it never closed
    private void endRebufferSignal(long atMs) {
        onRebufferEnd(atMs);
    }

    private void endSeek(long atMs) {
        if (seekStartMs != NONE) {
            seeks.add(seekStartMs, atMs);
            seekStartMs = NONE;
            seekedAtMs = NONE;
            lastSeekEndMs = atMs;
        }
    }

    private void startNotWatching(long atMs) {
        if (notWatchingSinceMs == NONE) {
            notWatchingSinceMs = atMs;
        }
    }

    private void endNotWatching(long atMs) {
        if (notWatchingSinceMs != NONE) {
            notWatching.add(notWatchingSinceMs, atMs);
            notWatchingSinceMs = NONE;
        }
    }

    // ---- reading the facts ----

    int eventCount() {
        return eventCount;
    }

    long lastSequenceNumber() {
        return lastSequenceNumber;
    }

    /**
     * The view's clock offset: server time = device time + this. The smallest offset among its beacons so far (the
     * least-delayed beacon is the best estimate of the skew); 0 before any event.
     */
    long clockOffsetMs() {
        return eventCount == 0 ? 0 : clockOffsetMs;
    }

    long firstEventAtMs() {
        return firstEventAtMs;
    }

    long lastEventAtMs() {
        return lastEventAtMs;
    }

    Long viewEndedAtMs() {
        return viewEndedAtMs;
    }

    Long playRequestedAtMs() {
        return playRequestedAtMs;
    }

    Long firstFrameAtMs() {
        return firstFrameAtMs;
    }

    FatalError fatalError() {
        return fatalError;
    }

    /** True when frames advanced again after the first fatal error (so playback did not stop there). */
    boolean playingAfterFatalError() {
        return playingAfterFatalError;
    }

    boolean endedSeen() {
        return endedSeen;
    }

    int fatalErrorCount() {
        return fatalErrorCount;
    }

    int warningCount() {
        return warningCount;
    }

    int renditionChangeCount() {
        return renditionChangeCount;
    }

    private void mergeFields(Map<String, Object> eventFields) {
        for (Map.Entry<String, Object> field : eventFields.entrySet()) {
            if (Enrichment.VIEW_CONSTANT_FIELDS.contains(field.getKey())) {
                fields.putIfAbsent(field.getKey(), field.getValue());
            } else {
                fields.put(field.getKey(), field.getValue());
            }
        }
    }

    Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    QualityTrack quality() {
        return quality;
    }

    /** Stall signals (waiting, resume play, rebufferstart) with any still open closed at {@code untilMs}. */
    IntervalSet stallsUntil(long untilMs) {
        IntervalSet closed = stalls.toSet();
        if (stallStartMs != NONE) {
            closed = closed.union(IntervalSet.of(stallStartMs, untilMs));
        }
        if (rebufferSignalStartMs != NONE) {
            closed = closed.union(IntervalSet.of(rebufferSignalStartMs, untilMs));
        }
        return closed;
    }

    /** Seek buffering intervals after the first frame, a seek still open closed at {@code untilMs}. */
    IntervalSet seeksUntil(long untilMs) {
        IntervalSet closed = seeks.toSet();
        return seekStartMs == NONE ? closed : closed.union(IntervalSet.of(seekStartMs, untilMs));
    }

    /** Paused or ended time, the current one closed at {@code untilMs}. */
    IntervalSet notWatchingUntil(long untilMs) {
        IntervalSet closed = notWatching.toSet();
        return notWatchingSinceMs == NONE ? closed : closed.union(IntervalSet.of(notWatchingSinceMs, untilMs));
    }

    /** How many seeks (after merging those within {@link #SEEK_MERGE_WINDOW_MS}) started before {@code untilMs}. */
    int seekCountBefore(long untilMs) {
        int count = 0;
        for (int i = 0; i < seekStartCount; i++) {
            if (seekStartsMs[i] < untilMs) {
                count++;
            }
        }
        return count;
    }
}
