package dev.playtrace.simulator;

import dev.playtrace.model.Dimension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Computes the aggregate metrics of metrics.md §3 over simulated views' ground truth: overall, over any subset, or
 * grouped by a dimension. Written from the spec alone, as an oracle for the server's numbers.
 *
 * <p>Selection follows the spec: a query selects views by {@code play_requested_at}, so views without a play
 * request are in no metric. Concurrency uses each started view's {@code [first_frame_at, end)} instead.
 */
public final class GroundTruth implements Consumer<TruthView> {
    private final List<TruthView> views;

    /** An empty truth to {@link #add} views to (it is a {@code Consumer<TruthView>}, for truth sinks). */
    public GroundTruth() {
        this.views = new ArrayList<>();
    }

    private GroundTruth(List<TruthView> views) {
        this.views = views;
    }

    public static GroundTruth of(Collection<TruthView> views) {
        return new GroundTruth(new ArrayList<>(views));
    }

    public void add(TruthView view) {
        views.add(Objects.requireNonNull(view, "view is null"));
    }

    @Override
    public void accept(TruthView view) {
        add(view);
    }

    public List<TruthView> views() {
        return List.copyOf(views);
    }

    public GroundTruth where(Predicate<TruthView> predicate) {
        return new GroundTruth(views.stream().filter(predicate).collect(ArrayList::new, ArrayList::add,
                ArrayList::addAll));
    }

    /** Views whose play request is in {@code [fromMs, toMs)}: a query's time window. */
    public GroundTruth playRequestedIn(long fromMs, long toMs) {
        return where(view -> view.playRequestedAtMs() != null && view.playRequestedAtMs() >= fromMs
                && view.playRequestedAtMs() < toMs);
    }

    /** Views with {@code dimension = value} (value null: views without the dimension). */
    public GroundTruth whereDimension(Dimension dimension, String value) {
        return where(view -> Objects.equals(view.dimensionValue(dimension), value));
    }

    public ExpectedMetrics overall() {
        return metrics(views);
    }

    /** Metrics per value of a dimension (key null: views without a value), sorted by value. */
    public Map<String, ExpectedMetrics> groupBy(Dimension dimension) {
        return groupBy(view -> view.dimensionValue(dimension));
    }

    /**
     * Metrics per group of a key function, e.g. the browser the server will derive from
     * {@link TruthView#userAgent()}. Groups are formed over views with a play request only (others are selected by
     * no query), sorted by key, null last.
     */
    public Map<String, ExpectedMetrics> groupBy(Function<TruthView, String> key) {
        Map<String, List<TruthView>> groups = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        for (TruthView view : views) {
            if (view.isAttempt()) {
                groups.computeIfAbsent(key.apply(view), k -> new ArrayList<>()).add(view);
            }
        }
        Map<String, ExpectedMetrics> result = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        groups.forEach((value, members) -> result.put(value, metrics(members)));
        return result;
    }

    /** {@code concurrent_viewers} at an instant: started views with {@code first_frame_at <= t < end}. */
    public long concurrentViewersAt(long atMs) {
        return views.stream().filter(view -> view.firstFrameAtMs() != null && view.firstFrameAtMs() <= atMs
                && atMs < view.viewEndMs()).count();
    }

    /** {@code concurrent_viewers} {@code avg} over {@code [fromMs, toMs)}: the time-average of the count. */
    public double concurrentViewersAvg(long fromMs, long toMs) {
        double overlapMs = 0;
        for (TruthView view : views) {
            if (view.firstFrameAtMs() != null) {
                overlapMs += Math.max(0, Math.min(toMs, view.viewEndMs()) - Math.max(fromMs, view.firstFrameAtMs()));
            }
        }
        return overlapMs / (toMs - fromMs);
    }

    /** {@code concurrent_viewers} {@code max} over {@code [fromMs, toMs)}, sampled at {@code fromMs} and every minute. */
    public long concurrentViewersMax(long fromMs, long toMs) {
        long max = 0;
        for (long at = fromMs; at < toMs; at += 60_000) {
            max = Math.max(max, concurrentViewersAt(at));
        }
        return max;
    }

