package dev.playtrace.ingest.session;

/**
 * Where a sessionizer's view versions come from. Each must be higher than every version of the same view stored
 * before it, by this sessionizer or an earlier one; the store keeps a view's highest version.
 */
@FunctionalInterface
public interface ViewVersions {
    /** The next version, given the sessionizer's clock. */
    long next(long nowMs);

    /** Versions from the clock ({@code ms x 1000}, strictly increasing): what one process on one store needs. */
    static ViewVersions fromClock() {
        return new VersionSequence();
    }
}
