package dev.playtrace.server.http;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Limits failed authentications per client address and per credential id (a Basic user name, an NCP access key):
 * past the limit within a minute, every request of that address or id is answered 429 until the minute ends, whatever
 * the credentials, so guessing costs a minute per handful of tries. One instance per server, registered in the
 * server's Helidon context, consulted by every {@link RouteHandlers} (all six schemes, token endpoints included).
 *
 * <p>Windows are fixed minutes per key; keys whose minute is over are dropped when the table grows past
 * {@value #SWEEP_ABOVE_KEYS}, so memory stays bounded under a spray of addresses.
 */
public final class AuthenticationThrottle {
    static final long WINDOW_MILLIS = 60_000;
    static final int SWEEP_ABOVE_KEYS = 10_000;

    /** Failed attempts allowed per minute. */
    public record Limits(int perAddressPerMinute, int perCredentialPerMinute) {
        public static final Limits DEFAULTS = new Limits(20, 10);

        public Limits {
            if (perAddressPerMinute < 1 || perCredentialPerMinute < 1) {
                throw new IllegalArgumentException("authentication limits must be at least 1 per minute");
            }
        }
    }

    private record Window(long startMillis, int failures) {
    }

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public AuthenticationThrottle(Limits limits, Clock clock) {
        this.limits = requireNonNull(limits, "limits is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Seconds until the caller may try again, or 0 when neither its address nor its credential id is blocked. */
    long retryAfterSeconds(String address, String credentialId) {
        long now = clock.millis();
        long wait = blockedFor("address:" + address, limits.perAddressPerMinute(), now);
        if (credentialId != null) {
            wait = Math.max(wait, blockedFor("credential:" + credentialId, limits.perCredentialPerMinute(), now));
        }
        return wait == 0 ? 0 : Math.max(1, (wait + 999) / 1000);
    }

    void failed(String address, String credentialId) {
        long now = clock.millis();
        count("address:" + address, now);
        if (credentialId != null) {
            count("credential:" + credentialId, now);
        }
        if (windows.size() > SWEEP_ABOVE_KEYS) {
            windows.entrySet().removeIf(entry -> now - entry.getValue().startMillis() >= WINDOW_MILLIS);
        }
    }

    private long blockedFor(String key, int limit, long now) {
        Window window = windows.get(key);
        if (window == null || now - window.startMillis() >= WINDOW_MILLIS || window.failures() < limit) {
            return 0;
        }
        return window.startMillis() + WINDOW_MILLIS - now;
    }

    private void count(String key, long now) {
        windows.compute(key, (k, window) -> window == null || now - window.startMillis() >= WINDOW_MILLIS
                ? new Window(now, 1)
                : new Window(window.startMillis(), window.failures() + 1));
    }
}
