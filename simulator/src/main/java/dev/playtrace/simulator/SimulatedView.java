package dev.playtrace.simulator;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.EventName;
import dev.playtrace.model.FatalError;
import dev.playtrace.model.ViewOutcome;
import dev.playtrace.model.ViewScores;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated view: its ground truth, its events, and the beacons the SDK sends for it. Beacons are rendered to
 * JSON on demand (a view holds only its compact script), so streams of millions of views stay cheap.
 */
public final class SimulatedView {
    private final ViewSetup setup;
    private final long viewStartMs;
    private final Step[] steps;
    private final boolean dropped;
    private final Delivery[] deliveries;
    private final TruthView truth;
    private String viewIdFragment;
    private String metadataTail;

    /** One send of a beacon: the events {@code [fromEvent, toEvent)} of the view. */
    record Delivery(long sendAtMs, int fromEvent, int toEvent, Beacon.Delivery kind, int flushIndex) {
    }

    SimulatedView(ViewSetup setup, long viewStartMs, Step[] steps, boolean dropped, DeliveryFaults faults) {
        this.setup = setup;
        this.viewStartMs = viewStartMs;
        this.steps = steps;
        this.dropped = dropped;
        this.deliveries = planDeliveries(faults);
        this.truth = computeTruth();
    }

    public TruthView truth() {
        return truth;
    }

    public ViewSetup setup() {
        return setup;
    }

    public String viewId() {
        return setup.viewId();
    }

    public long viewStartMs() {
        return viewStartMs;
    }

    /** Send time of the view's first beacon (its {@code viewstart}, flushed at once). */
    public long firstSendAtMs() {
        return deliveries[0].sendAtMs();
    }

    public int eventCount() {
        return steps.length;
    }

    public int beaconCount() {
        return deliveries.length;
    }

    /** Every beacon of the view, in send order (duplicates and late retries included). */
    public List<Beacon> beacons() {
        List<Beacon> beacons = new ArrayList<>(deliveries.length);
        for (int i = 0; i < deliveries.length; i++) {
            beacons.add(beacon(i));
        }
        return beacons;
    }

    /** Every event of the view once, in sequence order, with the fields its JSON carries. */
    public List<SimulatedEvent> events() {
        List<SimulatedEvent> events = new ArrayList<>(steps.length);
        for (int i = 0; i < steps.length; i++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            writeExtraFields(i, new FieldSink() {
                @Override
                public void string(String key, String value) {
                    fields.put(key, value);
                }

                @Override
                public void number(String key, long value) {
                    fields.put(key, value);
                }

                @Override
                public void bool(String key, boolean value) {
                    fields.put(key, value);
                }
            });
            Step step = steps[i];
            events.add(new SimulatedEvent(i + 1, step.kind().wireName(), viewStartMs + step.atMs(),
                    viewStartMs + step.atMs() + setup.clockOffsetMs(), step.playheadMs(),
                    Collections.unmodifiableMap(fields)));
        }
        return events;
    }

    /** Renders the beacon of the {@code index}-th send (in send order). */
    Beacon beacon(int index) {
        Delivery delivery = deliveries[index];
        if (viewIdFragment == null) {
            StringBuilder fragment = new StringBuilder("\",\"view_id\":");
            Json.string(fragment, setup.viewId());
            viewIdFragment = fragment.append(",\"view_sequence_number\":").toString();
            StringBuilder metadata = new StringBuilder(",\"env_key\":");
            Json.string(metadata, setup.envKey());
            metadataTail = metadata.append("},\"events\":[").toString();
        }
        int events = delivery.toEvent() - delivery.fromEvent();
        StringBuilder json = new StringBuilder(128 + 180 * events + (steps[delivery.fromEvent()].kind()
                == EventName.VIEWSTART || steps[delivery.toEvent() - 1].kind() == EventName.VIEWEND ? 1024 : 0));
        json.append(Beacon.BODY_PREFIX).append(delivery.sendAtMs() + setup.clockOffsetMs()).append(metadataTail);
        JsonSink sink = new JsonSink(json);
        long viewerTimeBase = viewStartMs + setup.clockOffsetMs();
        for (int i = delivery.fromEvent(); i < delivery.toEvent(); i++) {
            if (i > delivery.fromEvent()) {
                json.append(',');
            }
            Step step = steps[i];
            json.append("{\"event\":\"").append(step.kind().wireName()).append(viewIdFragment).append(i + 1)
                    .append(",\"viewer_time\":").append(viewerTimeBase + step.atMs())
                    .append(",\"player_playhead_time\":").append(step.playheadMs());
            writeExtraFields(i, sink);
            json.append('}');
        }
        json.append("]}");
        return new Beacon(delivery.sendAtMs(), setup.viewId(), setup.userAgent(), setup.countryCode(),
                setup.clockOffsetMs(), delivery.kind(), delivery.toEvent() - delivery.fromEvent(), json.toString());
    }

