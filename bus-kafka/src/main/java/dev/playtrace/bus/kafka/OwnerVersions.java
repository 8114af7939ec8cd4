package dev.playtrace.bus.kafka;

import dev.playtrace.ingest.session.ViewVersions;

/**
 * A worker's versions, for its views and its partitions' positions alike: an epoch in the high bits, a count in the
 * low ones. Taking partitions starts a new epoch above every version stored so far (and claims it by storing the
 * partitions' positions with its first versions), so everything a partition's new owner writes outranks whatever its
 * former owner writes late, after stalling past losing it (a long GC pause, a store write that hung): the store keeps
 * the highest version of a view and of a position. Clocks play no part, so a clock that is behind loses nothing.
 *
 * <p>Used by the worker's consumer thread only.
 */
final class OwnerVersions implements ViewVersions {
    static final int COUNT_BITS = 40;

    private final int countBits;
    private long epochStart = -1;
    private long next = -1;

    OwnerVersions() {
        this(COUNT_BITS);
    }

    /** @param countBits the low bits that count within an epoch (fewer only to test running out) */
    OwnerVersions(int countBits) {
        this.countBits = countBits;
    }

    /**
     * Starts a new epoch above {@code highestStoredVersion} (and above this worker's current one).
     *
     * @return the epoch's first version
     */
    long startEpochAbove(long highestStoredVersion) {
        long epoch = (Math.max(highestStoredVersion, next - 1) >>> countBits) + 1;
        epochStart = epoch << countBits;
        next = epochStart;
        return next++;
    }

    /** Whether {@link #startEpochAbove} should be called again: half the epoch's versions are used. */
    boolean dueForRenewal() {
        return next - epochStart >= 1L << (countBits - 1);
    }

    /** The next version; the clock is not used. */
    @Override
    public long next(long nowMs) {
        return next();
    }

    long next() {
        if (epochStart < 0) {
            throw new IllegalStateException("no epoch started: versions come after taking a partition");
        }
        if (next - epochStart >= 1L << countBits) {
            throw new IllegalStateException("epoch " + (epochStart >>> countBits) + " ran out of versions");
        }
        return next++;
    }
}
