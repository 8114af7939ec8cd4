package dev.playtrace.simulator;

import java.util.List;

/**
 * One rung of the adaptive bitrate ladder: what {@code video_source_width}, {@code video_source_height} and
 * {@code video_source_bitrate} report while it plays.
 */
public record Rendition(int widthPx, int heightPx, long bitrateBps) {

    /** The ladder all titles are encoded in (up to their {@link Video#maxRenditionIndex()}). */
    public static final List<Rendition> LADDER = List.of(
            new Rendition(426, 240, 400_000),
            new Rendition(640, 360, 800_000),
            new Rendition(854, 480, 1_400_000),
            new Rendition(1280, 720, 2_800_000),
            new Rendition(1920, 1080, 5_500_000),
            new Rendition(3840, 2160, 16_000_000));

    /**
     * Upscaling as a fraction: {@code max(0, min(player_w / source_w, player_h / source_h) - 1)} (metrics.md §2).
     */
    public double upscaleFraction(int playerWidthPx, int playerHeightPx) {
        double scale = Math.min((double) playerWidthPx / widthPx, (double) playerHeightPx / heightPx);
        return Math.max(0.0, scale - 1.0);
    }
}
