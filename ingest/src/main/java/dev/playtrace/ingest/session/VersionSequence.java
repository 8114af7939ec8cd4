package dev.playtrace.ingest.session;

/**
 * Hands out strictly increasing view versions that also exceed every version handed out before a restart: each is at
 * least the current time in ms times 1000. A process runs ahead of its clock only while it hands out more than 1000
 * versions per millisecond, and only by (versions / 1000) ms, so a restart that takes longer than that (any real
 * one) continues above the old versions.
 */
final class VersionSequence implements ViewVersions {
    private static final long VERSIONS_PER_MS = 1_000;

    private long lastVersion;

    @Override
    public long next(long nowMs) {
        lastVersion = Math.max(lastVersion + 1, nowMs * VERSIONS_PER_MS);
        return lastVersion;
    }
}
