package dev.playtrace.server.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that shows the time of the beacon being replayed, so a backfill's view timeouts behave as they did live. */
final class ReplayClock extends Clock {
    private volatile long nowMs;

    ReplayClock(long startMs) {
        this.nowMs = startMs;
    }

    void advanceTo(long timeMs) {
        if (timeMs > nowMs) {
            nowMs = timeMs;
        }
    }

    @Override
    public long millis() {
        return nowMs;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMs);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the replay clock is UTC only");
    }
}