    Delivery delivery(int index) {
        return deliveries[index];
    }

    // ---- rendering -------------------------------------------------------------------------------------------

    private interface FieldSink {
        void string(String key, String value);

        void number(String key, long value);

        void bool(String key, boolean value);
    }

    private static final class JsonSink implements FieldSink {
        private final StringBuilder json;

        JsonSink(StringBuilder json) {
            this.json = json;
        }

        @Override
        public void string(String key, String value) {
            json.append(",\"").append(key).append("\":");
            Json.string(json, value);
        }

        @Override
        public void number(String key, long value) {
            json.append(",\"").append(key).append("\":").append(value);
        }

        @Override
        public void bool(String key, boolean value) {
            json.append(",\"").append(key).append("\":").append(value);
        }
    }

    /**
     * The fields of event {@code i} beyond the five always sent. Deltas only: {@code viewstart} and {@code viewend}
     * carry the full state; {@code renditionchange} the new source fields; {@code error} its error fields (they
     * describe that error, so they are sent on each error event); every other event nothing more.
     */
    private void writeExtraFields(int i, FieldSink sink) {
        Step step = steps[i];
        switch (step.kind()) {
            case VIEWSTART, VIEWEND -> writeFullState(step.rendition(), sink);
            case RENDITIONCHANGE -> writeRendition(step.rendition(), sink);
            case ERROR -> {
                ErrorSpec error = step.error();
                sink.string("player_error_code", error.code());
                sink.string("player_error_message", error.message());
                sink.string("player_error_severity", error.severity());
                sink.bool("player_error_business_exception", error.businessException());
            }
            default -> {
            }
        }
    }

    private void writeFullState(int rendition, FieldSink sink) {
        Video video = setup.video();
        sink.string("video_id", video.id());
        sink.string("video_title", video.title());
        if (video.series() != null) {
            sink.string("video_series", video.series());
        }
        sink.string("video_stream_type", video.streamType());
        if (video.durationMs() != null) {
            sink.number("video_duration", video.durationMs());
        }
        if (setup.cdn() != null) {
            sink.string("video_cdn", setup.cdn());
        }
        if (setup.playerName() != null) {
            sink.string("player_name", setup.playerName());
        }
        if (setup.playerVersion() != null) {
            sink.string("player_version", setup.playerVersion());
        }
        sink.number("player_width", setup.playerWidthPx());
        sink.number("player_height", setup.playerHeightPx());
        writeRendition(rendition, sink);
        sink.string("mux_viewer_id", setup.muxViewerId());
        if (setup.viewerUserId() != null) {
            sink.string("viewer_user_id", setup.viewerUserId());
        }
        if (setup.subPropertyId() != null) {
            sink.string("sub_property_id", setup.subPropertyId());
        }
        if (setup.pageType() != null) {
            sink.string("page_type", setup.pageType());
        }
        if (setup.experimentName() != null) {
            sink.string("experiment_name", setup.experimentName());
        }
        for (Map.Entry<Dimension, String> custom : setup.customFields().entrySet()) {
            sink.string(custom.getKey().beaconField(), custom.getValue());
        }
    }

    private static void writeRendition(int rendition, FieldSink sink) {
        Rendition source = Rendition.LADDER.get(rendition);
        sink.number("video_source_width", source.widthPx());
        sink.number("video_source_height", source.heightPx());
        sink.number("video_source_bitrate", source.bitrateBps());
    }

    // ---- beacon plan -----------------------------------------------------------------------------------------

    private static boolean flushesAtOnce(EventName kind) {
        return kind == EventName.VIEWSTART || kind == EventName.ERROR || kind == EventName.ENDED
                || kind == EventName.VIEWEND;
    }

