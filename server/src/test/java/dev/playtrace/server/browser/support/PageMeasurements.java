package dev.playtrace.server.browser.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a page measured of its own {@code <video>} (the snapshot {@code harness.finish()} returns, made by
 * {@code browser/common/video-probe.js}), read as the metrics.md primitives so a test can hold the server's view
 * against them. All times are page ms ({@code performance.now()} since the probe started).
 */
public record PageMeasurements(JsonNode snapshot) {
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final Pattern CMCD_TS = Pattern.compile("(?:^|[,\\n])ts=(\\d+)");

    public long playRequestedAt() {
        return snapshot.path("playRequestedAt").asLong();
    }

    /** play() called to the first {@code playing}; null if it never played. */
    public Long startupMs() {
        return snapshot.path("startupMs").isNumber() ? snapshot.path("startupMs").asLong() : null;
    }

    /** First {@code play} event to the first {@code playing}: what an SDK stamping the play event measures. */
    public Long playEventStartupMs() {
        return snapshot.path("playEventStartupMs").isNumber() ? snapshot.path("playEventStartupMs").asLong() : null;
    }

    public List<Long> stallDurationsMs() {
        List<Long> durations = new ArrayList<>();
        snapshot.path("stalls").forEach(stall -> durations.add(stall.path("durationMs").asLong()));
        return durations;
    }

    public List<Long> seekDurationsMs() {
        List<Long> durations = new ArrayList<>();
        snapshot.path("seeks").forEach(seek -> durations.add(seek.path("durationMs").asLong()));
        return durations;
    }

    /** Time of the first event of {@code type}, or -1. */
    public long firstEventAt(String type) {
        for (JsonNode event : snapshot.path("events")) {
            if (event.path("type").asText().equals(type)) {
                return event.path("t").asLong();
            }
        }
        return -1;
    }

    /**
     * Beacons the page sent to Playtrace (logged by {@code browser/common/beacon-log.js}) that were not wholly
     * accepted: an HTTP status other than 200, or an answer with {@code rejected > 0}. Each as "status answer; body".
     */
    public List<String> beaconProblems() {
        return beaconProblems(List.of());
    }

    /** {@link #beaconProblems()} but for refusals with one of {@code expectedErrorCodes} ({@code error.code}). */
    public List<String> beaconProblems(List<String> expectedErrorCodes) {
        List<String> problems = new ArrayList<>();
        for (JsonNode beacon : snapshot.path("beacons")) {
            String response = beacon.path("response").asText();
            if (expectedErrorCodes.stream().anyMatch(code -> response.contains("\"code\":\"" + code + "\""))) {
                continue;
            }
            boolean accepted = beacon.path("status").asInt() == 200 && !response.matches("(?s).*\"rejected\"\\s*:\\s*[1-9].*");
            if (!accepted && !beacon.path("status").asText().equals("sendBeacon")) {
                problems.add(beacon.path("status").asText() + " " + response + "; sent: " + beacon.path("body").asText());
            }
        }
        return problems;
    }

    /** Events Playtrace accepted from the page's beacons, summed from its answers ({@code accepted}). */
    public int acceptedEventCount() {
        int accepted = 0;
        for (JsonNode beacon : snapshot.path("beacons")) {
            Matcher matcher = ACCEPTED.matcher(beacon.path("response").asText());
            if (matcher.find()) {
                accepted += Integer.parseInt(matcher.group(1));
            }
        }
        return accepted;
    }

    /**
     * The latest {@code ts} of the CMCD reports the page sent, in page ms: the end of a view that no quit report
     * ({@code sta=q}) closed. Page ms = epoch ms minus the page's wall-clock offset, read off its first event.
     */
    public long lastCmcdReportAt() {
        long lastTs = 0;
        for (JsonNode beacon : snapshot.path("beacons")) {
            Matcher matcher = CMCD_TS.matcher(beacon.path("body").asText());
            while (matcher.find()) {
                lastTs = Math.max(lastTs, Long.parseLong(matcher.group(1)));
            }
        }
        JsonNode first = snapshot.path("events").get(0);
        return lastTs - (first.path("wall").asLong() - first.path("t").asLong());
    }

    /**
     * One line holding the page's numbers next to the stored view's, for the test log (tolerances are easier to
     * judge with the real spread in front of you).
     */
    public String compareWith(String scenario, JsonNode view) {
        return String.format("[%s] startup page=%s (from play event %s) server=%s | stalls page=%s server=%d/%dms | seeks page=%s server=%d/%dms"
                        + " | watch server=%dms | renditions=%d | errors=%d outcome=%s | beacons=%d accepted=%d",
                scenario, startupMs(), playEventStartupMs(), view.path("time_to_first_frame").asText(), stallDurationsMs(),
                view.path("rebuffer_count").asInt(), view.path("rebuffer_duration").asLong(), seekDurationsMs(),
                view.path("view_seek_count").asInt(), view.path("view_seek_duration").asLong(),
                view.path("watch_time").asLong(), view.path("rendition_change_count").asInt(),
                view.path("error_count").asInt(), view.path("outcome").asText(), beaconCount(), acceptedEventCount());
    }

    /** How many beacons the page sent to Playtrace. */
    public int beaconCount() {
        return snapshot.path("beacons").size();
    }

    /** When {@code harness.finish()} was called (the view's end for SDKs that end it there). */
    public long finishAt() {
        return snapshot.path("finishAt").asLong();
    }

    /**
     * Watch time as metrics.md defines it, from the page's events: play request to {@code endAt}, minus paused
     * intervals ({@code pause} to the next {@code play}), cut at {@code ended}.
     */
    public long watchTimeMs(long endAt) {
        long ended = firstEventAt("ended");
        long end = ended >= 0 ? Math.min(ended, endAt) : endAt;
        long paused = 0;
        Long pausedAt = null;
        for (JsonNode event : snapshot.path("events")) {
            long t = event.path("t").asLong();
            String type = event.path("type").asText();
            if (t < playRequestedAt() || t > end) {
                continue;
            }
            if (type.equals("pause") && pausedAt == null) {
                pausedAt = t;
            } else if (type.equals("play") && pausedAt != null) {
                paused += t - pausedAt;
                pausedAt = null;
            }
        }
        if (pausedAt != null) {
            paused += end - pausedAt;
        }
        return end - playRequestedAt() - paused;
    }
}
