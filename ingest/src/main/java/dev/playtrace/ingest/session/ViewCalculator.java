package dev.playtrace.ingest.session;

import dev.playtrace.model.BeaconFields;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.FatalError;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewOutcome;
import dev.playtrace.model.ViewScores;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Computes a {@link View}, with every per-view primitive and score of metrics.md §2, §3a and §4, from one view's
 * events; a pure function of its input.
 *
 * <p>Readings of metrics.md chosen here (where it leaves room):
 * <ul>
 * <li>View end: a stall reaching 300 s closes the view there even if a {@code viewend} came later; otherwise the
 *     {@code viewend} time; otherwise the first fatal error when no {@code playing} followed it; otherwise the last
 *     event's time. Watch time and play duration always stop at the first fatal error, even when the view ends later.
 * <li>A view closed by a 300 s stall is flagged {@code dropped} (closed by the server, not by a viewend before it),
 *     so it does not count as an ended play.
 * <li>A fatal error with no play request before it leaves the view with no play request (not an attempt); a
 *     {@code play} after it makes it a VSF (with no watch time, ending at its last event). A {@code playing} after
 *     the first fatal error is not a first frame; it only means playback did not stop there (for the view end).
 * <li>Paused time before the first frame is left out of watch time (but is part of {@code startup_time_ms}).
 * <li>Seek buffering wins over paused time: a seek made while paused counts from {@code seeking} to {@code seeked}
 *     as seek buffering (watch time and play duration), so {@code play_duration} stays the time after the first frame
 *     not paused. A seek while ended is treated like one while paused. A seek that reached its position
 *     ({@code seeked}) while playing and was followed by {@code pause} before any {@code playing} ends at the pause.
 * <li>"Seeks within 2 s of each other are one seek": a {@code seeking} at most 2 s after the previous seek ended
 *     joins it; only the count merges, the time between the two seeks keeps its own state.
 * <li>A {@code play} after {@code ended} restarts like a resume: it is a stall until {@code playing}.
 * <li>Severity and business exception are read from each {@code error} event itself, severity "warning" being the
 *     only non-fatal one (absent = fatal); code and message fall back to the merged fields when the event omits them.
 * <li>{@code rendition_change_count} counts {@code renditionchange} events after the first frame that changed a
 *     known bitrate to another known bitrate (the first bitrate learned is not a switch).
 * <li>Bitrate and upscaling average over the playing time whose value is known.
 * <li>"Within 1 s" (EBVS without a playback success score) and "within 2 s" (seek merge) include the bound.
 * </ul>
 */
public final class ViewCalculator {
    private static final List<Dimension> FIELD_DIMENSIONS = Arrays.stream(Dimension.values())
            .filter(dimension -> dimension.beaconField() != null && !dimension.isOutcomeFlag())
            .toList();

    private ViewCalculator() {
    }

