package dev.playtrace.simulator;

import dev.playtrace.model.FatalError;
import dev.playtrace.model.ViewOutcome;
import dev.playtrace.model.ViewScores;

/** The per-view scores of metrics.md §4, written from the spec. */
final class Scores {
    /** An exit before video start this soon after the play request, or sooner, gets no playback success score. */
    static final long EBVS_NO_SCORE_WITHIN_MS = 1_000;

    private Scores() {
    }

    static ViewScores of(ViewOutcome outcome, FatalError fatalError, Long playRequestedAtMs, long viewEndMs,
            Long startupTimeMs, int rebufferCount, long rebufferDurationMs, long watchTimeMs, Double upscalePct,
            Double maxUpscalePct) {
        return switch (outcome) {
            case NO_PLAY_REQUEST, STARTING -> ViewScores.NONE;
            case EXIT_BEFORE_VIDEO_START -> {
                // "no score if the viewer left within 1 s of the play request": left = the view's end, and
                // leaving at exactly 1 s is within it (as ingest's ViewScorer counts it)
                Double success = viewEndMs - playRequestedAtMs <= EBVS_NO_SCORE_WITHIN_MS ? null : 50.0;
                yield new ViewScores(success, null, null, null, success);
            }
            case VIDEO_STARTUP_FAILURE -> new ViewScores(0.0, null, null, null, 0.0);
            case STARTED -> started(fatalError, startupTimeMs, rebufferCount, rebufferDurationMs, watchTimeMs,
                    upscalePct, maxUpscalePct);
        };
    }

    private static ViewScores started(FatalError fatalError, long startupTimeMs, int rebufferCount,
            long rebufferDurationMs, long watchTimeMs, Double upscalePct, Double maxUpscalePct) {
        double success = fatalError == null ? 100.0 : 0.0;
        double startup = 100.0 * 8.0 / (8.0 + startupTimeMs / 1000.0);
        Double smoothness = null;
        if (watchTimeMs > 0) {
            double countPart = 100.0 / Math.sqrt(1.0 + Math.pow(rebufferCount / 2.0, 2));
            double durationPart = 100.0 * Math.exp(-10.0 * rebufferDurationMs / (double) watchTimeMs);
            smoothness = (countPart + durationPart) / 2.0;
        }
        Double quality = null;
        if (upscalePct != null) {
            quality = 100.0 * Math.exp(-0.33 * (0.15 * maxUpscalePct / 100.0 + 0.85 * upscalePct / 100.0));
        }
        double experience;
        if (fatalError != null) {
            experience = success; // "for EBVS and failed views it is the playback success score alone"
        } else {
            experience = success * harmonic(smoothness, startup, quality) / 100.0;
        }
        return new ViewScores(success, startup, smoothness, quality, experience);
    }

    /** Weighted harmonic mean of smoothness (0.45), startup (0.35) and quality (0.20); missing parts are skipped. */
    static double harmonic(Double smoothness, Double startup, Double quality) {
        double weights = 0;
        double inverse = 0;
        double[] values = {smoothness == null ? Double.NaN : smoothness, startup, quality == null ? Double.NaN
                : quality};
        double[] weightOf = {0.45, 0.35, 0.20};
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                continue;
            }
            if (values[i] <= 0) {
                return 0.0;
            }
            weights += weightOf[i];
            inverse += weightOf[i] / values[i];
        }
        return weights / inverse;
    }
}
