package dev.playtrace.ingest.session;

/**
 * How a view's time splits between startup, playing, rebuffering, seek buffering and not watching, up to the moment
 * measurement stops (metrics.md §2 and §3a.2-4).
 *
 * <p>After the first frame each instant is exactly one of: seek buffering, not watching (paused or after
 * {@code ended}), rebuffering, or playing, in that priority. So {@code play_duration = playing + rebuffer + seek
 * buffer} holds exactly, and a stall shorter than 250 ms simply stays playing time.
 *
 * @param measuredUntilMs where measurement stopped: view end, first fatal error, or 300 s into a stall
 * @param stallClosedAtMs set when a stall reached 300 s and so closed the view there
 * @param playing the playing intervals (for weighting bitrate and upscaling)
 */
record PlaybackTimes(
        long measuredUntilMs,
        Long stallClosedAtMs,
        long playingTimeMs,
        int rebufferCount,
        long rebufferDurationMs,
        int seekCount,
        long seekBufferDurationMs,
        long watchTimeMs,
        IntervalSet playing) {

    static final long MIN_REBUFFER_MS = 250;
    static final long STALL_CLOSES_VIEW_MS = 300_000;

    long playDurationMs() {
        return playingTimeMs + rebufferDurationMs + seekBufferDurationMs;
    }

    /** Measures the timeline up to {@code stopMs} (the view end, or the first fatal error when earlier). */
    static PlaybackTimes measure(ViewTimeline timeline, long stopMs) {
        Long playRequestedAtMs = timeline.playRequestedAtMs();
        if (playRequestedAtMs == null) {
            return new PlaybackTimes(stopMs, null, 0, 0, 0, 0, 0, 0, IntervalSet.EMPTY);
        }
        IntervalSet notWatching = timeline.notWatchingUntil(stopMs);
        Long firstFrameAtMs = timeline.firstFrameAtMs();
        if (firstFrameAtMs == null) {
            long watchTimeMs = length(playRequestedAtMs, stopMs) - notWatching.clip(playRequestedAtMs, stopMs).totalMs();
            return new PlaybackTimes(stopMs, null, 0, 0, 0, 0, 0, watchTimeMs, IntervalSet.EMPTY);
        }

        IntervalSet seeks = timeline.seeksUntil(stopMs);
        IntervalSet stalls = timeline.stallsUntil(stopMs);
        Long stallClosedAtMs = firstStallReaching300s(firstFrameAtMs, stopMs, seeks, notWatching, stalls);
        long untilMs = stallClosedAtMs == null ? stopMs : stallClosedAtMs;

        IntervalSet seekBuffering = seeks.clip(firstFrameAtMs, untilMs);
        IntervalSet paused = notWatching.clip(firstFrameAtMs, untilMs).minus(seekBuffering);
        IntervalSet rebuffering = stalls.clip(firstFrameAtMs, untilMs).minus(seekBuffering).minus(paused)
                .withoutShorterThan(MIN_REBUFFER_MS);
        IntervalSet playing = IntervalSet.of(firstFrameAtMs, untilMs).minus(seekBuffering).minus(paused).minus(rebuffering);

        long startupNotWatchingMs = notWatching.clip(playRequestedAtMs, Math.min(firstFrameAtMs, untilMs)).totalMs();
        long startupMs = length(playRequestedAtMs, Math.min(firstFrameAtMs, untilMs)) - startupNotWatchingMs;
        long playingTimeMs = playing.totalMs();
        long rebufferDurationMs = rebuffering.totalMs();
        long seekBufferDurationMs = seekBuffering.totalMs();
        return new PlaybackTimes(
                untilMs,
                stallClosedAtMs,
                playingTimeMs,
                rebuffering.size(),
                rebufferDurationMs,
                timeline.seekCountBefore(untilMs),
                seekBufferDurationMs,
                startupMs + playingTimeMs + rebufferDurationMs + seekBufferDurationMs,
                playing);
    }

    private static Long firstStallReaching300s(
            long firstFrameAtMs, long stopMs, IntervalSet seeks, IntervalSet notWatching, IntervalSet stalls) {
        IntervalSet seekBuffering = seeks.clip(firstFrameAtMs, stopMs);
        IntervalSet stalled = stalls.clip(firstFrameAtMs, stopMs)
                .minus(seekBuffering)
                .minus(notWatching.clip(firstFrameAtMs, stopMs).minus(seekBuffering));
        for (int i = 0; i < stalled.size(); i++) {
            if (stalled.lengthMs(i) >= STALL_CLOSES_VIEW_MS) {
                return stalled.start(i) + STALL_CLOSES_VIEW_MS;
            }
        }
        return null;
    }

    private static long length(long fromMs, long toMs) {
        return Math.max(0, toMs - fromMs);
    }
}