    /**
     * @param events one view's events, deduplicated and sorted by sequence number (not empty)
     * @param closure whether the server timed the view out
     * @param version the version to give the computed view
     */
    public static View calculate(List<PlayerEvent> events, ViewClosure closure, long version) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a view needs at least one event");
        }
        PlayerEvent first = events.getFirst();
        ViewTimeline timeline = new ViewTimeline();
        for (PlayerEvent event : events) {
            if (!event.viewId().equals(first.viewId()) || !event.projectId().equals(first.projectId())) {
                throw new IllegalArgumentException("events of more than one view: " + first.viewId() + ", " + event.viewId());
            }
            timeline.add(event);
        }
        return calculate(first.projectId(), first.viewId(), timeline, closure, version);
    }

    /** Computes the view from an already fed timeline, which is left unchanged. */
    static View calculate(String projectId, String viewId, ViewTimeline timeline, ViewClosure closure, long version) {
        requireNonNull(closure, "closure is null");
        Long viewEndedAtMs = timeline.viewEndedAtMs();
        FatalError fatalError = timeline.fatalError();
        long horizonMs = viewEndedAtMs != null ? viewEndedAtMs : timeline.lastEventAtMs();
        long stopMs = fatalError == null ? horizonMs : Math.min(horizonMs, fatalError.atMs());
        PlaybackTimes times = PlaybackTimes.measure(timeline, stopMs);

        Long stallClosedAtMs = times.stallClosedAtMs();
        boolean timedOut = closure == ViewClosure.TIMED_OUT;
        boolean closed = viewEndedAtMs != null || timedOut || stallClosedAtMs != null;
        boolean dropped = stallClosedAtMs != null
                ? viewEndedAtMs == null || viewEndedAtMs > stallClosedAtMs
                : timedOut && viewEndedAtMs == null;
        long viewEndMs = viewEndMs(timeline, stallClosedAtMs);

        Long playRequestedAtMs = timeline.playRequestedAtMs();
        Long firstFrameAtMs = timeline.firstFrameAtMs();
        QualityTrack.Summary quality = times.playingTimeMs() == 0
                ? QualityTrack.Summary.NONE
                : timeline.quality().summarize(times.playing());
        Map<String, Object> fields = timeline.fields();
        // everything above is on the device clock; only the placement of the whole view moves to server time
        long offsetMs = timeline.clockOffsetMs();

        View unscored = new View(
                projectId,
                viewId,
                version,
                viewerId(fields),
                dimensions(fields),
                timeline.firstEventAtMs() + offsetMs,
                viewEndMs + offsetMs,
                timeline.lastEventAtMs() + offsetMs,
                shifted(playRequestedAtMs, offsetMs),
                shifted(firstFrameAtMs, offsetMs),
                firstFrameAtMs == null ? null : firstFrameAtMs - playRequestedAtMs,
                times.playingTimeMs(),
                times.rebufferCount(),
                times.rebufferDurationMs(),
                times.seekCount(),
                times.seekBufferDurationMs(),
                times.watchTimeMs(),
                times.playDurationMs(),
                quality.avgBitrateBps(),
                timeline.renditionChangeCount(),
                percent(quality.avgUpscale()),
                percent(quality.maxUpscale()),
                fatalError == null ? null : new FatalError(fatalError.code(), fatalError.message(),
                        fatalError.businessException(), fatalError.beforeFirstFrame(), fatalError.atMs() + offsetMs),
                timeline.fatalErrorCount(),
                timeline.warningCount(),
                timeline.endedSeen(),
                dropped,
                closed,
                outcome(timeline, closed),
                ViewScores.NONE,
                timeline.eventCount());
        return withScores(unscored, ViewScorer.score(unscored));
    }

    private static Long shifted(Long deviceTimeMs, long offsetMs) {
        return deviceTimeMs == null ? null : deviceTimeMs + offsetMs;
    }

    private static long viewEndMs(ViewTimeline timeline, Long stallClosedAtMs) {
        if (stallClosedAtMs != null) {
            return stallClosedAtMs;
        }
        // a fatal error ends playback (metrics.md §3a.4): the view ends there even when viewend comes later,
        // so a failed view stops counting as a concurrent viewer at the error
        FatalError fatalError = timeline.fatalError();
        Long playRequestedAtMs = timeline.playRequestedAtMs();
        boolean playbackStoppedThere = fatalError != null && !timeline.playingAfterFatalError()
                && (playRequestedAtMs == null || fatalError.atMs() >= playRequestedAtMs)
                && (timeline.viewEndedAtMs() == null || fatalError.atMs() <= timeline.viewEndedAtMs());
        if (playbackStoppedThere) {
            return fatalError.atMs();
        }
        if (timeline.viewEndedAtMs() != null) {
            return timeline.viewEndedAtMs();
        }
        return timeline.lastEventAtMs();
    }

    private static ViewOutcome outcome(ViewTimeline timeline, boolean closed) {
        if (timeline.playRequestedAtMs() == null) {
            return ViewOutcome.NO_PLAY_REQUEST;
        }
        if (timeline.firstFrameAtMs() != null) {
            return ViewOutcome.STARTED;
        }
        if (timeline.fatalError() != null) {
            return ViewOutcome.VIDEO_STARTUP_FAILURE;
        }
        return closed ? ViewOutcome.EXIT_BEFORE_VIDEO_START : ViewOutcome.STARTING;
    }

    private static String viewerId(Map<String, Object> fields) {
        String userId = FieldValues.text(fields.get(BeaconFields.VIEWER_USER_ID));
        return userId != null ? userId : FieldValues.text(fields.get(BeaconFields.MUX_VIEWER_ID));
    }

    private static Map<Dimension, String> dimensions(Map<String, Object> fields) {
        Map<Dimension, String> dimensions = new EnumMap<>(Dimension.class);
        for (Dimension dimension : FIELD_DIMENSIONS) {
            String value = FieldValues.text(fields.get(dimension.beaconField()));
            if (value != null) {
                dimensions.put(dimension, value);
            }
        }
        return dimensions;
    }

    private static Double percent(Double fraction) {
        return fraction == null ? null : fraction * 100;
    }

    private static View withScores(View view, ViewScores scores) {
        return new View(view.projectId(), view.viewId(), view.version(), view.viewerId(), view.dimensions(),
                view.viewStartMs(), view.viewEndMs(), view.lastEventAtMs(), view.playRequestedAtMs(),
                view.firstFrameAtMs(), view.startupTimeMs(), view.playingTimeMs(), view.rebufferCount(),
                view.rebufferDurationMs(), view.seekCount(), view.seekBufferDurationMs(), view.watchTimeMs(),
                view.playDurationMs(), view.avgBitrateBps(), view.renditionChangeCount(), view.upscalePct(),
                view.maxUpscalePct(), view.fatalError(), view.errorCount(), view.warningCount(), view.ended(),
                view.dropped(), view.closed(), view.outcome(), scores, view.eventCount());
    }
}
