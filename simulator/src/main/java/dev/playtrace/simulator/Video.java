package dev.playtrace.simulator;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One title of the simulated catalogue.
 *
 * @param series null for titles that belong to no series
 * @param durationMs content length; null for live streams
 * @param popularity relative weight when a viewer picks a title
 * @param maxRenditionIndex the highest rung of {@link Rendition#LADDER} this title is encoded in
 */
public record Video(
        String id,
        String title,
        String series,
        Long durationMs,
        double popularity,
        int maxRenditionIndex) {

    public Video {
        requireNonNull(id, "id is null");
        requireNonNull(title, "title is null");
        if (durationMs != null && durationMs <= 0) {
            throw new IllegalArgumentException("durationMs must be positive: " + durationMs);
        }
    }

    public boolean live() {
        return durationMs == null;
    }

    /** The beacon's {@code video_stream_type} value, which is also the {@code stream_type} dimension value. */
    public String streamType() {
        return live() ? "live" : "on-demand";
    }

    /**
     * The catalogue of 30 titles: short clips, series episodes, films and live channels. Titles include quotes and
     * non-ASCII text on purpose, so that JSON escaping and UTF-8 handling are exercised end to end.
     */
    public static final List<Video> CATALOGUE = List.of(
            new Video("vid-clip-001", "Intro to Playtrace", "Tech Briefs", 95_000L, 6.0, 4),
            new Video("vid-clip-002", "Five Minute Pasta", "Kitchen Nights Shorts", 312_000L, 5.0, 4),
            new Video("vid-clip-003", "Skyline Timelapse", null, 64_000L, 4.0, 5),
            new Video("vid-clip-004", "Goal of the Week", "Match Highlights", 148_000L, 7.0, 4),
            new Video("vid-clip-005", "Trailer: The \"Last\" Light", null, 131_000L, 8.0, 5),
            new Video("vid-clip-006", "Über die Alpen", "Travel Bites", 241_000L, 3.0, 4),
            new Video("vid-clip-007", "Match Highlights: Derby", "Match Highlights", 418_000L, 5.0, 4),
            new Video("vid-clip-008", "Unboxing: Phone X", "Tech Briefs", 503_000L, 3.5, 4),
            new Video("vid-ep-101", "Ocean Worlds S1E1: The Deep", "Ocean Worlds", 2_641_000L, 4.5, 5),
            new Video("vid-ep-102", "Ocean Worlds S1E2: Reefs", "Ocean Worlds", 2_587_000L, 3.0, 5),
            new Video("vid-ep-103", "Ocean Worlds S1E3: Ice", "Ocean Worlds", 2_712_000L, 2.2, 5),
            new Video("vid-ep-104", "Ocean Worlds S1E4: Currents", "Ocean Worlds", 2_503_000L, 1.8, 5),
            new Video("vid-ep-201", "Kitchen Nights S2E1: Bread", "Kitchen Nights", 1_422_000L, 3.0, 4),
            new Video("vid-ep-202", "Kitchen Nights S2E2: Fire", "Kitchen Nights", 1_388_000L, 2.4, 4),
            new Video("vid-ep-203", "Kitchen Nights S2E3: Smoke", "Kitchen Nights", 1_450_000L, 2.0, 4),
            new Video("vid-ep-301", "Code & Coffee E12", "Code & Coffee", 1_805_000L, 1.5, 4),
            new Video("vid-ep-302", "Code & Coffee E13", "Code & Coffee", 1_762_000L, 1.2, 4),
            new Video("vid-ep-401", "東京 Nights E1", "東京 Nights", 2_950_000L, 1.6, 4),
            new Video("vid-ep-402", "東京 Nights E2", "東京 Nights", 2_874_000L, 1.3, 4),
            new Video("vid-ep-501", "True Crime Tapes: Ep. 7", "True Crime Tapes", 3_120_000L, 2.5, 4),
            new Video("vid-film-01", "The Long Road", null, 6_420_000L, 2.2, 5),
            new Video("vid-film-02", "Café Stories", null, 5_490_000L, 1.7, 4),
            new Video("vid-film-03", "Orbit", null, 7_980_000L, 2.0, 5),
            new Video("vid-film-04", "A Quiet Harbour", null, 5_880_000L, 1.1, 4),
            new Video("vid-film-05", "Night Train to Lisbon", null, 6_930_000L, 0.9, 5),
            new Video("vid-doc-01", "Making of Orbit", "Behind the Scenes", 1_260_000L, 0.8, 4),
            new Video("live-news-24", "News 24", "Live Channels", null, 4.0, 4),
            new Video("live-sports-1", "Sports One Live", "Live Channels", null, 4.5, 4),
            new Video("live-music-fest", "Summer Music Fest (Live)", "Events", null, 1.5, 4),
            new Video("live-kids", "Kids Live", "Live Channels", null, 1.0, 3));
}
