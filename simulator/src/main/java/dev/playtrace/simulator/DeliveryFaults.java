package dev.playtrace.simulator;

import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which beacons of a view reach the server twice (an SDK retry whose first attempt did arrive) or late, after the
 * beacon that followed them (the first attempt was lost; the retry went out after the next flush).
 *
 * <p>A retry is a new send: its {@code transmission_timestamp} is the device clock at the retry, so the server's
 * clock correction stays exact. Faults are either drawn at random per beacon or named by beacon index (scripts).
 */
public final class DeliveryFaults {
    /** Every beacon once, in order. */
    public static final DeliveryFaults NONE = new DeliveryFaults(null, 0, 0, Set.of(), Set.of());

    /** A retry is sent this long after the original, at most (ms). */
    static final long MAX_RETRY_DELAY_MS = 8_000;
    /** A beacon is only delayed past its successor when that successor follows within this long (ms). */
    static final long MAX_DELAY_GAP_MS = 15_000;

    private final SplittableRandom random;
    private final double duplicateShare;
    private final double delayedShare;
    private final Set<Integer> duplicated;
    private final Set<Integer> delayed;

    private DeliveryFaults(SplittableRandom random, double duplicateShare, double delayedShare,
            Set<Integer> duplicated, Set<Integer> delayed) {
        this.random = random;
        this.duplicateShare = duplicateShare;
        this.delayedShare = delayedShare;
        this.duplicated = Set.copyOf(duplicated);
        this.delayed = Set.copyOf(delayed);
    }

    /** Each beacon duplicated with probability {@code duplicateShare}, delayed with {@code delayedShare}. */
    public static DeliveryFaults random(long seed, double duplicateShare, double delayedShare) {
        return new DeliveryFaults(new SplittableRandom(seed), duplicateShare, delayedShare, Set.of(), Set.of());
    }

    /** The beacons with these indexes (in the SDK's flush order, from 0) are duplicated or delayed. */
    public static DeliveryFaults of(Set<Integer> duplicatedBeacons, Set<Integer> delayedBeacons) {
        return new DeliveryFaults(null, 0, 0, duplicatedBeacons, delayedBeacons);
    }

    boolean isRandom() {
        return random != null;
    }

    boolean duplicate(int beaconIndex) {
        return random != null ? random.nextDouble() < duplicateShare : duplicated.contains(beaconIndex);
    }

    boolean delay(int beaconIndex) {
        return random != null ? random.nextDouble() < delayedShare : delayed.contains(beaconIndex);
    }

    long retryDelayMs() {
        return random != null ? Randoms.between(random, 300, MAX_RETRY_DELAY_MS) : 2_000;
    }

    long delayPastSuccessorMs() {
        return random != null ? Randoms.between(random, 1, 4_000) : 1_000;
    }
}
