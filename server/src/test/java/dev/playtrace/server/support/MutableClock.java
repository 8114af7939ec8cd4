package dev.playtrace.server.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand, so timeouts and late events are tested without sleeping. */
public final class MutableClock extends Clock {
    private final AtomicLong nowMs;

    public MutableClock(Instant start) {
        this.nowMs = new AtomicLong(start.toEpochMilli());
    }

    public void set(long epochMs) {
        nowMs.set(epochMs);
    }

    public void advance(Duration duration) {
        nowMs.addAndGet(duration.toMillis());
    }

    @Override
    public long millis() {
        return nowMs.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMs.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
