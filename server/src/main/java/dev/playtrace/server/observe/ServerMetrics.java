package dev.playtrace.server.observe;

import dev.playtrace.ingest.decode.BatchFailureKind;
import dev.playtrace.ingest.decode.RejectReason;
import dev.playtrace.ingest.pipeline.IngestCounters;
import dev.playtrace.server.http.AuthenticationFailures;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongSupplier;

/** Prometheus metrics of the server itself: beacons accepted and rejected by reason, live views, query latency. */
public final class ServerMetrics implements IngestCounters {
    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter eventsAccepted;
    private final Counter eventsRejected;
    private final Counter batchesReceived;
    private final Counter batchesRefused;
    private final Counter viewsWritten;
    private final Histogram requestSeconds;

    public ServerMetrics(LongSupplier liveViews) {
        eventsAccepted = Counter.builder().name("playtrace_beacon_events_accepted_total")
                .help("Beacon events accepted into the sessionizer").register(registry);
        eventsRejected = Counter.builder().name("playtrace_beacon_events_rejected_total")
                .help("Beacon events rejected, by reason").labelNames("reason").register(registry);
        batchesReceived = Counter.builder().name("playtrace_beacon_batches_total")
                .help("Beacon batches received").register(registry);
        batchesRefused = Counter.builder().name("playtrace_beacon_batches_refused_total")
                .help("Beacon batches refused as a whole, by reason").labelNames("reason").register(registry);
        viewsWritten = Counter.builder().name("playtrace_views_written_total")
                .help("View rows written to the store (each recomputation counts)").register(registry);
        requestSeconds = Histogram.builder().name("playtrace_http_request_duration_seconds")
                .help("Time to answer API requests, by route").labelNames("route")
                .classicOnly().classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        CounterWithCallback.builder().name("playtrace_authentication_failures_total")
                .help("Failed authentications (wrong or missing credentials), by route; process-wide")
                .labelNames("route")
                .callback(callback -> AuthenticationFailures.byRoute().forEach((route, count) -> callback.call(count, route)))
                .register(registry);
        GaugeWithCallback.builder().name("playtrace_live_views")
                .help("Views open in the sessionizer (not yet ended or timed out)")
                .callback(callback -> callback.call(liveViews.getAsLong())).register(registry);
    }

    /** A counter read from {@code total} at each scrape (a count kept by another part, such as the listener's). */
    public void counter(String name, String help, LongSupplier total) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(total.getAsLong())).register(registry);
    }

    /** A gauge read from {@code value} at each scrape. */
    public void gauge(String name, String help, LongSupplier value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.getAsLong())).register(registry);
    }

    @Override
    public void batchReceived() {
        batchesReceived.inc();
    }

    @Override
    public void batchFailed(BatchFailureKind kind) {
        batchRefused(kind.code());
    }

    /** A batch refused before decoding (for example {@code payload_too_large}). */
    public void batchRefused(String reason) {
        batchesRefused.labelValues(reason).inc();
    }

    @Override
    public void eventsAccepted(int count) {
        eventsAccepted.inc(count);
    }

    @Override
    public void eventsRejected(RejectReason reason, int count) {
        eventsRejected.labelValues(reason.label()).inc(count);
    }

    public void viewsWritten(int count) {
        viewsWritten.inc(count);
    }

    public void requestTook(String route, long elapsedNanos) {
        requestSeconds.labelValues(route).observe(elapsedNanos / NANOS_PER_SECOND);
    }

    public String contentType() {
        return writer.getContentType();
    }

    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
