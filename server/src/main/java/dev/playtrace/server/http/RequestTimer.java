package dev.playtrace.server.http;

/** Records how long each route took (Prometheus query latency), by route name such as {@code GET /data/v1/metrics}. */
@FunctionalInterface
public interface RequestTimer {
    void record(String routeName, long elapsedNanos);
}
