package dev.playtrace.server.browser.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.browser.support.BrowserPlaytrace;
import dev.playtrace.server.browser.support.PageMeasurements;
import dev.playtrace.server.browser.support.PageServer;
import dev.playtrace.server.browser.support.PlayerPage;
import dev.playtrace.server.support.HeadlessChromium;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Playtrace server, the page server and headless Chromium for one test class, and the page
 * {@code browser/sdk/player.html} that loads the SDK from that Playtrace server (its {@code /sdk/playtrace.js}).
 *
 * <p>Tolerances, and why: the SDK stamps events on the page's clock as the page's probe does, but the server corrects
 * each beacon by its own send time, so two events in different beacons can shift by the beacon latency (a few ms on
 * localhost, up to ~50 ms seen on a busy 2-core box). Startup is held within {@value #STARTUP_TOLERANCE_MS} ms of the
 * page's {@code play} event to its first {@code playing}: the SDK sees the {@code play} event, not the {@code play()}
 * call, and a busy main thread fires that event up to ~150 ms after the call (seen with dash.js; the report line
 * prints both). Stall and seek durations
 * within {@value #STALL_TOLERANCE_MS} ms (where the player fires no {@code playing} after a seek, the SDK ends the
 * seek at the first 250 ms playhead poll that sees frames advance); watch time within {@value #WATCH_TOLERANCE_MS} ms
 * (the view ends at {@code viewend}, sent while the page's {@code finish} runs).
 */
abstract class SdkBrowserTestBase {
    static final long STARTUP_TOLERANCE_MS = 100;
    static final long STALL_TOLERANCE_MS = 300;
    static final long WATCH_TOLERANCE_MS = 400;
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(20);

    static PageServer pages;
    static HeadlessChromium browser;
    static BrowserPlaytrace playtrace;

    @BeforeAll
    static void start() {
        playtrace = BrowserPlaytrace.start();
        pages = PageServer.start();
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (pages != null) {
            pages.close();
        }
        if (playtrace != null) {
            playtrace.close();
        }
    }

    @BeforeEach
    void resetFaults() {
        pages.reset();
    }

    /** The SDK must never throw into the page: no uncaught error from its script in the console. */
    @AfterEach
    void sdkThrewNothingIntoThePage() {
        List<String> sdkErrors = browser.consoleSinceLastCall().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(entry -> entry.getMessage())
                .filter(message -> message.contains("/sdk/playtrace"))
                .toList();
        assertThat(sdkErrors).isEmpty();
    }

    /** The SDK page with a player binding: html5 (hls.js when loaded with useHls), shaka, videojs or dash. */
    static PlayerPage sdkPage(String player) {
        return PlayerPage.open(browser, pages.url("/pages/sdk/player.html?player=" + player + "&playtrace="
                + playtrace.origin() + "&envKey=" + RunningServer.INGEST_KEY));
    }

    static JsonNode closedView(String videoId) {
        return playtrace.awaitView(videoId, view -> view.path("closed").asBoolean(), VIEW_TIMEOUT);
    }

    /**
     * "name@ms after the first event" for each stored event, for failure messages, and "(clock +N ms)" wherever the
     * server's clock correction (event_time - viewer_time) changes: each beacon is corrected by its own send-to-receive
     * time, so a duration between events of two beacons is off by the difference of their latencies.
     */
    static String timeline(JsonNode view) {
        List<String> entries = new ArrayList<>();
        long startMs = view.path("events").get(0).path("event_time").asLong();
        long[] correctionMs = {Long.MIN_VALUE};
        view.path("events").forEach(event -> {
            long correction = event.path("event_time").asLong() - event.path("viewer_time").asLong();
            if (correction != correctionMs[0]) {
                entries.add("(clock " + (correction >= 0 ? "+" : "") + correction + " ms)");
                correctionMs[0] = correction;
            }
            entries.add(event.path("name").asText() + "@" + (event.path("event_time").asLong() - startMs));
        });
        return String.join(" ", entries);
    }

    /** Startup as the page saw it from its {@code play} event to its first {@code playing}, ms. */
    static long startupFromPlayEventMs(PageMeasurements measured) {
        return measured.firstEventAt("playing") - measured.firstEventAt("play");
    }

    static List<String> eventNames(JsonNode view) {
        List<String> names = new ArrayList<>();
        view.path("events").forEach(event -> names.add(event.path("name").asText()));
        return names;
    }

    /** Prints the stored view's numbers beside the page's, so a run shows how close they are, not only that they are. */
    static void report(String scenario, JsonNode view, PageMeasurements measured) {
        System.out.printf("[sdk-browser] %s: startup server=%s page=%s (from play() %s) ms; rebuffers server=%d/%d ms page=%s; "
                        + "seeks server=%d/%d ms page=%s; watch server=%d page=%d ms; renditions=%d; outcome=%s; events: %s%n",
                scenario, view.path("video_startup_time").asText(),
                measured.startupMs() == null ? null : startupFromPlayEventMs(measured), measured.startupMs(),
                view.path("rebuffer_count").asInt(), view.path("rebuffer_duration").asLong(), measured.stallDurationsMs(),
                view.path("view_seek_count").asInt(), view.path("view_seek_duration").asLong(), measured.seekDurationsMs(),
                view.path("watch_time").asLong(), measured.watchTimeMs(measured.finishAt()),
                view.path("rendition_change_count").asInt(), view.path("outcome").asText(), timeline(view));
    }
}
