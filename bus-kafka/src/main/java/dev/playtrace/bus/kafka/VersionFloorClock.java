package dev.playtrace.bus.kafka;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import static java.util.Objects.requireNonNull;

/**
 * The worker's clock, never earlier than a floor: the sessionizer makes view versions from its clock (ms x 1000), and
 * a partition's new owner must write versions above the old owner's, whose clock may have been ahead of this one.
 * Taking a partition raises the floor past the highest stored version ({@link #raiseAboveVersion}).
 */
final class VersionFloorClock extends Clock {
    /** The sessionizer's versions per millisecond of its clock. */
    private static final long VERSIONS_PER_MS = 1_000;

    private final Clock base;
    private volatile long floorMs = Long.MIN_VALUE;

    VersionFloorClock(Clock base) {
        this.base = requireNonNull(base, "base is null");
    }

    /** From now on the clock reads at least the millisecond after {@code version}'s. */
    synchronized void raiseAboveVersion(long version) {
        floorMs = Math.max(floorMs, version / VERSIONS_PER_MS + 1);
    }

    @Override
    public long millis() {
        return Math.max(base.millis(), floorMs);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the worker's clock keeps its zone");
    }
}
