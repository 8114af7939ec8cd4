package dev.playtrace.query.catalog;

import dev.playtrace.query.Measurement;
import dev.playtrace.query.catalog.MetricExpression.ColumnSum;
import dev.playtrace.query.catalog.MetricExpression.Concurrency;
import dev.playtrace.query.catalog.MetricExpression.CountRatio;
import dev.playtrace.query.catalog.MetricExpression.DistinctCount;
import dev.playtrace.query.catalog.MetricExpression.PerViewAggregate;
import dev.playtrace.query.catalog.MetricExpression.SumRatio;
import dev.playtrace.query.catalog.MetricExpression.ViewCount;
import dev.playtrace.store.spi.ViewColumn;
import dev.playtrace.store.spi.ViewTable;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.playtrace.query.Measurement.AVG;
import static dev.playtrace.query.Measurement.COUNT;
import static dev.playtrace.query.Measurement.MAX;
import static dev.playtrace.query.Measurement.MEDIAN;
import static dev.playtrace.query.Measurement.P95;
import static dev.playtrace.query.Measurement.P99;
import static dev.playtrace.query.Measurement.SUM;

/** The declarations of every metric of metrics.md §3 (plus Mux-compatible extras), in catalogue order. */
final class StandardMetrics {
    private static final double PERCENT = 100.0;
    private static final double PER_MINUTE_FROM_MS = 60_000.0;
    private static final boolean HIGHER_IS_BETTER = true;
    private static final boolean LOWER_IS_BETTER = false;

    private static final Set<Measurement> COUNTS = EnumSet.of(COUNT, SUM);
    private static final Set<Measurement> RATIO = EnumSet.of(AVG);
    private static final Set<Measurement> SUMS = EnumSet.of(SUM);
    private static final Set<Measurement> DISTRIBUTION = EnumSet.of(MEDIAN, AVG, P95, P99);
    /** A per-view count or duration: its distribution, or its sum over the views (Σ, 0 over no views). */
    private static final Set<Measurement> DISTRIBUTION_AND_SUM = EnumSet.of(MEDIAN, AVG, P95, P99, SUM);
    private static final Set<Measurement> MEDIAN_AVG_P95_SUM = EnumSet.of(MEDIAN, AVG, P95, SUM);

