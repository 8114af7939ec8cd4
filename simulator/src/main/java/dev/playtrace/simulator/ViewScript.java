package dev.playtrace.simulator;

import dev.playtrace.model.EventName;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Scripts one view as a sequence of viewer and player actions, each at a time since {@code viewstart} (true clock,
 * ms), and labels the playback phase each action puts the view in. The random {@link ViewerSimulator} drives it,
 * and tests use it directly to build hand-picked scenarios whose numbers they compute by hand.
 *
 * <p>Actions are atomic episodes ({@link #stall}, {@link #seek}, {@link #pauseFor}, ...), so a view is never left
 * inside a stall or a seek when it ends, and the truth needs no reading of events. Heartbeats ({@code hb} every
 * 10 s while not paused) are added when the script is {@linkplain #build built}.
 *
 * <pre>{@code
 * SimulatedView view = ViewScript.begin(ViewSetup.simple("env", "v-1", video), startMs)
 *         .play(500).firstFrame(1_300)
 *         .stall(20_000, 1_500)          // a 1.5 s rebuffer
 *         .pauseFor(40_000, 6_000, 80)   // paused 6 s, 80 ms to resume (counts as playing)
 *         .viewEnd(90_000)
 *         .build();
 * }</pre>
 */
public final class ViewScript {
    /** A stall at least this long is a rebuffer; a shorter one counts as playing (metrics.md §3a.2). */
    public static final long MIN_REBUFFER_MS = 250;
    /** A stall this long closes the view (metrics.md §2); scripts stay below it. */
    public static final long MAX_STALL_MS = 300_000;
    /** Seeks closer than this are one seek (metrics.md §3a.3). */
    public static final long SEEK_MERGE_WINDOW_MS = 2_000;
    /** The SDK's heartbeat period while not paused, and its beacon flush period. */
    public static final long HEARTBEAT_MS = 10_000;

    private final ViewSetup setup;
    private final long viewStartMs;
    private final List<Step> steps = new ArrayList<>(64);
    private Phase phase = Phase.PRE_PLAY;
    private long lastAtMs;
    private long playheadMs;
    private int rendition;
    private boolean playSent;
    private boolean finished;
    private boolean dropped;
    private long dropAtMs;

    private ViewScript(ViewSetup setup, long viewStartMs) {
        this.setup = requireNonNull(setup, "setup is null");
        this.viewStartMs = viewStartMs;
        this.rendition = setup.initialRendition();
        steps.add(new Step(EventName.VIEWSTART, 0, 0, Phase.PRE_PLAY, rendition, null, false));
    }

    /** Starts a view: its {@code viewstart} is at {@code viewStartMs} (true clock, epoch ms). */
    public static ViewScript begin(ViewSetup setup, long viewStartMs) {
        return new ViewScript(setup, viewStartMs);
    }

    public ViewSetup setup() {
        return setup;
    }

    public long viewStartMs() {
        return viewStartMs;
    }

    /** Time of the latest scripted event, ms since {@code viewstart}. */
    public long lastAtMs() {
        return lastAtMs;
    }

    /** The playhead position the player would report at {@code atMs} (it advances while playing). */
    public long playheadAt(long atMs) {
        return phase == Phase.PLAYING ? playheadMs + Math.max(0, atMs - lastAtMs) : playheadMs;
    }

    public int rendition() {
        return rendition;
    }

    /** The play request (user pressed play, or autoplay asked to play). */
    public ViewScript play(long atMs) {
        expect(Phase.PRE_PLAY, "play");
        playSent = true;
        add(EventName.PLAY, atMs, Phase.STARTING, null, false);
        return this;
    }

    /** A {@code waiting} before the first frame: still startup, not a rebuffer. */
    public ViewScript waitingBeforeFirstFrame(long atMs) {
        expect(Phase.STARTING, "waiting before the first frame");
        add(EventName.WAITING, atMs, Phase.STARTING, null, false);
        return this;
    }

    /**
     * The first {@code playing}. Without an earlier {@link #play}, this is the autoplay path where the play request
     * is the {@code viewstart} time (metrics.md §3a.1).
     */
    public ViewScript firstFrame(long atMs) {
        if (phase != Phase.STARTING && phase != Phase.PRE_PLAY) {
            throw new IllegalStateException("first frame in phase " + phase);
        }
        if (phase == Phase.PRE_PLAY) {
            // autoplay without a play event: the play request is the viewstart, so startup began there
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                steps.set(i, new Step(step.kind(), step.atMs(), step.playheadMs(), Phase.STARTING, step.rendition(),
                        step.error(), step.seekStart()));
            }
            phase = Phase.STARTING;
        }
        add(EventName.PLAYING, atMs, Phase.PLAYING, null, false);
        return this;
    }

    /**
     * A stall while playing: {@code waiting} at {@code atMs}, {@code playing} {@code durationMs} later. Shorter than
     * {@link #MIN_REBUFFER_MS} it counts as playing time, otherwise as one rebuffer.
     */
    public ViewScript stall(long atMs, long durationMs) {
        expect(Phase.PLAYING, "stall");
        if (!playSent) {
            // metrics.md §3a.2: the player "intends to play" from a play; with no play at all that reading is open
            throw new IllegalStateException("a stall needs a play request before it (autoplay without play)");
        }
        checkStall(durationMs);
        add(EventName.WAITING, atMs, durationMs < MIN_REBUFFER_MS ? Phase.PLAYING : Phase.REBUFFER, null, false);
        add(EventName.PLAYING, atMs + durationMs, Phase.PLAYING, null, false);
        return this;
    }

    /**
     * A seek while playing: {@code seeking} at {@code atMs}, optionally a {@code waiting} (not a stall, it is part
     * of the seek), {@code seeked} at {@code atMs + seekedAfterMs}, and {@code playing} at {@code atMs + bufferMs}:
     * {@code bufferMs} of seek buffering.
     */
    public ViewScript seek(long atMs, long seekedAfterMs, long bufferMs, long targetPlayheadMs,
            boolean waitingDuringSeek) {
        expect(Phase.PLAYING, "seek");
        if (seekedAfterMs <= 0 || seekedAfterMs >= bufferMs) {
            throw new IllegalArgumentException("seeked must come after seeking and before playing");
        }
        add(EventName.SEEKING, atMs, Phase.SEEK, null, true);
        if (waitingDuringSeek) {
            add(EventName.WAITING, atMs + seekedAfterMs / 2, Phase.SEEK, null, false);
        }
        playheadMs = targetPlayheadMs;
        add(EventName.SEEKED, atMs + seekedAfterMs, Phase.SEEK, null, false);
        add(EventName.PLAYING, atMs + bufferMs, Phase.PLAYING, null, false);
        return this;
    }

    /**
     * Two seeks {@code secondAfterMs} apart (less than {@link #SEEK_MERGE_WINDOW_MS}: scrubbing), counted as one
     * seek whose buffering runs from the first {@code seeking} to the {@code playing} at {@code atMs + bufferMs}.
     */
    public ViewScript doubleSeek(long atMs, long secondAfterMs, long bufferMs, long firstTargetMs,
            long secondTargetMs) {
        expect(Phase.PLAYING, "double seek");
        if (secondAfterMs >= SEEK_MERGE_WINDOW_MS || secondAfterMs < 2 || bufferMs <= secondAfterMs + 1) {
            throw new IllegalArgumentException("the second seek must follow within 2 s, before playing resumes");
        }
        add(EventName.SEEKING, atMs, Phase.SEEK, null, true);
        playheadMs = firstTargetMs;
        add(EventName.SEEKED, atMs + secondAfterMs / 2, Phase.SEEK, null, false);
        add(EventName.SEEKING, atMs + secondAfterMs, Phase.SEEK, null, false);
        playheadMs = secondTargetMs;
        add(EventName.SEEKED, atMs + secondAfterMs + (bufferMs - secondAfterMs) / 2, Phase.SEEK, null, false);
        add(EventName.PLAYING, atMs + bufferMs, Phase.PLAYING, null, false);
        return this;
    }

    /** {@code pause} while playing. */
    public ViewScript pause(long atMs) {
        expect(Phase.PLAYING, "pause");
        add(EventName.PAUSE, atMs, Phase.PAUSED, null, false);
        return this;
    }

    /** A seek while paused: buffering from {@code seeking} to {@code seeked} ({@code bufferMs}), still paused. */
    public ViewScript seekWhilePaused(long atMs, long bufferMs, long targetPlayheadMs) {
        expect(Phase.PAUSED, "seek while paused");
        if (bufferMs <= 0) {
            throw new IllegalArgumentException("bufferMs must be positive");
        }
        add(EventName.SEEKING, atMs, Phase.SEEK_PAUSED, null, true);
        playheadMs = targetPlayheadMs;
        add(EventName.SEEKED, atMs + bufferMs, Phase.PAUSED, null, false);
        return this;
    }

    /**
     * Resume after a pause: {@code play} at {@code atMs}, {@code playing} {@code latencyMs} later. That wait is a
     * stall (metrics.md §3a.2: from a resume {@code play} to the next {@code playing}): a rebuffer when at least
     * {@link #MIN_REBUFFER_MS}, playing time when shorter.
     */
    public ViewScript resume(long atMs, long latencyMs) {
        expect(Phase.PAUSED, "resume");
        checkStall(latencyMs);
        playSent = true;
        add(EventName.PLAY, atMs, latencyMs < MIN_REBUFFER_MS ? Phase.PLAYING : Phase.REBUFFER, null, false);
        add(EventName.PLAYING, atMs + latencyMs, Phase.PLAYING, null, false);
        return this;
    }

    /** {@link #pause} at {@code atMs}, {@link #resume} {@code pausedMs} later. */
    public ViewScript pauseFor(long atMs, long pausedMs, long resumeLatencyMs) {
        return pause(atMs).resume(atMs + pausedMs, resumeLatencyMs);
    }

    /** A switch to another rung of {@link Rendition#LADDER} while playing. */
    public ViewScript renditionChange(long atMs, int renditionIndex) {
        expect(Phase.PLAYING, "rendition change");
        if (renditionIndex < 0 || renditionIndex >= Rendition.LADDER.size() || renditionIndex == rendition) {
            throw new IllegalArgumentException("not a new rendition: " + renditionIndex);
        }
        add(EventName.RENDITIONCHANGE, atMs, Phase.PLAYING, null, false);
        rendition = renditionIndex;
        steps.set(steps.size() - 1, withRendition(steps.get(steps.size() - 1), renditionIndex));
        return this;
    }

    /** A non-fatal error: counted as a warning, changes no state. */
    public ViewScript warning(long atMs, String code, String message) {
        if (phase == Phase.PRE_PLAY || phase == Phase.ENDED || phase == Phase.ERRORED) {
            throw new IllegalStateException("warning in phase " + phase);
        }
        add(EventName.ERROR, atMs, phase, new ErrorSpec(code, message, false, false), false);
        return this;
    }

    /**
     * A fatal error: before the first frame a video startup failure, after it a playback failure. Watch time stops
     * here. A further fatal error after the first is allowed (players repeat them) and only adds to the count.
     */
    public ViewScript fatalError(long atMs, String code, String message, boolean businessException) {
        if (phase != Phase.STARTING && phase != Phase.PLAYING && phase != Phase.ERRORED) {
            throw new IllegalStateException("fatal error in phase " + phase);
        }
        add(EventName.ERROR, atMs, Phase.ERRORED, new ErrorSpec(code, message, true, businessException), false);
        return this;
    }

    /** Content played to its end (on-demand only). */
    public ViewScript ended(long atMs) {
        expect(Phase.PLAYING, "ended");
        if (setup.video().live()) {
            throw new IllegalStateException("a live stream does not end");
        }
        add(EventName.ENDED, atMs, Phase.ENDED, null, false);
        return this;
    }

    /** The view closes with {@code viewend} (page unload, player destroyed). */
    public ViewScript viewEnd(long atMs) {
        if (phase == Phase.SEEK || phase == Phase.SEEK_PAUSED || phase == Phase.REBUFFER) {
            throw new IllegalStateException("viewend inside an episode: " + phase);
        }
        add(EventName.VIEWEND, atMs, phase, null, false);
        finished = true;
        return this;
    }

    /**
     * The player goes silent at {@code silentFromMs} without a {@code viewend} (tab killed, network lost): it keeps
     * sending heartbeats until then, and the server's inactivity timeout closes the view at its last event.
     */
    public ViewScript drop(long silentFromMs) {
        if (finished) {
            throw new IllegalStateException("view already finished");
        }
        if (silentFromMs < lastAtMs) {
            throw new IllegalArgumentException("drop before the last event: " + silentFromMs + " < " + lastAtMs);
        }
        finished = true;
        dropped = true;
        dropAtMs = silentFromMs;
        return this;
    }

    /** Builds the view with every beacon delivered once, in order. */
    public SimulatedView build() {
        return build(DeliveryFaults.NONE);
    }

    /** Adds heartbeats, plans the beacons, and computes the view's ground truth. */
    public SimulatedView build(DeliveryFaults faults) {
        if (!finished) {
            throw new IllegalStateException("end the script with viewEnd or drop first");
        }
        List<Step> withHeartbeats = new ArrayList<>(steps.size() + (int) (lastAtMs / HEARTBEAT_MS) + 4);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            withHeartbeats.add(step);
            boolean last = i == steps.size() - 1;
            if (!step.phaseAfter().heartbeats() || (last && !dropped) || step.kind() == EventName.VIEWEND) {
                continue;
            }
            long limit = last ? dropAtMs + 1 : steps.get(i + 1).atMs();
            for (long at = step.atMs() + HEARTBEAT_MS; at < limit; at += HEARTBEAT_MS) {
                long playhead = step.phaseAfter() == Phase.PLAYING
                        ? step.playheadMs() + (at - step.atMs())
                        : step.playheadMs();
                withHeartbeats.add(new Step(EventName.HEARTBEAT, at, playhead, step.phaseAfter(), step.rendition(),
                        null, false));
            }
        }
        return new SimulatedView(setup, viewStartMs, withHeartbeats.toArray(new Step[0]), dropped, faults);
    }

    private void add(EventName kind, long atMs, Phase after, ErrorSpec error, boolean seekStart) {
        if (finished) {
            throw new IllegalStateException("view already finished");
        }
        if (atMs < lastAtMs) {
            throw new IllegalArgumentException(kind.wireName() + " at " + atMs + " before the previous event at "
                    + lastAtMs);
        }
        playheadMs = playheadAt(atMs);
        lastAtMs = atMs;
        phase = after;
        steps.add(new Step(kind, atMs, playheadMs, after, rendition, error, seekStart));
    }

    private void expect(Phase expected, String action) {
        if (phase != expected) {
            throw new IllegalStateException(action + " in phase " + phase + ", expected " + expected);
        }
    }

    private static void checkStall(long durationMs) {
        if (durationMs <= 0 || durationMs >= MAX_STALL_MS) {
            throw new IllegalArgumentException("stall duration out of (0, 300 s): " + durationMs);
        }
    }

    private static Step withRendition(Step step, int renditionIndex) {
        return new Step(step.kind(), step.atMs(), step.playheadMs(), step.phaseAfter(), renditionIndex, step.error(),
                step.seekStart());
    }

    /** Whether a {@code play} was sent (stalls are only scripted after one, see {@link #stall}). */
    boolean playRequestSent() {
        return playSent;
    }
}
