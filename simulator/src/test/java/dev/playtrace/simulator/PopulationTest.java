package dev.playtrace.simulator;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.EventName;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The random population: deterministic, covering every outcome kind, inside its window, fast enough. */
class PopulationTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final long WEEK_MS = 7 * 86_400_000L;

    @Test
    void sameSeedGivesTheSameBeaconsAndTruthDifferentSeedDoesNot() throws Exception {
        assertThat(digest(7, 2_000)).isEqualTo(digest(7, 2_000));
        assertThat(digest(7, 2_000)).isNotEqualTo(digest(8, 2_000));
    }

    @Test
    void tenThousandViewsCoverEveryOutcomeKindAndBehaviour() {
        var window = DemoDataGenerator.recentWindow(NOW, java.time.Duration.ofDays(7));
        List<SimulatedView> views = new ViewerSimulator(2024, "env-pop")
                .views(window.fromMs(), window.toMs(), 10_000).toList();
        List<TruthView> truths = views.stream().map(SimulatedView::truth).toList();

        Map<String, Predicate<TruthView>> kinds = new java.util.LinkedHashMap<>();
        kinds.put("no play request", view -> !view.isAttempt());
        kinds.put("started", TruthView::isStarted);
        kinds.put("ended", TruthView::ended);
        kinds.put("EBVS scored", view -> view.isExitBeforeVideoStart() && view.scores().playbackSuccessScore() != null);
        kinds.put("EBVS within 1 s", view -> view.isExitBeforeVideoStart()
                && view.scores().playbackSuccessScore() == null);
        kinds.put("VSF", view -> view.isVideoStartupFailure() && !view.hasBusinessException());
        kinds.put("VSF business exception", view -> view.isVideoStartupFailure() && view.hasBusinessException());
        kinds.put("failure after start", view -> view.isPlaybackFailureAfterStart() && !view.hasBusinessException());
        kinds.put("business exception after start", view -> view.isPlaybackFailureAfterStart()
                && view.hasBusinessException());
        kinds.put("two fatal errors", view -> view.errorCount() == 2);
        kinds.put("warnings", view -> view.warningCount() > 0);
        kinds.put("dropped", TruthView::dropped);
        kinds.put("dropped started", view -> view.dropped() && view.isStarted());
        kinds.put("rebuffered", view -> view.rebufferCount() > 0);
        kinds.put("seeked", view -> view.seekCount() > 0);
        kinds.put("rendition switch", view -> view.renditionChangeCount() > 0);
        kinds.put("upscaled", view -> view.upscalePct() != null && view.upscalePct() > 0);
        kinds.put("signed in", view -> view.viewerUserId() != null);
        kinds.put("skewed clock", view -> view.deviceClockOffsetMs() != 0);
        kinds.put("skewed by an hour", view -> Math.abs(view.deviceClockOffsetMs()) == 3_600_000L);
        kinds.put("live", view -> "live".equals(view.dimensionValue(Dimension.STREAM_TYPE)));
        kinds.put("autoplay without play event", view -> view.isAttempt()
                && view.playRequestedAtMs() == view.viewStartMs());
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        kinds.forEach((name, kind) -> counts.put(name, truths.stream().filter(kind).count()));
        System.out.println("outcome kinds in 10k views: " + counts);
        counts.forEach((name, count) -> assertThat(count).as(name).isPositive());

        // behaviour the truth does not show directly, read from the events
        Set<String> seen = new HashSet<>();
        long beacons = 0;
        long events = 0;
        for (SimulatedView view : views) {
            List<SimulatedEvent> list = view.events();
            events += list.size();
            for (int i = 0; i < list.size(); i++) {
                SimulatedEvent event = list.get(i);
                seen.add(event.event());
                if (event.event().equals("waiting") && i + 1 < list.size()
                        && list.get(i + 1).event().equals("playing")
                        && list.get(i + 1).serverTimeMs() - event.serverTimeMs() < 250) {
                    seen.add("blip");
                }
                if (event.event().equals("seeking") && i > 0 && list.get(i - 1).event().equals("seeked")
                        && !list.get(i - 2).event().equals("pause")) {
                    seen.add("double seek");
                }
                if (event.event().equals("seeking") && i > 0 && list.get(i - 1).event().equals("pause")) {
                    seen.add("seek while paused");
                }
            }
            for (Beacon beacon : view.beacons()) {
                beacons++;
                seen.add("delivery " + beacon.delivery());
            }
        }
        assertThat(seen).contains("viewstart", "play", "playing", "waiting", "seeking", "seeked", "pause",
                "renditionchange", "error", "hb", "ended", "viewend", "blip", "double seek", "seek while paused",
                "delivery NORMAL", "delivery DUPLICATE", "delivery DELAYED");
        assertThat(seen).doesNotContain(EventName.VIEWDROPPED.wireName());

        // everything inside the window's 7 days, viewers repeat, the user agents are all from the pool
        assertThat(views).allSatisfy(view -> assertThat(view.viewStartMs()).isBetween(window.fromMs(),
                window.toMs() - 1));
        assertThat(window.fromMs()).isGreaterThan(NOW - WEEK_MS);
        assertThat(truths.stream().map(TruthView::viewerId).distinct().count()).isLessThan(truths.size() / 2);
        assertThat(truths.stream().map(TruthView::userAgent).distinct().count())
                .isEqualTo(DeviceProfile.POOL.size());
        assertThat(truths.stream().map(TruthView::viewId).distinct().count()).isEqualTo(truths.size());

        ExpectedMetrics overall = GroundTruth.of(truths).overall();
        System.out.printf("10k views: %d events (%.1f/view), %d beacons (%.1f/view)%n", events,
                events / 10_000.0, beacons, beacons / 10_000.0);
        System.out.println("overall: " + overall);
        assertThat(overall.get("exits_before_video_start")).isBetween(2.0, 6.0);
        assertThat(overall.get("video_startup_failure_percentage")).isBetween(1.0, 5.0);
        assertThat(overall.get("video_startup_time")).isBetween(500.0, 2_000.0);
        assertThat(overall.get("rebuffer_percentage")).isBetween(0.05, 5.0);
        assertThat(overall.get("buffering_ratio")).isCloseTo(overall.get("cirr")
                + overall.get("vrt_buffering_ratio"), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(overall.plays() + Math.round(overall.views() * (overall.get("exits_before_video_start")
                + overall.get("video_startup_failure_percentage")) / 100)).isEqualTo(overall.views());
    }

    @Test
    void speedSanity() {
        double scale = Double.parseDouble(System.getProperty("simulator.watchTimeScale", "1.0"));
        ViewerSimulator simulator = new ViewerSimulator(1, SimulationConfig.defaults("env-speed")
                .withWatchTimeScale(scale));
        int count = Integer.getInteger("simulator.speedViews", 200_000);
        long started = System.nanoTime();
        long events = simulator.views(NOW - WEEK_MS, NOW, count).mapToLong(SimulatedView::eventCount).sum();
        double generateSeconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        Iterator<Beacon> beacons = simulator.beacons(NOW - WEEK_MS, NOW, count, null);
        long bytes = 0;
        long beaconCount = 0;
        while (beacons.hasNext()) {
            bytes += beacons.next().jsonBody().length();
            beaconCount++;
        }
        double renderSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("speed (watch time scale " + scale + "): %,d views (%,d events) generated with truth in %.2f s (%,.0f views/s); "
                + "merged and rendered %,d beacons (%,d MB of JSON) in %.2f s (%,.0f views/s)%n", count, events,
                generateSeconds, count / generateSeconds, beaconCount, bytes >> 20, renderSeconds,
                count / renderSeconds);
        assertThat(events).isPositive();
    }

    private static String digest(long seed, int count) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        List<TruthView> truths = new java.util.ArrayList<>();
        Iterator<Beacon> beacons = new ViewerSimulator(seed, "env-det").beacons(NOW - WEEK_MS, NOW, count,
                truths::add);
        while (beacons.hasNext()) {
            Beacon beacon = beacons.next();
            digest.update((beacon.sendAtServerMs() + beacon.userAgent() + beacon.countryCode() + beacon.jsonBody())
                    .getBytes(StandardCharsets.UTF_8));
        }
        digest.update(truths.toString().getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest.digest());
    }
}