    static final List<MetricDefinition> ALL = List.of(
            new MetricDefinition("views", "Views (play attempts)",
                    "count of views with a play request", "count", COUNT, COUNTS, HIGHER_IS_BETTER,
                    new ViewCount(ViewPredicate.ALL)),
            new MetricDefinition("plays", "Plays (started views)",
                    "count of views whose first frame was shown", "count", COUNT, COUNTS, HIGHER_IS_BETTER,
                    new ViewCount(ViewPredicate.where(ViewTable.IS_STARTED))),
            new MetricDefinition("unique_viewers", "Unique viewers",
                    "exact count of distinct viewer ids (viewer_user_id where set, else the SDK's anonymous id) "
                            + "among views with a play request",
                    "count", COUNT, EnumSet.of(COUNT), HIGHER_IS_BETTER,
                    new DistinctCount(ViewTable.VIEWER_ID)),
            new MetricDefinition("ended_plays", "Ended plays",
                    "started views without a fatal error that reached ended or were closed by viewend (not dropped)",
                    "count", COUNT, COUNTS, HIGHER_IS_BETTER,
                    new ViewCount(ViewPredicate.where(ViewTable.IS_ENDED_PLAY))),
            countPercentage("exits_before_video_start", "Exits before video start",
                    "EBVS / views × 100 (no first frame and no fatal error)",
                    ViewTable.IS_EXIT_BEFORE_VIDEO_START, ViewPredicate.ALL),
            countPercentage("video_startup_failure_percentage", "Video startup failure percentage",
                    "VSF / views × 100 (fatal error before the first frame, business exceptions included)",
                    ViewTable.IS_VIDEO_STARTUP_FAILURE, ViewPredicate.ALL),
            countPercentage("playback_failure_percentage", "Playback failure percentage",
                    "views with a fatal error that is not a business exception / views × 100",
                    ViewTable.IS_PLAYBACK_FAILURE, ViewPredicate.ALL),
            countPercentage("video_playback_failure_percentage", "Video playback failure percentage",
                    "started views with a fatal error after the first frame / started views × 100",
                    ViewTable.IS_VIDEO_PLAYBACK_FAILURE, ViewPredicate.where(ViewTable.IS_STARTED)),
            countPercentage("video_startup_business_exception_percentage",
                    "Video startup business exception percentage",
                    "VSF views whose fatal error is a business exception / views × 100",
                    ViewTable.IS_VIDEO_STARTUP_BUSINESS_EXCEPTION, ViewPredicate.ALL),
            countPercentage("playback_business_exception_percentage", "Playback business exception percentage",
                    "views whose fatal error is a business exception / views × 100",
                    ViewTable.IS_PLAYBACK_BUSINESS_EXCEPTION, ViewPredicate.ALL),
            countPercentage("view_dropped_percentage", "View dropped percentage",
                    "views closed by the inactivity timeout (no viewend) / views × 100",
                    ViewTable.DROPPED, ViewPredicate.ALL),
            new MetricDefinition("fatal_errors", "Fatal errors",
                    "count of fatal error events (Σ per-view fatal error count)", "count", COUNT, COUNTS,
                    LOWER_IS_BETTER, new ColumnSum(ViewTable.ERROR_COUNT)),
            new MetricDefinition("video_startup_time", "Video startup time",
                    "median (default), avg, 95th or 99th percentile of startup_time_ms (play request to first "
                            + "frame) over started views; sum: Σ startup_time_ms (time viewers waited for a first frame)",
                    "ms", MEDIAN, DISTRIBUTION_AND_SUM, LOWER_IS_BETTER,
                    new PerViewAggregate(ViewTable.STARTUP_TIME_MS, ViewPredicate.where(ViewTable.IS_STARTED))),
            sumPercentage("rebuffer_percentage", "Rebuffer percentage",
                    "Σ rebuffer_duration / Σ watch_time × 100 (ratio of sums)",
                    List.of(ViewTable.REBUFFER_DURATION_MS), ViewTable.WATCH_TIME_MS),
            new MetricDefinition("rebuffer_frequency", "Rebuffer frequency",
                    "Σ rebuffer_count / Σ watch_time, per minute", "1/min", AVG, RATIO, LOWER_IS_BETTER,
                    new SumRatio(List.of(ViewTable.REBUFFER_COUNT), ViewTable.WATCH_TIME_MS, PER_MINUTE_FROM_MS)),
            new MetricDefinition("rebuffer_count", "Rebuffer count",
                    "median (default), avg or 95th percentile of per-view rebuffer_count over started views; sum: "
                            + "Σ rebuffer_count (every rebuffer of those views)",
                    "count", MEDIAN, MEDIAN_AVG_P95_SUM, LOWER_IS_BETTER,
                    new PerViewAggregate(ViewTable.REBUFFER_COUNT, ViewPredicate.where(ViewTable.IS_STARTED))),
            new MetricDefinition("rebuffer_duration", "Rebuffer duration",
                    "median (default), avg or 95th percentile of per-view rebuffer_duration_ms over started views; "
                            + "sum: Σ rebuffer_duration_ms (all rebuffering time of those views)",
                    "ms", MEDIAN, MEDIAN_AVG_P95_SUM, LOWER_IS_BETTER,
                    new PerViewAggregate(ViewTable.REBUFFER_DURATION_MS, ViewPredicate.where(ViewTable.IS_STARTED))),
            sumPercentage("cirr", "Connection-induced rebuffering ratio",
                    "Σ rebuffer_duration / Σ play_duration × 100",
                    List.of(ViewTable.REBUFFER_DURATION_MS), ViewTable.PLAY_DURATION_MS),
            sumPercentage("vrt_buffering_ratio", "Seek (user-induced) buffering ratio",
                    "Σ seek_buffer_duration / Σ play_duration × 100",
                    List.of(ViewTable.SEEK_BUFFER_DURATION_MS), ViewTable.PLAY_DURATION_MS),
            sumPercentage("buffering_ratio", "Buffering ratio",
                    "(Σ rebuffer_duration + Σ seek_buffer_duration) / Σ play_duration × 100 "
                            + "(= cirr + vrt_buffering_ratio exactly)",
                    List.of(ViewTable.REBUFFER_DURATION_MS, ViewTable.SEEK_BUFFER_DURATION_MS),
                    ViewTable.PLAY_DURATION_MS),
            total("playing_time", "Playing time", "Σ playing_time_ms", ViewTable.PLAYING_TIME_MS),
            total("play_duration", "Play duration",
                    "Σ play_duration_ms (playing + rebuffering + seek buffering)", ViewTable.PLAY_DURATION_MS),
            total("watch_time", "Watch time",
                    "Σ watch_time_ms (play request to view end, minus paused time and time after ended)",
                    ViewTable.WATCH_TIME_MS),
            new MetricDefinition("weighted_average_bitrate", "Weighted average bitrate",
                    "median (default) or avg of per-view avg_bitrate_bps (weighted by playing time); views with "
                            + "no playing time are skipped",
                    "bps", MEDIAN, EnumSet.of(MEDIAN, AVG), HIGHER_IS_BETTER,
                    new PerViewAggregate(ViewTable.AVG_BITRATE_BPS, ViewPredicate.ALL)),
            new MetricDefinition("upscale_percentage", "Upscale percentage",
                    "avg of per-view upscale_pct (time-weighted upscaling while playing); views with no playing "
                            + "time are skipped",
                    "%", AVG, RATIO, LOWER_IS_BETTER,
                    new PerViewAggregate(ViewTable.UPSCALE_PCT, ViewPredicate.ALL)),
            new MetricDefinition("max_upscale_percentage", "Max upscale percentage",
                    "median (default), avg, 95th or 99th percentile of per-view max_upscale_pct",
                    "%", MEDIAN, DISTRIBUTION, LOWER_IS_BETTER,
                    new PerViewAggregate(ViewTable.MAX_UPSCALE_PCT, ViewPredicate.ALL)),
            new MetricDefinition("concurrent_viewers", "Concurrent viewers",
                    "at an instant t: views with first_frame_at <= t < end (end = view end, or now for open "
                            + "views); over a window: time-average (avg, default) or maximum of one sample per "
                            + "minute (max)",
                    "count", AVG, EnumSet.of(AVG, MAX), HIGHER_IS_BETTER, new Concurrency()),
            score("startup_time_score", "Startup time score", "avg of per-view 100 × 8 / (8 + startup seconds)",
                    ViewTable.STARTUP_TIME_SCORE),
            score("smoothness_score", "Smoothness score",
                    "avg of per-view mean of 100 / sqrt(1 + (rebuffer_count / 2)^2) and "
                            + "100 × exp(-10 × rebuffer_duration / watch_time)",
                    ViewTable.SMOOTHNESS_SCORE),
            score("video_quality_score", "Video quality score",
                    "avg of per-view 100 × exp(-0.33 × (0.15 × max_upscale + 0.85 × avg_upscale))",
                    ViewTable.VIDEO_QUALITY_SCORE),
            score("playback_success_score", "Playback success score",
                    "avg of per-view 100 (started, no fatal error), 50 (EBVS after 1 s) or 0 (failed)",
                    ViewTable.PLAYBACK_SUCCESS_SCORE),
            score("viewer_experience_score", "Viewer experience score",
                    "avg of per-view playback success × weighted harmonic mean of smoothness (0.45), startup (0.35) "
                            + "and quality (0.20) / 100",
                    ViewTable.VIEWER_EXPERIENCE_SCORE));