    /**
     * The SDK's flushes: a timer every 10 s from {@code viewstart} sends what is queued; {@code viewstart},
     * {@code error}, {@code ended} and {@code viewend} are sent at once (with what was queued before them).
     */
    private Delivery[] planDeliveries(DeliveryFaults faults) {
        List<long[]> flushes = new ArrayList<>(steps.length / 3 + 2); // {sendAtMs, from, to}
        int from = 0;
        long nextTickMs = viewStartMs + ViewScript.HEARTBEAT_MS;
        for (int i = 0; i < steps.length; i++) {
            long atMs = viewStartMs + steps[i].atMs();
            if (nextTickMs < atMs) {
                if (from < i) {
                    flushes.add(new long[] {nextTickMs, from, i});
                    from = i;
                }
                long behind = atMs - nextTickMs;
                nextTickMs += ((behind + ViewScript.HEARTBEAT_MS - 1) / ViewScript.HEARTBEAT_MS)
                        * ViewScript.HEARTBEAT_MS;
            }
            if (flushesAtOnce(steps[i].kind())) {
                flushes.add(new long[] {atMs, from, i + 1});
                from = i + 1;
            }
        }
        if (from < steps.length) {
            flushes.add(new long[] {nextTickMs, from, steps.length});
        }
        List<Delivery> sends = new ArrayList<>(flushes.size() + 2);
        for (int index = 0; index < flushes.size(); index++) {
            long[] flush = flushes.get(index);
            long sendAtMs = flush[0];
            Beacon.Delivery kind = Beacon.Delivery.NORMAL;
            boolean hasSuccessor = index + 1 < flushes.size();
            if (hasSuccessor && faults.delay(index)) {
                long successorAtMs = flushes.get(index + 1)[0];
                if (!faults.isRandom() || successorAtMs - sendAtMs <= DeliveryFaults.MAX_DELAY_GAP_MS) {
                    sendAtMs = successorAtMs + faults.delayPastSuccessorMs();
                    kind = Beacon.Delivery.DELAYED;
                }
            }
            sends.add(new Delivery(sendAtMs, (int) flush[1], (int) flush[2], kind, index));
            if (faults.duplicate(index)) {
                sends.add(new Delivery(sendAtMs + faults.retryDelayMs(), (int) flush[1], (int) flush[2],
                        Beacon.Delivery.DUPLICATE, index));
            }
        }
        Delivery[] planned = sends.toArray(new Delivery[0]);
        Arrays.sort(planned, Comparator.comparingLong(Delivery::sendAtMs).thenComparingInt(Delivery::flushIndex)
                .thenComparing(Delivery::kind));
        return planned;
    }

    // ---- truth -----------------------------------------------------------------------------------------------

