package dev.playtrace.simulator;

import static java.util.Objects.requireNonNull;

/**
 * The knobs of the viewer population and its faults. Shares are probabilities per view (or per beacon for the
 * delivery faults). {@link #defaults(String)} is a realistic mix; tests and benchmarks change single knobs with the
 * {@code with...} methods.
 *
 * @param envKey the project's ingest key, sent as {@code metadata.env_key}
 * @param nonAttemptShare views that never get a play request ({@code viewstart} + {@code viewend} only)
 * @param exitBeforeStartShare attempts whose viewer leaves before the first frame (EBVS)
 * @param startupFailureShare attempts that fail with a fatal error before the first frame (VSF)
 * @param startupBusinessExceptionShare share of those failures that are business exceptions (geo-block, ...)
 * @param playbackFailureShare attempts that start and then fail with a fatal error
 * @param playbackBusinessExceptionShare share of those failures that are business exceptions
 * @param droppedShare views that never send {@code viewend} (closed by the server's inactivity timeout)
 * @param skewedClockShare devices whose clock is off (by an hour, two, or a few minutes)
 * @param duplicateBeaconShare beacons delivered twice (an SDK retry after a lost response)
 * @param delayedBeaconShare beacons whose first attempt is lost and whose retry arrives after the next beacon
 * @param viewerPoolSize distinct viewers (devices of them, see {@link ViewerPool}); 0 = a third of the view count
 *        (a tenth, at least 2,000, for the open-ended live trickle)
 * @param dailyCurve start times follow a daily curve (evening peak, night trough, weekend uplift) instead of uniform
 * @param watchTimeScale multiplies how long viewers intend to watch, and (below 1) how many watch to the end:
 *        below 1 makes shorter views with fewer beacons, for cheaper benchmarks; content lengths do not change
 */