    /** Other accepted ids (Mux's) for metrics that mean exactly the same. */
    static final Map<String, String> ALIASES = Map.of(
            "started_views", "plays",
            "rebuffer_score", "smoothness_score");

    private StandardMetrics() {
    }

    private static MetricDefinition countPercentage(String id, String description, String formula,
                                                    ViewColumn numerator, ViewPredicate denominator) {
        return new MetricDefinition(id, description, formula, "%", AVG, RATIO, LOWER_IS_BETTER,
                new CountRatio(ViewPredicate.where(numerator), denominator, PERCENT));
    }

    private static MetricDefinition sumPercentage(String id, String description, String formula,
                                                  List<ViewColumn> numerators, ViewColumn denominator) {
        return new MetricDefinition(id, description, formula, "%", AVG, RATIO, LOWER_IS_BETTER,
                new SumRatio(numerators, denominator, PERCENT));
    }

    private static MetricDefinition total(String id, String description, String formula, ViewColumn column) {
        return new MetricDefinition(id, description, formula, "ms", SUM, SUMS, HIGHER_IS_BETTER, new ColumnSum(column));
    }

    private static MetricDefinition score(String id, String description, String formula, ViewColumn column) {
        return new MetricDefinition(id, description, formula, "score", AVG, RATIO, HIGHER_IS_BETTER,
                new PerViewAggregate(column, ViewPredicate.ALL));
    }
}
