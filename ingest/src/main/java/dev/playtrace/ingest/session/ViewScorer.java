package dev.playtrace.ingest.session;

import dev.playtrace.model.View;
import dev.playtrace.model.ViewOutcome;
import dev.playtrace.model.ViewScores;

/** Computes a view's 0-100 scores from its primitives (metrics.md §4); its own {@code scores} are ignored. */
public final class ViewScorer {
    /** An EBVS view whose viewer left within this of the play request gets no playback success score. */
    static final long EBVS_UNSCORED_WITHIN_MS = 1_000;

    private static final double SMOOTHNESS_WEIGHT = 0.45;
    private static final double STARTUP_WEIGHT = 0.35;
    private static final double QUALITY_WEIGHT = 0.20;

    private ViewScorer() {
    }

    public static ViewScores score(View view) {
        Double playbackSuccess = playbackSuccess(view);
        if (view.outcome() != ViewOutcome.STARTED) {
            return new ViewScores(playbackSuccess, null, null, null, playbackSuccess);
        }
        double startup = startup(view.startupTimeMs());
        double smoothness = smoothness(view.rebufferCount(), view.rebufferDurationMs(), view.watchTimeMs());
        Double quality = quality(view.upscalePct(), view.maxUpscalePct());
        double viewerExperience = view.fatalError() != null
                ? playbackSuccess
                : playbackSuccess * harmonicMean(smoothness, startup, quality) / 100;
        return new ViewScores(playbackSuccess, startup, smoothness, quality, viewerExperience);
    }

    private static Double playbackSuccess(View view) {
        return switch (view.outcome()) {
            case STARTED -> view.fatalError() == null ? 100.0 : 0.0;
            case VIDEO_STARTUP_FAILURE -> 0.0;
            case EXIT_BEFORE_VIDEO_START ->
                    view.viewEndMs() - view.playRequestedAtMs() <= EBVS_UNSCORED_WITHIN_MS ? null : 50.0;
            case STARTING, NO_PLAY_REQUEST -> null;
        };
    }

    private static double startup(long startupTimeMs) {
        return 100 * 8 / (8 + startupTimeMs / 1000.0);
    }

    /** A view with no watch time has had no time to rebuffer: the duration part is then 100. */
    private static double smoothness(int rebufferCount, long rebufferDurationMs, long watchTimeMs) {
        double countPart = 100 / Math.sqrt(1 + Math.pow(rebufferCount / 2.0, 2));
        double rebufferRatio = watchTimeMs == 0 ? 0 : (double) rebufferDurationMs / watchTimeMs;
        double durationPart = 100 * Math.exp(-10 * rebufferRatio);
        return (countPart + durationPart) / 2;
    }

    private static Double quality(Double upscalePct, Double maxUpscalePct) {
        if (upscalePct == null || maxUpscalePct == null) {
            return null;
        }
        return 100 * Math.exp(-0.33 * (0.15 * maxUpscalePct / 100 + 0.85 * upscalePct / 100));
    }

    /** Weighted harmonic mean over the scores present (quality may be missing); any zero score makes it zero. */
    private static double harmonicMean(double smoothness, double startup, Double quality) {
        double weights = SMOOTHNESS_WEIGHT + STARTUP_WEIGHT;
        double weightedInverses = inverse(SMOOTHNESS_WEIGHT, smoothness) + inverse(STARTUP_WEIGHT, startup);
        if (quality != null) {
            weights += QUALITY_WEIGHT;
            weightedInverses += inverse(QUALITY_WEIGHT, quality);
        }
        return Double.isInfinite(weightedInverses) ? 0 : weights / weightedInverses;
    }

    private static double inverse(double weight, double score) {
        return score == 0 ? Double.POSITIVE_INFINITY : weight / score;
    }
}