    private TruthView computeTruth() {
        Step last = steps[steps.length - 1];
        long lastEventAtMs = viewStartMs + last.atMs();

        Integer playRequestIndex = null;
        Integer firstFrameIndex = null;
        Integer fatalIndex = null;
        Integer endedIndex = null;
        for (int i = 0; i < steps.length; i++) {
            Step step = steps[i];
            if (step.kind() == EventName.PLAY && playRequestIndex == null) {
                playRequestIndex = i;
            }
            if (step.kind() == EventName.PLAYING && firstFrameIndex == null) {
                firstFrameIndex = i;
                if (playRequestIndex == null) {
                    playRequestIndex = 0; // autoplay without a play event: the viewstart time (§3a.1)
                }
            }
            if (step.kind() == EventName.ERROR && step.error().fatal() && fatalIndex == null) {
                fatalIndex = i;
            }
            if (step.kind() == EventName.ENDED && endedIndex == null) {
                endedIndex = i;
            }
        }

        long viewEndMs = fatalIndex != null ? viewStartMs + steps[fatalIndex].atMs() : lastEventAtMs;
        Long playRequestedAtMs = playRequestIndex == null ? null : viewStartMs + steps[playRequestIndex].atMs();
        Long firstFrameAtMs = firstFrameIndex == null ? null : viewStartMs + steps[firstFrameIndex].atMs();

        // metrics stop at the first fatal error and at ended; otherwise at the view's end
        long accountingEndAt = last.atMs();
        if (fatalIndex != null) {
            accountingEndAt = Math.min(accountingEndAt, steps[fatalIndex].atMs());
        }
        if (endedIndex != null) {
            accountingEndAt = Math.min(accountingEndAt, steps[endedIndex].atMs());
        }
        long accountingStartAt = playRequestIndex == null ? Long.MAX_VALUE : steps[playRequestIndex].atMs();

        long startingMs = 0;
        long playingMs = 0;
        long rebufferMs = 0;
        long seekBufferMs = 0;
        long pausedMs = 0;
        int rebufferCount = 0;
        int seekCount = 0;
        int renditionChanges = 0;
        int errorCount = 0;
        int warningCount = 0;
        long[] playingByRendition = new long[Rendition.LADDER.size()];
        Phase previousPhase = null;
        for (int i = 0; i < steps.length; i++) {
            Step step = steps[i];
            if (step.kind() == EventName.ERROR) {
                if (step.error().fatal()) {
                    errorCount++;
                } else {
                    warningCount++;
                }
            }
            boolean inAccounting = step.atMs() >= accountingStartAt && step.atMs() < accountingEndAt;
            if (inAccounting && step.seekStart()) {
                seekCount++;
            }
            // a switch at the very end (the last event of a dropped view) still happened during playback
            if (step.kind() == EventName.RENDITIONCHANGE && step.atMs() >= accountingStartAt
                    && step.atMs() <= accountingEndAt) {
                renditionChanges++;
            }
            if (inAccounting && step.phaseAfter() == Phase.REBUFFER && previousPhase != Phase.REBUFFER) {
                rebufferCount++;
            }
            previousPhase = step.phaseAfter();
            if (i + 1 == steps.length) {
                break;
            }
            long from = Math.max(step.atMs(), accountingStartAt);
            long to = Math.min(steps[i + 1].atMs(), accountingEndAt);
            if (to <= from) {
                continue;
            }
            long span = to - from;
            switch (step.phaseAfter()) {
                case STARTING -> startingMs += span;
                case PLAYING -> {
                    playingMs += span;
                    playingByRendition[step.rendition()] += span;
                }
                case REBUFFER -> rebufferMs += span;
                case SEEK, SEEK_PAUSED -> seekBufferMs += span;
                case PAUSED -> pausedMs += span;
                case PRE_PLAY, ENDED, ERRORED -> {
                }
            }
        }

        long playDurationMs = playingMs + rebufferMs + seekBufferMs;
        long watchTimeMs = startingMs + playDurationMs;

        Double avgBitrateBps = null;
        Double upscalePct = null;
        Double maxUpscalePct = null;
        if (playingMs > 0) {
            double bitrateSum = 0;
            double upscaleSum = 0;
            double maxUpscale = 0;
            for (int r = 0; r < playingByRendition.length; r++) {
                if (playingByRendition[r] == 0) {
                    continue;
                }
                Rendition rendition = Rendition.LADDER.get(r);
                double upscale = rendition.upscaleFraction(setup.playerWidthPx(), setup.playerHeightPx());
                bitrateSum += (double) rendition.bitrateBps() * playingByRendition[r];
                upscaleSum += upscale * playingByRendition[r];
                maxUpscale = Math.max(maxUpscale, upscale);
            }
            avgBitrateBps = bitrateSum / playingMs;
            upscalePct = 100.0 * upscaleSum / playingMs;
            maxUpscalePct = 100.0 * maxUpscale;
        }

        FatalError fatalError = null;
        if (fatalIndex != null) {
            ErrorSpec error = steps[fatalIndex].error();
            fatalError = new FatalError(error.code(), error.message(), error.businessException(),
                    firstFrameIndex == null || firstFrameIndex > fatalIndex, viewStartMs + steps[fatalIndex].atMs());
        }
        boolean started = firstFrameIndex != null && (fatalIndex == null || firstFrameIndex < fatalIndex);
        ViewOutcome outcome;
        if (playRequestIndex == null) {
            outcome = ViewOutcome.NO_PLAY_REQUEST;
        } else if (started) {
            outcome = ViewOutcome.STARTED;
        } else if (fatalError != null) {
            outcome = ViewOutcome.VIDEO_STARTUP_FAILURE;
        } else {
            outcome = ViewOutcome.EXIT_BEFORE_VIDEO_START;
        }
        Long startupTimeMs = started ? firstFrameAtMs - playRequestedAtMs : null;
        ViewScores scores = Scores.of(outcome, fatalError, playRequestedAtMs, viewEndMs, startupTimeMs,
                rebufferCount, rebufferMs, watchTimeMs, upscalePct, maxUpscalePct);

        return new TruthView(setup.viewId(), setup.viewerId(), setup.viewerUserId(), setup.muxViewerId(),
                setup.dimensions(), setup.userAgent(), setup.countryCode(), setup.clockOffsetMs(), viewStartMs,
                viewEndMs, lastEventAtMs, playRequestedAtMs, started ? firstFrameAtMs : null, startupTimeMs,
                playingMs, rebufferCount, rebufferMs, seekCount, seekBufferMs, pausedMs, watchTimeMs,
                playDurationMs, avgBitrateBps, renditionChanges, upscalePct, maxUpscalePct, fatalError, errorCount,
                warningCount, endedIndex != null && (fatalIndex == null || endedIndex < fatalIndex), dropped,
                outcome, scores, steps.length);
    }
}
