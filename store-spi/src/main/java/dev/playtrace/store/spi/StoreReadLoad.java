package dev.playtrace.store.spi;

/**
 * How busy a store's reads are, for {@code /metrics}: reads running and waiting now, and reads cancelled so far because
 * their caller stopped waiting (a client that went away).
 */
public record StoreReadLoad(int running, int waiting, long cancelled) {
    /** For a store that does not measure its reads. */
    public static final StoreReadLoad NOT_MEASURED = new StoreReadLoad(0, 0, 0);
}
