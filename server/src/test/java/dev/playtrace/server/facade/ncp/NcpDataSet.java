package dev.playtrace.server.facade.ncp;

import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Six hand-written views over three UTC days with known numbers (playing time in seconds):
 * <pre>
 * view  play requested at      device   stream     video  viewer  outcome            playing
 * v1    2026-11-18 10:00:00    desktop  on-demand  a      u1      play, ended        60 s
 * v2    2026-11-18 10:02:00    phone    on-demand  a      u2      play               30 s
 * v3    2026-11-19 09:07:00    tablet   live       b      u1      play               20 s
 * v4    2026-11-19 09:12:00    tv       on-demand  a      u3      exit before start   0 s
 * v5    2026-11-19 15:00:00    desktop  on-demand  a      u2      play               10 s
 * v6    2026-11-20 11:55:00    desktop  live       b      u4      play, still open  179 s (paused at 11:58:00)
 * </pre>
 * The clock ends at {@link #NOW} = 2026-11-20 11:59:30, so v6 is active from 11:55:01 on.
 */
final class NcpDataSet {
    static final Instant NOW = Instant.parse("2026-11-20T11:59:30Z");

    private NcpDataSet() {
    }

    static void send(RunningServer server, MutableClock clock) {
        view(server, clock, "v1", "2026-11-18T10:00:00Z", "desktop", "on-demand", "a", "Alpha", "u1",
                b -> b.at(0, "play").at(1_000, "playing").at(61_000, "ended").at(62_000, "viewend"), 62_000);
        view(server, clock, "v2", "2026-11-18T10:02:00Z", "phone", "on-demand", "a", "Alpha", "u2",
                b -> b.at(0, "play").at(500, "playing").at(30_500, "viewend"), 30_500);
        view(server, clock, "v3", "2026-11-19T09:07:00Z", "tablet", "live", "b", "Beta", "u1",
                b -> b.at(0, "play").at(1_000, "playing").at(21_000, "viewend"), 21_000);
        view(server, clock, "v4", "2026-11-19T09:12:00Z", "tv", "on-demand", "a", "Alpha", "u3",
                b -> b.at(0, "play").at(5_000, "viewend"), 5_000);
        view(server, clock, "v5", "2026-11-19T15:00:00Z", "desktop", "on-demand", "a", "Alpha", "u2",
                b -> b.at(0, "play").at(2_000, "playing").at(12_000, "viewend"), 12_000);
        view(server, clock, "v6", "2026-11-20T11:55:00Z", "desktop", "live", "b", "Beta", "u4",
                b -> b.at(0, "play").at(1_000, "playing").at(180_000, "pause"), 180_000);
        clock.set(NOW.toEpochMilli());
        server.flush();
    }

    static void view(RunningServer server, MutableClock clock, String viewId, String playAt, String device,
            String streamType, String videoId, String title, String viewer,
            java.util.function.UnaryOperator<BeaconBuilder> events, long lastOffsetMs) {
        long baseMs = Instant.parse(playAt).toEpochMilli();
        clock.set(baseMs + lastOffsetMs);
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("viewer_device_category", device);
        metadata.put("video_stream_type", streamType);
        metadata.put("video_id", videoId);
        metadata.put("video_title", title);
        metadata.put("mux_viewer_id", viewer);
        BeaconBuilder builder = new BeaconBuilder(RunningServer.INGEST_KEY, baseMs).view(viewId).sentAt(lastOffsetMs)
                .at(0, "viewstart", metadata);
        RunningServer.Response response = server.postBeacon(events.apply(builder).build());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        server.flush();
    }
}
