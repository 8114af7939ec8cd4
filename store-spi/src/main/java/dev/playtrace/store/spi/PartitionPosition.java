package dev.playtrace.store.spi;

/**
 * Where one partition of a partitioned bus is stored through, as its owner writes it.
 *
 * @param partition the bus partition (0 or more)
 * @param position the next offset to consume: everything before it is stored
 * @param version from the owner's version sequence (the one its views' versions come from); a stored position is
 *        replaced only by one with a higher version
 */
public record PartitionPosition(int partition, long position, long version) {
    public PartitionPosition {
        if (partition < 0) {
            throw new IllegalArgumentException("bus partition " + partition + " is negative");
        }
        if (position < 0) {
            throw new IllegalArgumentException("bus position " + position + " is negative");
        }
    }
}
