package dev.playtrace.simulator;

import dev.playtrace.model.Dimension;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Draws simulated views with known ground truth, deterministically from a seed: who watches what on which device,
 * and how playback goes (startup, stalls, seeks, pauses, rendition switches, errors, exits), scripted through
 * {@link ViewScript}. Every view depends only on the seed, the request that produced it and its index, so views are
 * generated lazily (streams of millions need no memory) and the same call always yields the same views.
 *
 * <p>Behaviour is kept where metrics.md is unambiguous: episodes (stalls, seeks, pauses) are at least
 * {@link #MIN_EPISODE_GAP_MS} apart, stalls are either well under or well over 250 ms, views never end inside a
 * stall or a seek, no pause lasts 120 s (the server's inactivity timeout), and exits before video start never end
 * near the 1 s score threshold.
 */
public final class ViewerSimulator {
    /** Quiet playing time between two episodes (stall, seek, pause), so none can be read as merged. */
    public static final long MIN_EPISODE_GAP_MS = 3_000;
    /** The longest pause (below the server's default 120 s inactivity timeout, retries included). */
    public static final long MAX_PAUSE_MS = 75_000;

    private static final String[] CDNS = {"fastly", "cloudfront", "akamai", "cloudflare"};
    private static final double[] CDN_CUMULATIVE = {0.40, 0.70, 0.90, 1.0};
    private static final ErrorSpec[] STARTUP_ERRORS = {
        new ErrorSpec("manifestLoadError", "Failed to load the HLS manifest (HTTP 404)", true, false),
        new ErrorSpec("4", "MEDIA_ERR_SRC_NOT_SUPPORTED: no supported source was found", true, false),
        new ErrorSpec("6007", "Shaka: license request failed", true, false),
        new ErrorSpec("manifestLoadTimeOut", "Timed out loading the manifest", true, false),
    };
    private static final ErrorSpec[] STARTUP_BUSINESS_ERRORS = {
        new ErrorSpec("GEO_BLOCKED", "This video is not available in your country", true, true),
        new ErrorSpec("ENTITLEMENT_REQUIRED", "Subscribe to watch this video", true, true),
        new ErrorSpec("CONCURRENT_STREAM_LIMIT", "Too many devices are streaming on this account", true, true),
    };
    private static final ErrorSpec[] PLAYBACK_ERRORS = {
        new ErrorSpec("fragLoadError", "Failed to load segment 42 after 3 retries", true, false),
        new ErrorSpec("3", "MEDIA_ERR_DECODE: the media could not be decoded", true, false),
        new ErrorSpec("bufferAppendError", "SourceBuffer append failed", true, false),
    };
    private static final ErrorSpec[] PLAYBACK_BUSINESS_ERRORS = {
        new ErrorSpec("CONCURRENT_STREAM_LIMIT", "Too many devices are streaming on this account", true, true),
        new ErrorSpec("SESSION_EXPIRED", "Your session expired, please sign in again", true, true),
    };
    private static final String[][] WARNINGS = {
        {"fragLoadTimeOut", "Segment request timed out, retrying"},
        {"bufferStalledError", "Playback stalling, buffer empty"},
        {"levelLoadTimeOut", "Playlist request timed out, retrying"},
    };

    private enum Network { GOOD, FAIR, POOR }

    private final long seed;
    private final SimulationConfig config;
    private final double[] videoCumulative;
    private final List<StartupFailureFault> faults;

    public ViewerSimulator(long seed, SimulationConfig config) {
        this(seed, config, List.of());
    }

    /** A simulator whose views are hit by the given faults where they match. */
    public ViewerSimulator(long seed, SimulationConfig config, List<StartupFailureFault> faults) {
        this.seed = seed;
        this.faults = List.copyOf(faults);
        this.config = requireNonNull(config, "config is null");
        double[] weights = Video.CATALOGUE.stream().mapToDouble(Video::popularity).toArray();
        double total = 0;
        this.videoCumulative = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            total += weights[i];
            videoCumulative[i] = total;
        }
        for (int i = 0; i < weights.length; i++) {
            videoCumulative[i] /= total;
        }
    }

    /** A simulator with the {@linkplain SimulationConfig#defaults default} population. */
    public ViewerSimulator(long seed, String envKey) {
        this(seed, SimulationConfig.defaults(envKey));
    }

    public long seed() {
        return seed;
    }

    public SimulationConfig config() {
        return config;
    }

    /**
     * {@code count} views whose {@code viewstart} lies in {@code [fromMs, toMs)}, in start order (a daily curve
     * or uniform, per the config). Their later events may fall after {@code toMs}. Lazy: nothing is generated
     * before it is consumed.
     */
    public Stream<SimulatedView> views(long fromMs, long toMs, int count) {
        if (count < 0 || toMs <= fromMs) {
            throw new IllegalArgumentException("need count >= 0 and fromMs < toMs");
        }
        ViewerPool pool = new ViewerPool(seed, config.viewerPoolSize() > 0 ? config.viewerPoolSize()
                : Math.max(50, count / 3), config.skewedClockShare());
        StartTimes startTimes = new StartTimes(fromMs, toMs, config.dailyCurve());
        long streamSeed = Randoms.mix(seed, (fromMs * 31 + toMs) * 31 + count);
        return IntStream.range(0, count).mapToObj(index -> {
            SplittableRandom random = new SplittableRandom(Randoms.mix(streamSeed, index));
            long startMs = startTimes.at((index + random.nextDouble()) / count);
            return generate(random, startMs, pool);
        });
    }

    /** All beacons of {@link #views(long, long, int)} in send order, each view's truth passed to the sink first. */
    public Iterator<Beacon> beacons(long fromMs, long toMs, int count, Consumer<TruthView> truthSink) {
        return new BeaconMerger(views(fromMs, toMs, count).iterator(), truthSink);
    }

    /**
     * Views arriving from {@code startMs} on at {@code viewsPerMinute} on average (modulated by the daily curve
     * when configured), for polling in real time.
     */
    public LiveTrickle liveTrickle(long startMs, double viewsPerMinute, Consumer<TruthView> truthSink) {
        return new LiveTrickle(this, startMs, viewsPerMinute, truthSink);
    }

    /** One view starting at {@code viewStartMs}, drawn with its own random source (for trickles and tests). */
    public SimulatedView view(long streamSeed, long index, long viewStartMs, ViewerPool pool) {
        return generate(new SplittableRandom(Randoms.mix(streamSeed ^ seed, index)), viewStartMs, pool);
    }

    // ---- one view --------------------------------------------------------------------------------------------

    private SimulatedView generate(SplittableRandom random, long viewStartMs, ViewerPool pool) {
        ViewerPool.ViewerDevice viewer = pool.pick(random);
        Network network = network(random, viewer.profile());
        ViewSetup setup = setup(random, viewer, network);
        int maxRendition = maxRenditionFor(viewer.profile(), setup.playerWidthPx(), setup.playerHeightPx(),
                setup.video());
        DeliveryFaults faults = DeliveryFaults.random(random.nextLong(), config.duplicateBeaconShare(),
                config.delayedBeaconShare());
        boolean drop = random.nextDouble() < config.droppedShare();
        ViewScript script = ViewScript.begin(setup, viewStartMs);

        if (random.nextDouble() < config.nonAttemptShare()) {
            // the player loaded, nobody pressed play: not an attempt
            long leaveMs = Randoms.between(random, 2_000, 40_000);
            return finish(script, leaveMs, drop, faults);
        }

        boolean autoplay = "autoplay".equals(setup.customFields().get(Dimension.CUSTOM_2));
        boolean withoutPlayEvent = autoplay && random.nextDouble() < 0.06;
        long playAtMs = 0;
        if (!withoutPlayEvent) {
            playAtMs = autoplay ? Randoms.between(random, 20, 400)
                    : Randoms.logNormal(random, 2_500, 0.8, 300, 20_000);
            script.play(playAtMs);
        }

        double outcome = random.nextDouble();
        if (!withoutPlayEvent && outcome < config.exitBeforeStartShare()) {
            return exitBeforeStart(script, random, playAtMs, drop, faults);
        }
        outcome -= config.exitBeforeStartShare();
        double startupFailureShare = startupFailureShare(setup, viewStartMs + playAtMs);
        if (!withoutPlayEvent && outcome < startupFailureShare) {
            return startupFailure(script, random, playAtMs, drop, faults);
        }
        outcome -= startupFailureShare;
        boolean failsAfterStart = outcome < config.playbackFailureShare();

        long startupMs = switch (network) {
            case GOOD -> Randoms.logNormal(random, 750, 0.5, 150, 20_000);
            case FAIR -> Randoms.logNormal(random, 1_500, 0.55, 200, 20_000);
            case POOR -> Randoms.logNormal(random, 3_200, 0.6, 300, 25_000);
        };
        if (!withoutPlayEvent && startupMs > 600 && random.nextDouble() < 0.2) {
            script.waitingBeforeFirstFrame(playAtMs + startupMs / 2);
        }
        script.firstFrame(playAtMs + startupMs);
        return playback(script, random, network, maxRendition, failsAfterStart, drop, faults);
    }

    private double startupFailureShare(ViewSetup setup, long playRequestedAtMs) {
        for (StartupFailureFault fault : faults) {
            if (fault.hits(setup, playRequestedAtMs)) {
                return fault.startupFailureShare();
            }
        }
        return config.startupFailureShare();
    }

    private SimulatedView exitBeforeStart(ViewScript script, SplittableRandom random, long playAtMs, boolean drop,
            DeliveryFaults faults) {
        // a fifth leave at once (no playback success score: within 1 s); the rest after waiting a while.
        // Never within 100 ms of the 1 s threshold, whichever way a server rounds.
        long waitedMs = random.nextDouble() < 0.2
                ? Randoms.between(random, 150, 900)
                : Randoms.logNormal(random, 6_000, 0.8, 1_100, 60_000);
        if (!drop && waitedMs > 2_000 && random.nextDouble() < 0.3) {
            script.waitingBeforeFirstFrame(playAtMs + waitedMs / 2);
        }
        return finish(script, playAtMs + waitedMs, drop, faults);
    }

    private SimulatedView startupFailure(ViewScript script, SplittableRandom random, long playAtMs, boolean drop,
            DeliveryFaults faults) {
        boolean business = random.nextDouble() < config.startupBusinessExceptionShare();
        ErrorSpec error;
        long failAfterMs;
        if (business) {
            error = STARTUP_BUSINESS_ERRORS[random.nextInt(STARTUP_BUSINESS_ERRORS.length)];
            failAfterMs = Randoms.between(random, 150, 900); // an entitlement or geo check answers quickly
        } else {
            error = STARTUP_ERRORS[random.nextInt(STARTUP_ERRORS.length)];
            failAfterMs = Randoms.logNormal(random, 4_000, 0.7, 300, 30_000);
            if (failAfterMs > 1_500 && random.nextDouble() < 0.25) {
                script.waitingBeforeFirstFrame(playAtMs + failAfterMs / 2);
            }
        }
        long atMs = playAtMs + failAfterMs;
        script.fatalError(atMs, error.code(), error.message(), error.businessException());
        return afterFatalError(script, random, atMs, error, drop, faults);
    }

    private SimulatedView afterFatalError(ViewScript script, SplittableRandom random, long atMs, ErrorSpec error,
            boolean drop, DeliveryFaults faults) {
        if (random.nextDouble() < 0.1) {
            // some players report the same fatal error twice
            atMs += Randoms.between(random, 5, 400);
            script.fatalError(atMs, error.code(), error.message(), error.businessException());
        }
        return finish(script, atMs + Randoms.between(random, 200, 5_000), drop, faults);
    }

    private SimulatedView playback(ViewScript script, SplittableRandom random, Network network, int maxRendition,
            boolean failsAfterStart, boolean drop, DeliveryFaults faults) {
        Video video = script.setup().video();
        Long contentMs = video.durationMs();
        double scale = config.watchTimeScale();
        long budgetMs;
        if (contentMs != null && random.nextDouble() < completionProbability(contentMs) * Math.min(1.0, scale)) {
            budgetMs = Long.MAX_VALUE / 4; // watches to the end
        } else if (contentMs != null) {
            // most viewers who do not finish leave early (mean ~27 % of the title)
            double fraction = 0.02 + 0.95 * Math.pow(random.nextDouble(), 2.6);
            budgetMs = Math.max(5_000, (long) (fraction * contentMs * scale));
        } else {
            budgetMs = (long) (Randoms.logNormal(random, 300_000, 1.0, 10_000, 10_800_000) * scale);
            budgetMs = Math.max(5_000, budgetMs);
        }
        long failAtPlayedMs = Long.MAX_VALUE / 4;
        if (failsAfterStart) {
            long limit = Math.min(budgetMs, contentMs != null ? contentMs - 1_000 : 1_200_000);
            failAtPlayedMs = Randoms.between(random, 1_500, Math.max(1_500, Math.min(limit, 1_200_000)));
        }

        double rebufferRate = switch (network) {
            case GOOD -> 0.04;
            case FAIR -> 0.3;
            case POOR -> 1.0;
        };
        long rebufferMedianMs = switch (network) {
            case GOOD -> 600;
            case FAIR -> 1_200;
            case POOR -> 2_500;
        };
        double blipRate = 0.12;
        double seekRate = contentMs != null && contentMs > 30_000 ? 0.15 : 0.0;
        double pauseRate = contentMs != null ? 0.10 : 0.03;
        double renditionRate = switch (network) {
            case GOOD -> 0.25;
            case FAIR -> 0.4;
            case POOR -> 0.6;
        };
        double warningRate = 0.02;
        double totalRate = rebufferRate + blipRate + seekRate + pauseRate + renditionRate + warningRate;
        boolean downswitchPending = false;

        long atMs = script.lastAtMs();
        long playedMs = 0;
        while (true) {
            long gapMs = MIN_EPISODE_GAP_MS + Randoms.exponentialMs(random, totalRate);
            long untilEnd = contentMs != null ? contentMs - script.playheadAt(atMs) : Long.MAX_VALUE / 4;
            long untilLeave = budgetMs - playedMs;
            long untilFailure = failAtPlayedMs - playedMs;
            long terminalIn = Math.max(1, Math.min(untilEnd, Math.min(untilLeave, untilFailure)));
            if (terminalIn <= gapMs) {
                atMs += terminalIn;
                if (terminalIn == Math.max(1, untilFailure)) {
                    ErrorSpec error = random.nextDouble() < config.playbackBusinessExceptionShare()
                            ? PLAYBACK_BUSINESS_ERRORS[random.nextInt(PLAYBACK_BUSINESS_ERRORS.length)]
                            : PLAYBACK_ERRORS[random.nextInt(PLAYBACK_ERRORS.length)];
                    script.fatalError(atMs, error.code(), error.message(), error.businessException());
                    return afterFatalError(script, random, atMs, error, drop, faults);
                }
                if (terminalIn == Math.max(1, untilEnd)) {
                    script.ended(atMs);
                    return finish(script, atMs + Randoms.between(random, 300, 45_000), drop, faults);
                }
                return finish(script, atMs, drop, faults);
            }
            atMs += gapMs;
            playedMs += gapMs;
            if (contentMs != null && contentMs - script.playheadAt(atMs) < 5_000) {
                continue; // close to the end: just play on
            }

            double pick = random.nextDouble() * totalRate;
            if ((pick -= rebufferRate) < 0) {
                if (playRequested(script)) {
                    long stallMs = Randoms.logNormal(random, rebufferMedianMs, 0.8, 300, 30_000);
                    script.stall(atMs, stallMs);
                    atMs += stallMs;
                    downswitchPending = random.nextDouble() < 0.5;
                }
            } else if ((pick -= blipRate) < 0) {
                if (playRequested(script)) {
                    long blipMs = Randoms.between(random, 30, 200);
                    script.stall(atMs, blipMs);
                    atMs += blipMs;
                    playedMs += blipMs;
                }
            } else if ((pick -= seekRate) < 0) {
                atMs = seek(script, random, network, atMs, contentMs);
            } else if ((pick -= pauseRate) < 0) {
                long pausedMs = Randoms.logNormal(random, 9_000, 0.9, 1_500, MAX_PAUSE_MS);
                boolean leavesWhilePaused = budgetMs < Long.MAX_VALUE / 4 && random.nextDouble() < 0.12;
                script.pause(atMs);
                if (contentMs != null && pausedMs >= 4_000 && random.nextDouble() < 0.2) {
                    long seekAtMs = atMs + Randoms.between(random, 800, pausedMs / 2);
                    long bufferMs = Randoms.between(random, 50, 900);
                    script.seekWhilePaused(seekAtMs, bufferMs, seekTarget(random, script.playheadAt(seekAtMs),
                            contentMs));
                }
                if (leavesWhilePaused) {
                    return finish(script, atMs + pausedMs, drop, faults);
                }
                long latencyMs = random.nextDouble() < 0.85
                        ? Randoms.between(random, 15, 200)
                        : Randoms.between(random, 300, 2_500);
                script.resume(atMs + pausedMs, latencyMs);
                atMs += pausedMs + latencyMs;
                if (latencyMs < ViewScript.MIN_REBUFFER_MS) {
                    playedMs += latencyMs;
                }
            } else if ((pick -= renditionRate) < 0) {
                int current = script.rendition();
                int next = downswitchPending || current >= maxRendition || random.nextDouble() < 0.3
                        ? current - 1
                        : current + 1;
                downswitchPending = false;
                if (next >= 0 && next <= Math.max(maxRendition, current) && next != current) {
                    script.renditionChange(atMs, next);
                }
            } else {
                String[] warning = WARNINGS[random.nextInt(WARNINGS.length)];
                script.warning(atMs, warning[0], warning[1]);
            }
        }
    }

    private static boolean playRequested(ViewScript script) {
        // stalls need a play request before them (autoplay views without a play event have none until a resume)
        return script.playRequestSent();
    }

    private long seek(ViewScript script, SplittableRandom random, Network network, long atMs, long contentMs) {
        long extraMs = switch (network) {
            case GOOD -> 0;
            case FAIR -> Randoms.between(random, 0, 800);
            case POOR -> Randoms.between(random, 200, 3_000);
        };
        long seekedAfterMs = Randoms.between(random, 40, 600);
        long bufferMs = seekedAfterMs + Randoms.between(random, 20, 400) + extraMs;
        long from = script.playheadAt(atMs);
        if (random.nextDouble() < 0.12) {
            long secondAfterMs = Randoms.between(random, 300, 1_500);
            long first = seekTarget(random, from, contentMs);
            long second = seekTarget(random, first, contentMs);
            long doubleBufferMs = secondAfterMs + bufferMs;
            script.doubleSeek(atMs, secondAfterMs, doubleBufferMs, first, second);
            return atMs + doubleBufferMs;
        }
        script.seek(atMs, seekedAfterMs, bufferMs, seekTarget(random, from, contentMs), random.nextDouble() < 0.3);
        return atMs + bufferMs;
    }

    private static long seekTarget(SplittableRandom random, long fromMs, long contentMs) {
        double kind = random.nextDouble();
        long target;
        if (kind < 0.6) {
            target = fromMs + Randoms.between(random, 10_000, 120_000);
        } else if (kind < 0.85) {
            target = fromMs - Randoms.between(random, 5_000, 30_000);
        } else {
            target = (long) (random.nextDouble() * contentMs);
        }
        // never land within 5 s of the end, so the view does not end during the seek
        return Math.max(0, Math.min(contentMs - 5_000, target));
    }

    private SimulatedView finish(ViewScript script, long atMs, boolean drop, DeliveryFaults faults) {
        if (drop) {
            script.drop(atMs);
        } else {
            script.viewEnd(atMs);
        }
        return script.build(faults);
    }

    private static double completionProbability(long contentMs) {
        if (contentMs < 600_000) {
            return 0.45;
        }
        return contentMs < 3_600_000 ? 0.22 : 0.08;
    }

    // ---- who, what, where ------------------------------------------------------------------------------------

    private ViewSetup setup(SplittableRandom random, ViewerPool.ViewerDevice viewer, Network network) {
        DeviceProfile device = viewer.profile();
        Video video = Video.CATALOGUE.get(Randoms.pickCumulative(random, videoCumulative));
        String viewId = Randoms.uuid(random);
        List<int[]> sizes = device.playerSizes();
        int[] size = random.nextDouble() < 0.45 ? sizes.get(0) : sizes.get(random.nextInt(sizes.size()));
        double versionRoll = random.nextDouble();
        List<String> versions = device.playerVersions();
        String version = versions.get(versionRoll < 0.6 ? 0 : versionRoll < 0.9 || versions.size() < 3 ? 1 : 2);
        boolean desktop = device.kind() == DeviceProfile.Kind.DESKTOP;
        boolean embed = desktop && random.nextDouble() < 0.15;
        String playerName = embed ? "playtrace-embed" : device.playerName();
        String pageType = desktop ? (embed ? "iframe" : "watchpage") : "app";
        String experiment = random.nextDouble() < 0.3 ? (random.nextBoolean() ? "abr-tuning-a" : "abr-tuning-b")
                : null;
        Map<Dimension, String> custom = new EnumMap<>(Dimension.class);
        custom.put(Dimension.CUSTOM_1, viewer.subscriptionTier());
        boolean autoplay = random.nextDouble() < (device.kind() == DeviceProfile.Kind.TV ? 0.6 : 0.35);
        custom.put(Dimension.CUSTOM_2, autoplay ? "autoplay" : "click");
        if (!desktop) {
            custom.put(Dimension.CUSTOM_3, "build-" + (random.nextDouble() < 0.7 ? "5123" : "5087"));
        }
        int maxRendition = maxRenditionFor(device, size[0], size[1], video);
        int initial = Math.max(0, maxRendition - network.ordinal() - random.nextInt(2));
        return new ViewSetup(config.envKey(), viewId, video, CDNS[Randoms.pickCumulative(random, CDN_CUMULATIVE)],
                playerName, version, size[0], size[1], initial, viewer.viewerUserId(), viewer.muxViewerId(),
                device.userAgent(), viewer.countryCode(), viewer.clockOffsetMs(), device.subPropertyId(), pageType,
                experiment, custom);
    }

    private static Network network(SplittableRandom random, DeviceProfile device) {
        double bias = device.poorNetworkBias();
        double u = random.nextDouble();
        if (u < 0.70 - bias) {
            return Network.GOOD;
        }
        return u < 0.93 - bias / 3 ? Network.FAIR : Network.POOR;
    }

    /**
     * ABR caps the rendition near the player size (one rung above it), at the device's cap, and at the title's
     * encoding ladder.
     */
    private static int maxRenditionFor(DeviceProfile device, int playerWidthPx, int playerHeightPx, Video video) {
        int cap = 0;
        for (int i = 0; i < Rendition.LADDER.size(); i++) {
            if (Rendition.LADDER.get(i).heightPx() <= playerHeightPx) {
                cap = i;
            }
        }
        return Math.min(video.maxRenditionIndex(), Math.min(device.maxRenditionIndex(), cap + 1));
    }
}