    /** The metrics of metrics.md §3 over the views with a play request among {@code selection}. */
    public static ExpectedMetrics metrics(Collection<TruthView> selection) {
        List<TruthView> attempts = selection.stream().filter(TruthView::isAttempt).toList();
        List<TruthView> started = attempts.stream().filter(TruthView::isStarted).toList();
        long views = attempts.size();
        long plays = started.size();
        Set<String> viewers = new HashSet<>();
        long endedPlays = 0;
        long ebvs = 0;
        long vsf = 0;
        long vsfBusiness = 0;
        long failedNotBusiness = 0;
        long failedBusiness = 0;
        long failedAfterStart = 0;
        long fatalErrors = 0;
        long rebufferDuration = 0;
        long rebufferCount = 0;
        long seekBuffer = 0;
        long playingTime = 0;
        long playDuration = 0;
        long watchTime = 0;
        for (TruthView view : attempts) {
            viewers.add(view.viewerId());
            endedPlays += view.isEndedPlay() ? 1 : 0;
            ebvs += view.isExitBeforeVideoStart() ? 1 : 0;
            vsf += view.isVideoStartupFailure() ? 1 : 0;
            vsfBusiness += view.isVideoStartupFailure() && view.hasBusinessException() ? 1 : 0;
            failedNotBusiness += view.fatalError() != null && !view.hasBusinessException() ? 1 : 0;
            failedBusiness += view.hasBusinessException() ? 1 : 0;
            failedAfterStart += view.isPlaybackFailureAfterStart() ? 1 : 0;
            fatalErrors += view.errorCount();
            rebufferDuration += view.rebufferDurationMs();
            rebufferCount += view.rebufferCount();
            seekBuffer += view.seekBufferDurationMs();
            playingTime += view.playingTimeMs();
            playDuration += view.playDurationMs();
            watchTime += view.watchTimeMs();
        }

        Map<String, Double> values = new LinkedHashMap<>();
        values.put("views", (double) views);
        values.put("plays", (double) plays);
        values.put("unique_viewers", (double) viewers.size());
        values.put("ended_plays", (double) endedPlays);
        values.put("exits_before_video_start", percent(ebvs, views));
        values.put("video_startup_failure_percentage", percent(vsf, views));
        values.put("playback_failure_percentage", percent(failedNotBusiness, views));
        values.put("video_playback_failure_percentage", percent(failedAfterStart, plays));
        values.put("video_startup_business_exception_percentage", percent(vsfBusiness, views));
        values.put("playback_business_exception_percentage", percent(failedBusiness, views));
        values.put("fatal_errors", (double) fatalErrors);
        distribution(values, "video_startup_time", started, view -> (double) view.startupTimeMs());
        values.put("rebuffer_percentage", percent(rebufferDuration, watchTime));
        values.put("rebuffer_frequency", watchTime == 0 ? null : rebufferCount / (watchTime / 60_000.0));
        // stalls exist only after the first frame (metrics.md §2), so the per-view distributions are over started views
        distribution(values, "rebuffer_count", started, view -> view.rebufferCount());
        distribution(values, "rebuffer_duration", started, view -> view.rebufferDurationMs());
        values.put("cirr", percent(rebufferDuration, playDuration));
        values.put("vrt_buffering_ratio", percent(seekBuffer, playDuration));
        values.put("buffering_ratio", percent(rebufferDuration + seekBuffer, playDuration));
        values.put("playing_time", (double) playingTime);
        values.put("play_duration", (double) playDuration);
        values.put("watch_time", (double) watchTime);
        distribution(values, "weighted_average_bitrate", attempts.stream()
                .filter(view -> view.avgBitrateBps() != null).toList(), TruthView::avgBitrateBps);
        values.put("upscale_percentage", average(attempts, TruthView::upscalePct));
        values.put("startup_time_score", average(attempts, view -> view.scores().startupTimeScore()));
        values.put("smoothness_score", average(attempts, view -> view.scores().smoothnessScore()));
        values.put("video_quality_score", average(attempts, view -> view.scores().videoQualityScore()));
        values.put("playback_success_score", average(attempts, view -> view.scores().playbackSuccessScore()));
        values.put("viewer_experience_score", average(attempts, view -> view.scores().viewerExperienceScore()));
        return new ExpectedMetrics(values);
    }

    private static Double percent(long numerator, long denominator) {
        return denominator == 0 ? null : 100.0 * numerator / denominator;
    }

    private static Double average(List<TruthView> views, Function<TruthView, Double> value) {
        double sum = 0;
        long count = 0;
        for (TruthView view : views) {
            Double v = value.apply(view);
            if (v != null) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? null : sum / count;
    }

    private static void distribution(Map<String, Double> values, String metricId, List<TruthView> views,
            ToDoubleFunction<TruthView> value) {
        double[] sorted = new double[views.size()];
        double sum = 0;
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = value.applyAsDouble(views.get(i));
            sum += sorted[i];
        }
        Arrays.sort(sorted);
        List<String> measurements = ExpectedMetrics.MEASUREMENTS.get(metricId);
        for (String measurement : measurements) {
            Double result = switch (measurement) {
                case "median" -> quantile(sorted, 0.5);
                case "avg" -> sorted.length == 0 ? null : sum / sorted.length;
                case "95th" -> quantile(sorted, 0.95);
                case "99th" -> quantile(sorted, 0.99);
                case "sum" -> sum;
                default -> throw new IllegalStateException(measurement);
            };
            values.put(metricId + ":" + measurement, result);
        }
        values.put(metricId, values.get(metricId + ":" + measurements.get(0)));
    }

    /**
     * Exact quantile with linear interpolation between closest ranks (metrics.md §3a.9; DuckDB
     * {@code quantile_cont}): position {@code (n - 1) * p} in the sorted values.
     */
    static Double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        double position = (sorted.length - 1) * p;
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
