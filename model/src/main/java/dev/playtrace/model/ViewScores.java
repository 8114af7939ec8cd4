package dev.playtrace.model;

/**
 * The per-view scores of metrics.md §4, each 0-100, null when the view has no such score
 * (for example EBVS views have no startup, smoothness or quality score).
 */
public record ViewScores(
        Double playbackSuccessScore,
        Double startupTimeScore,
        Double smoothnessScore,
        Double videoQualityScore,
        Double viewerExperienceScore) {

    public static final ViewScores NONE = new ViewScores(null, null, null, null, null);
}
