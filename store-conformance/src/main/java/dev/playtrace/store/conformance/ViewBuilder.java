package dev.playtrace.store.conformance;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.FatalError;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewOutcome;
import dev.playtrace.model.ViewScores;

import java.util.EnumMap;
import java.util.Map;

/**
 * Builds consistent {@link View} records for store and query tests. By default a view belongs to project "p1", has
 * a play request at the given time and is closed by viewend; {@code playDurationMs} is playing + rebuffering + seek
 * buffering, and watch time defaults to startup + play duration.
 */
public final class ViewBuilder {
    private String projectId = "p1";
    private final String viewId;
    private long version = 1;
    private String viewerId;
    private final Map<Dimension, String> dimensions = new EnumMap<>(Dimension.class);
    private Long playRequestedAtMs;
    private Long startupTimeMs;
    private ViewOutcome outcome = ViewOutcome.EXIT_BEFORE_VIDEO_START;
    private long playingTimeMs;
    private int rebufferCount;
    private long rebufferDurationMs;
    private int seekCount;
    private long seekBufferDurationMs;
    private Long watchTimeMs;
    private Long viewEndMs;
    private Double avgBitrateBps;
    private int renditionChangeCount;
    private Double upscalePct;
    private Double maxUpscalePct;
    private FatalError fatalError;
    private Integer errorCount;
    private int warningCount;
    private boolean ended;
    private boolean dropped;
    private boolean closed = true;
    private ViewScores scores = ViewScores.NONE;
    private int eventCount = 5;

    private ViewBuilder(String viewId, Long playRequestedAtMs) {
        this.viewId = viewId;
        this.viewerId = "viewer-" + viewId;
        this.playRequestedAtMs = playRequestedAtMs;
    }

    /** A view with a play request at the time; an exit before video start until told otherwise. */
    public static ViewBuilder view(String viewId, long playRequestedAtMs) {
        return new ViewBuilder(viewId, playRequestedAtMs);
    }

    /** A view with player events only (no play request): not an attempt. */
    public static ViewBuilder withoutPlayRequest(String viewId, long viewStartMs) {
        ViewBuilder builder = new ViewBuilder(viewId, null);
        builder.outcome = ViewOutcome.NO_PLAY_REQUEST;
        builder.viewEndMs = viewStartMs;
        return builder;
    }

    public ViewBuilder project(String newProjectId) {
        projectId = newProjectId;
        return this;
    }

    public ViewBuilder version(long newVersion) {
        version = newVersion;
        return this;
    }

    public ViewBuilder viewer(String newViewerId) {
        viewerId = newViewerId;
        return this;
    }

    public ViewBuilder dimension(Dimension dimension, String value) {
        dimensions.put(dimension, value);
        return this;
    }

    public ViewBuilder country(String value) {
        return dimension(Dimension.COUNTRY, value);
    }

    public ViewBuilder browser(String value) {
        return dimension(Dimension.BROWSER, value);
    }

    public ViewBuilder deviceCategory(String value) {
        return dimension(Dimension.DEVICE_CATEGORY, value);
    }

    /** The first frame came {@code startupMs} after the play request. */
    public ViewBuilder started(long startupMs) {
        outcome = ViewOutcome.STARTED;
        startupTimeMs = startupMs;
        return this;
    }

    /** An open view still waiting for its first frame. */
    public ViewBuilder stillStarting() {
        outcome = ViewOutcome.STARTING;
        closed = false;
        return this;
    }

    /** A fatal error {@code afterMs} after the play request, before the first frame (VSF). */
    public ViewBuilder startupFailure(String code, boolean businessException, long afterMs) {
        outcome = ViewOutcome.VIDEO_STARTUP_FAILURE;
        fatalError = new FatalError(code, "message of " + code, businessException, true, playRequestedAtMs + afterMs);
        viewEndMs = playRequestedAtMs + afterMs;
        return this;
    }

    /** A fatal error after the first frame, {@code afterFirstFrameMs} into playback (the view must be started). */
    public ViewBuilder playbackFailure(String code, boolean businessException, long afterFirstFrameMs) {
        fatalError = new FatalError(code, "message of " + code, businessException, false,
                playRequestedAtMs + startupTimeMs + afterFirstFrameMs);
        return this;
    }

    public ViewBuilder fatalErrorMessage(String message) {
        fatalError = new FatalError(fatalError.code(), message, fatalError.businessException(),
                fatalError.beforeFirstFrame(), fatalError.atMs());
        return this;
    }

    public ViewBuilder playing(long ms) {
        playingTimeMs = ms;
        return this;
    }

    public ViewBuilder rebuffering(int count, long durationMs) {
        rebufferCount = count;
        rebufferDurationMs = durationMs;
        return this;
    }

    public ViewBuilder seekBuffering(int count, long durationMs) {
        seekCount = count;
        seekBufferDurationMs = durationMs;
        return this;
    }

    public ViewBuilder watchTime(long ms) {
        watchTimeMs = ms;
        return this;
    }

    public ViewBuilder viewEndAt(long ms) {
        viewEndMs = ms;
        return this;
    }

    public ViewBuilder bitrate(double bps) {
        avgBitrateBps = bps;
        return this;
    }

    public ViewBuilder upscale(double pct, double maxPct) {
        upscalePct = pct;
        maxUpscalePct = maxPct;
        return this;
    }

    public ViewBuilder renditionChanges(int count) {
        renditionChangeCount = count;
        return this;
    }

    public ViewBuilder errorCount(int count) {
        errorCount = count;
        return this;
    }

    public ViewBuilder warnings(int count) {
        warningCount = count;
        return this;
    }

    public ViewBuilder ended() {
        ended = true;
        return this;
    }

    /** Closed by the inactivity timeout rather than viewend. */
    public ViewBuilder dropped() {
        dropped = true;
        closed = true;
        return this;
    }

    /** Not closed yet: concurrency counts it as active until now. */
    public ViewBuilder open() {
        closed = false;
        return this;
    }

    public ViewBuilder scores(Double playbackSuccess, Double startupTime, Double smoothness, Double videoQuality,
                              Double viewerExperience) {
        scores = new ViewScores(playbackSuccess, startupTime, smoothness, videoQuality, viewerExperience);
        return this;
    }

    public ViewBuilder events(int count) {
        eventCount = count;
        return this;
    }

    public View build() {
        long playDurationMs = playingTimeMs + rebufferDurationMs + seekBufferDurationMs;
        Long firstFrameAtMs = outcome == ViewOutcome.STARTED ? playRequestedAtMs + startupTimeMs : null;
        long startMs = playRequestedAtMs != null ? playRequestedAtMs : viewEndMs;
        long watch = watchTimeMs != null ? watchTimeMs
                : (startupTimeMs == null ? 0 : startupTimeMs) + playDurationMs;
        long end = viewEndMs != null ? viewEndMs
                : firstFrameAtMs != null ? firstFrameAtMs + playDurationMs : startMs + watch;
        int errors = errorCount != null ? errorCount : (fatalError == null ? 0 : 1);
        return new View(projectId, viewId, version, viewerId, dimensions, startMs, end, end, playRequestedAtMs,
                firstFrameAtMs, outcome == ViewOutcome.STARTED ? startupTimeMs : null, playingTimeMs, rebufferCount,
                rebufferDurationMs, seekCount, seekBufferDurationMs, watch, playDurationMs, avgBitrateBps,
                renditionChangeCount, upscalePct, maxUpscalePct, fatalError, errors, warningCount, ended, dropped,
                closed, outcome, scores, eventCount);
    }
}