public record SimulationConfig(
        String envKey,
        double nonAttemptShare,
        double exitBeforeStartShare,
        double startupFailureShare,
        double startupBusinessExceptionShare,
        double playbackFailureShare,
        double playbackBusinessExceptionShare,
        double droppedShare,
        double skewedClockShare,
        double duplicateBeaconShare,
        double delayedBeaconShare,
        int viewerPoolSize,
        boolean dailyCurve,
        double watchTimeScale) {

    public SimulationConfig {
        requireNonNull(envKey, "envKey is null");
        checkShare("nonAttemptShare", nonAttemptShare);
        checkShare("exitBeforeStartShare", exitBeforeStartShare);
        checkShare("startupFailureShare", startupFailureShare);
        checkShare("startupBusinessExceptionShare", startupBusinessExceptionShare);
        checkShare("playbackFailureShare", playbackFailureShare);
        checkShare("playbackBusinessExceptionShare", playbackBusinessExceptionShare);
        checkShare("droppedShare", droppedShare);
        checkShare("skewedClockShare", skewedClockShare);
        checkShare("duplicateBeaconShare", duplicateBeaconShare);
        checkShare("delayedBeaconShare", delayedBeaconShare);
        if (exitBeforeStartShare + startupFailureShare + playbackFailureShare > 1.0) {
            throw new IllegalArgumentException("outcome shares add up to more than 1");
        }
        if (viewerPoolSize < 0) {
            throw new IllegalArgumentException("viewerPoolSize is negative: " + viewerPoolSize);
        }
        if (!(watchTimeScale > 0.0)) {
            throw new IllegalArgumentException("watchTimeScale must be positive: " + watchTimeScale);
        }
    }

    /** A realistic mix: ~92 % of attempts start, 3.5 % EBVS, 2.5 % VSF, 1.5 % fail after start, 7 % dropped. */
    public static SimulationConfig defaults(String envKey) {
        return new SimulationConfig(envKey, 0.01, 0.035, 0.025, 0.35, 0.015, 0.15, 0.07, 0.04, 0.02, 0.015, 0,
                true, 1.0);
    }

    public SimulationConfig withEnvKey(String value) {
        return new SimulationConfig(value, nonAttemptShare, exitBeforeStartShare, startupFailureShare,
                startupBusinessExceptionShare, playbackFailureShare, playbackBusinessExceptionShare, droppedShare,
                skewedClockShare, duplicateBeaconShare, delayedBeaconShare, viewerPoolSize, dailyCurve,
                watchTimeScale);
    }

    public SimulationConfig withNonAttemptShare(double value) {
        return new SimulationConfig(envKey, value, exitBeforeStartShare, startupFailureShare,
                startupBusinessExceptionShare, playbackFailureShare, playbackBusinessExceptionShare, droppedShare,
                skewedClockShare, duplicateBeaconShare, delayedBeaconShare, viewerPoolSize, dailyCurve,
                watchTimeScale);
    }

    public SimulationConfig withOutcomeShares(double exitBeforeStart, double startupFailure, double playbackFailure) {
        return new SimulationConfig(envKey, nonAttemptShare, exitBeforeStart, startupFailure,
                startupBusinessExceptionShare, playbackFailure, playbackBusinessExceptionShare, droppedShare,
                skewedClockShare, duplicateBeaconShare, delayedBeaconShare, viewerPoolSize, dailyCurve,
                watchTimeScale);
    }

    public SimulationConfig withDroppedShare(double value) {
        return new SimulationConfig(envKey, nonAttemptShare, exitBeforeStartShare, startupFailureShare,
                startupBusinessExceptionShare, playbackFailureShare, playbackBusinessExceptionShare, value,
                skewedClockShare, duplicateBeaconShare, delayedBeaconShare, viewerPoolSize, dailyCurve,
                watchTimeScale);
    }

    public SimulationConfig withSkewedClockShare(double value) {
        return new SimulationConfig(envKey, nonAttemptShare, exitBeforeStartShare, startupFailureShare,
                startupBusinessExceptionShare, playbackFailureShare, playbackBusinessExceptionShare, droppedShare,
                value, duplicateBeaconShare, delayedBeaconShare, viewerPoolSize, dailyCurve, watchTimeScale);
    }

    /** Sets both delivery-fault shares; {@code withDeliveryFaults(0, 0)} delivers every beacon once, in order. */
    public SimulationConfig withDeliveryFaults(double duplicateShare, double delayedShare) {
        return new SimulationConfig(envKey, nonAttemptShare, exitBeforeStartShare, startupFailureShare,
                startupBusinessExceptionShare, playbackFailureShare, playbackBusinessExceptionShare, droppedShare,
                skewedClockShare, duplicateShare, delayedShare, viewerPoolSize, dailyCurve, watchTimeScale);
    }

    public SimulationConfig withViewerPoolSize(int value) {
        return new SimulationConfig(envKey, nonAttemptShare, exitBeforeStartShare, startupFailureShare,
                startupBusinessExceptionShare, playbackFailureShare, playbackBusinessExceptionShare, droppedShare,
                skewedClockShare, duplicateBeaconShare, delayedBeaconShare, value, dailyCurve, watchTimeScale);
    }

    public SimulationConfig withDailyCurve(boolean value) {
        return new SimulationConfig(envKey, nonAttemptShare, exitBeforeStartShare, startupFailureShare,
                startupBusinessExceptionShare, playbackFailureShare, playbackBusinessExceptionShare, droppedShare,
                skewedClockShare, duplicateBeaconShare, delayedBeaconShare, viewerPoolSize, value, watchTimeScale);
    }

    public SimulationConfig withWatchTimeScale(double value) {
        return new SimulationConfig(envKey, nonAttemptShare, exitBeforeStartShare, startupFailureShare,
                startupBusinessExceptionShare, playbackFailureShare, playbackBusinessExceptionShare, droppedShare,
                skewedClockShare, duplicateBeaconShare, delayedBeaconShare, viewerPoolSize, dailyCurve, value);
    }

    private static void checkShare(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within [0, 1]: " + value);
        }
    }
}
