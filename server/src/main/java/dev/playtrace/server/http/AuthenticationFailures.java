package dev.playtrace.server.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Failed authentications of this process, by route, for the log (never with the credentials presented) and for
 * {@code /metrics}. Every route-handler template reports here, so all six schemes are counted without each facade
 * wiring a counter.
 */
public final class AuthenticationFailures {
    private static final Logger LOG = Logger.getLogger(AuthenticationFailures.class.getName());
    private static final Map<String, LongAdder> BY_ROUTE = new ConcurrentHashMap<>();

    private AuthenticationFailures() {
    }

    /** Logs and counts one failure: the route, the client's address and why, nothing of what it presented. */
    static void record(String routeName, String remoteAddress, int status, String reason) {
        BY_ROUTE.computeIfAbsent(routeName, route -> new LongAdder()).increment();
        LOG.info("authentication failed (" + status + ") on " + routeName + " from " + remoteAddress + ": " + reason);
    }

    /** Failures so far, by route name ({@code "GET /data/v1/..."}). */
    public static Map<String, Long> byRoute() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        BY_ROUTE.forEach((route, count) -> counts.put(route, count.sum()));
        return counts;
    }
}
