package dev.playtrace.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.facade.Facade;
import dev.playtrace.server.http.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One call of each vendor facade over HTTP on a {@link BenchDataset}, against the native API's overall views for the
 * same window (the same question in Playtrace's own API), on the same server, and the native view page over HTTP.
 * p50/p95 over repeated calls.
 */
final class FacadeBenchmark {
    private static final long DAY_MS = 86_400_000L;

    private final int repeat;
    private final long budgetMsPerCall;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FacadeBenchmark(int repeat, long budgetMsPerCall) {
        this.repeat = repeat;
        this.budgetMsPerCall = budgetMsPerCall;
    }

    private record Call(String name, Supplier<HttpRequest> request) {
    }

    Section run(BenchDataset.Ready dataset) throws Exception {
        long endMs = dataset.window().toMs();
        long startMs = endMs - 7 * DAY_MS;
        // the dataset's open views are from the past: a normal timeout would close and rewrite them on the first flush
        PlaytraceServer server = BenchServer.start(dataset.dataDir(), Duration.ofDays(3650));
        try {
            String base = "http://127.0.0.1:" + server.port();
            List<Facade.IssuedKey> keys = server.defaultProject().facadeKeys();
            String basic = "Basic " + Base64.getEncoder().encodeToString(
                    (BenchServer.TOKEN_ID + ":" + BenchServer.TOKEN_SECRET).getBytes(StandardCharsets.UTF_8));
            Call nativeOverall = new Call("native `GET /data/v1/metrics/views/overall`", () -> get(base
                    + "/data/v1/metrics/views/overall?timeframe[]=" + startMs / 1000 + "&timeframe[]=" + endMs / 1000)
                    .header("Authorization", basic).build());
            String startDate = LocalDate.ofInstant(Instant.ofEpochMilli(startMs), ZoneOffset.UTC).toString();
            String endDate = LocalDate.ofInstant(Instant.ofEpochMilli(endMs), ZoneOffset.UTC).toString();
            String apiVideoToken = apiVideoToken(base, key(keys, "PLAYTRACE_APIVIDEO_API_KEY"));
            List<String> pageViewIds = QueryBenchmark.viewsWithEvents(server.store().views(), 20);
            AtomicInteger nextPage = new AtomicInteger();
            List<Call> calls = new ArrayList<>(List.of(
                    new Call("NCP VPE `GET /v1/charts/playCnt` (x-api-key)", () -> get(base + "/v1/charts/playCnt?startDate="
                            + startDate + "&endDate=" + endDate)
                            .header("x-api-key", key(keys, "PLAYTRACE_VPE_API_KEY"))
                            .header("x-project-id", BenchServer.PROJECT_ID).build()),
                    new Call("SmartSight `GET /mm-apis/session/{id}?metrics=attempts` (X-API-Key)", () -> get(base
                            + "/mm-apis/session/" + BenchServer.PROJECT_ID + "?planlevel=6831&period=start=" + startMs / 1000 + ",end="
                            + endMs / 1000 + "&metrics=attempts")
                            .header("X-API-Key", key(keys, "PLAYTRACE_SMARTSIGHT_API_KEY")).build()),
                    new Call("api.video `GET /data/metrics/play/count` (Bearer)", () -> get(base + "/data/metrics/play/count?from="
                            + Instant.ofEpochMilli(startMs).toString().replace("+", "%2B"))
                            .header("Authorization", "Bearer " + apiVideoToken).build())));
            if (!pageViewIds.isEmpty()) {
                calls.add(new Call("native `GET /data/v1/video-views/{id}` (one view's page with its events, "
                        + pageViewIds.size() + " views in turn)", () -> get(base + "/data/v1/video-views/"
                        + pageViewIds.get(nextPage.getAndIncrement() % pageViewIds.size()))
                        .header("Authorization", basic).build()));
            }

            Timing baseline = time(nativeOverall);
            Section section = new Section(String.format(Locale.ROOT, "Vendor facades, %,d views", dataset.views()),
                    String.format(Locale.ROOT, "One call of each vendor facade over HTTP (JDK client, loopback) on the"
                            + " %,d-view dataset, 7-day window, each run once to warm up then up to %d times (stopping"
                            + " after %,d ms once 3 runs are done), and the native API's view page over HTTP (JSON of the view and"
                            + " every event) for views with stored events drawn uniformly. Baseline: the native API's"
                            + " overall views for the same window on the same server.", dataset.views(), repeat,
                            budgetMsPerCall));
            for (Call call : calls) {
                Timing timing = time(call);
                Progress.say("facades %,d: %s p50 %.1f ms", dataset.views(), call.name(), timing.p50Ms());
                section.row(new Row(call.name() + " p50", Row.ms(timing.p50Ms()), "native overall p50",
                        Row.ms(baseline.p50Ms()), Row.ratio(timing.p50Ms(), baseline.p50Ms()), "–", "–"));
                section.row(new Row(call.name() + " p95 (" + timing.runs() + " runs)", Row.ms(timing.p95Ms()),
                        "native overall p95", Row.ms(baseline.p95Ms()), Row.ratio(timing.p95Ms(), baseline.p95Ms()), "–", "–"));
            }
            return section;
        } finally {
            server.close();
        }
    }

    private static HttpRequest.Builder get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofMinutes(2)).GET();
    }

    private String apiVideoToken(String base, String apiKey) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/auth/api-key"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiKey\":\"" + apiKey + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = Json.MAPPER.readTree(response.body());
        if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
            throw new IllegalStateException("api.video key exchange answered " + response.statusCode() + ": " + response.body());
        }
        return body.path("access_token").asText();
    }

    private static String key(List<Facade.IssuedKey> keys, String environmentVariable) {
        return keys.stream().filter(key -> key.environmentVariable().equals(environmentVariable))
                .map(Facade.IssuedKey::value).findFirst()
                .orElseThrow(() -> new IllegalStateException("the default project has no " + environmentVariable));
    }

    private record Timing(double p50Ms, double p95Ms, int runs) {
    }

    private Timing time(Call call) throws IOException, InterruptedException {
        send(call);
        List<Long> nanos = new ArrayList<>();
        long started = System.nanoTime();
        while (nanos.size() < repeat) {
            long start = System.nanoTime();
            send(call);
            nanos.add(System.nanoTime() - start);
            if (nanos.size() >= 3 && (System.nanoTime() - started) / 1_000_000 > budgetMsPerCall) {
                break;
            }
        }
        long[] measured = nanos.stream().mapToLong(Long::longValue).toArray();
        return new Timing(Samples.millis(Samples.percentile(measured, 50)), Samples.millis(Samples.percentile(measured, 95)),
                measured.length);
    }

    private void send(Call call) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(call.request().get(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(call.name() + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
