package dev.playtrace.server.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.support.ExportFileReader;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import dev.playtrace.server.support.SimulatedLoad;
import dev.playtrace.simulator.GroundTruth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 2,000 simulated views through HTTP, then exported: the Parquet file, read back with DuckDB's {@code read_parquet},
 * has as many rows as the {@code views} metric and the same totals as {@code watch_time}, {@code playing_time},
 * {@code plays}, ...; CSV and NDJSON hold the same rows; the events file holds every event of those views.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportsEndToEndTest {
    private static final Instant WINDOW_START = Instant.parse("2026-11-18T00:00:00Z");
    private static final Instant WINDOW_END = Instant.parse("2026-11-19T00:00:00Z");
    private static final int VIEW_COUNT = 2_000;

    @TempDir
    Path directory;

    private RunningServer server;
    private ExportFileReader reader;
    private String timeframe;
    private GroundTruth truth;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void pushSimulatedViews(@TempDir Path dataDir) {
        MutableClock clock = new MutableClock(WINDOW_START);
        server = RunningServer.start(dataDir, clock);
        GroundTruth posted = SimulatedLoad.post(server, clock, RunningServer.INGEST_KEY, 7L, WINDOW_START, WINDOW_END,
                VIEW_COUNT);
        clock.advance(Duration.ofHours(1));
        server.flush();
        server.flush();
        long fromS = WINDOW_START.getEpochSecond();
        long toS = WINDOW_END.getEpochSecond();
        timeframe = "timeframe[]=" + fromS + "&timeframe[]=" + toS;
        truth = posted.playRequestedIn(fromS * 1000, toS * 1000);
        reader = new ExportFileReader();
    }

    @AfterAll
    void stop() {
        if (reader != null) {
            reader.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void parquetRowCountAndSumsEqualTheMetricsApi() {
        Path file = download("/data/v1/exports/views?format=parquet&" + timeframe, "views.parquet", 200);

        List<Object> totals = reader.query("SELECT count(*), sum(watch_time), sum(view_playing_time),"
                + " sum(play_duration), count(*) FILTER (WHERE watched), count(*) FILTER (WHERE exit_before_video_start),"
                + " count(DISTINCT viewer_id) FROM read_parquet(?)", file).getFirst();

        assertThat(truth.overall().views()).isGreaterThan(VIEW_COUNT * 9 / 10);
        assertThat(totals.get(0)).as("rows = views").isEqualTo(metric("views", ""));
        assertThat(totals.get(0)).as("rows = the simulator's views").isEqualTo(truth.overall().views());
        assertThat(totals.get(1)).as("watch_time").isEqualTo(metric("watch_time", ""));
        assertThat(totals.get(2)).as("playing_time").isEqualTo(metric("playing_time", ""));
        assertThat(totals.get(3)).as("play_duration").isEqualTo(metric("play_duration", ""));
        assertThat(totals.get(4)).as("plays").isEqualTo(metric("plays", ""));
        long ebvs = Math.round(metricValue("exits_before_video_start", "") * (long) totals.get(0) / 100);
        assertThat(totals.get(5)).as("exits before video start").isEqualTo(ebvs);
        assertThat(totals.get(6)).as("unique viewers").isEqualTo(metric("unique_viewers", ""));
        assertThat(reader.value("SELECT typeof(view_start) FROM read_parquet(?) LIMIT 1", file))
                .isEqualTo("TIMESTAMP WITH TIME ZONE");
    }

    @Test
    void filtersSelectTheViewsTheMetricsCount() {
        String filter = "&filters[]=country:US&filters[]=!stream_type:live";
        Path file = download("/data/v1/exports/views?format=parquet&" + timeframe + filter, "us.parquet", 200);

        List<Object> totals = reader.query("SELECT count(*), sum(watch_time), count(*) FILTER (WHERE country_code <> 'US')"
                + " FROM read_parquet(?)", file).getFirst();
        assertThat(totals.get(0)).isEqualTo(metric("views", filter)).isNotEqualTo(0L);
        assertThat(totals.get(1)).isEqualTo(metric("watch_time", filter));
        assertThat(totals.get(2)).isEqualTo(0L);
    }

    @Test
    void csvAndNdjsonHoldTheSameRowsAsParquet() throws IOException {
        Path parquet = download("/data/v1/exports/views?format=parquet&" + timeframe, "same.parquet", 200);
        Path csv = download("/data/v1/exports/views?" + timeframe, "same.csv", 200, "text/csv");
        Path ndjson = download("/data/v1/exports/views?" + timeframe, "same.ndjson", 200, "application/x-ndjson");

        Map<String, String> fromParquet = new TreeMap<>();
        for (List<Object> row : reader.query("SELECT id, strftime(view_start AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ'),"
                + " watch_time, outcome, country_code, rebuffer_percentage FROM read_parquet(?)", parquet)) {
            fromParquet.put((String) row.get(0), row.subList(1, row.size()).toString());
        }
        Map<String, String> fromCsv = new TreeMap<>();
        for (List<Object> row : reader.query("SELECT id, view_start, watch_time, outcome, country_code, rebuffer_percentage"
                + " FROM read_csv(?, header = true, types = {'view_start': 'VARCHAR'})", csv)) {
            fromCsv.put((String) row.get(0), row.subList(1, row.size()).toString());
        }
        Map<String, String> fromNdjson = new TreeMap<>();
        List<String> lines = Files.readAllLines(ndjson, StandardCharsets.UTF_8);
        for (String line : lines) {
            JsonNode view = Json.MAPPER.readTree(line);
            fromNdjson.put(view.path("id").asText(), java.util.Arrays.asList(view.path("view_start").asText(),
                    view.path("watch_time").asLong(), view.path("outcome").asText(),
                    view.path("country_code").isNull() ? null : view.path("country_code").asText(),
                    view.path("rebuffer_percentage").isNull() ? null : view.path("rebuffer_percentage").asDouble())
                    .toString());
        }

        assertThat(fromParquet).hasSize((int) metric("views", ""));
        assertThat(fromCsv).isEqualTo(fromParquet);
        assertThat(fromNdjson).isEqualTo(fromParquet);
        assertThat(Files.readAllLines(csv).getFirst()).startsWith("id,view_id,property_id,environment_id,viewer_id,");
    }

    @Test
    void eventsAreEveryEventOfTheExportedViewsAsTheVideoViewShowsThem() {
        Path views = download("/data/v1/exports/views?format=parquet&" + timeframe, "v.parquet", 200);
        Path events = download("/data/v1/exports/events?format=parquet&" + timeframe, "e.parquet", 200);

        assertThat(reader.value("SELECT count(DISTINCT view_id) FROM read_parquet(?)", events))
                .isEqualTo(reader.value("SELECT count(*) FROM read_parquet(?)", views));
        List<List<Object>> sample = reader.query("SELECT view_id, count(*), string_agg(name, ',' ORDER BY sequence_number)"
                + " FROM read_parquet(?) GROUP BY view_id ORDER BY view_id LIMIT 5", events);
        for (List<Object> row : sample) {
            JsonNode view = server.get("/data/v1/video-views/" + row.get(0)).json().path("data");
            List<String> names = view.path("events").findValuesAsText("name");
            assertThat(row.get(1)).as("events of " + row.get(0)).isEqualTo((long) names.size());
            assertThat(row.get(2)).isEqualTo(String.join(",", names));
        }
    }

    @Test
    void headersNameTheFormatAndTheRowCount() {
        HttpResponse<Path> response = fetch("/data/v1/exports/views?format=ndjson&" + timeframe,
                directory.resolve("h.ndjson"), null, RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-ndjson");
        assertThat(response.headers().firstValue("X-Playtrace-Row-Count")).contains(Long.toString(metric("views", "")));
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"views-20261118T000000Z-20261119T000000Z.ndjson");
    }

    @Test
    void badParametersAre400NamingTheParameter() {
        Map<String, String> cases = new HashMap<>();
        cases.put("/data/v1/exports/views?format=xlsx", "format");
        cases.put("/data/v1/exports/views?timeframe[]=yesterday", "timeframe[]");
        cases.put("/data/v1/exports/events?filters[]=planet:mars", "filters[]");
        cases.put("/data/v1/exports/events?filters[]=country", "filters[]");
        cases.forEach((path, parameter) -> {
            RunningServer.Response response = server.get(path);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.json().path("error").path("messages").get(0).asText()).as(path).contains(parameter);
        });
        assertThat(server.getWithoutAuth("/data/v1/exports/views?" + timeframe).status()).isEqualTo(401);
        assertThat(server.get("/data/v1/exports/views", RunningServer.TOKEN_ID, "wrong").status()).isEqualTo(401);
    }

    @Test
    void noExportFileIsLeftInTheDataDirectory() throws IOException {
        download("/data/v1/exports/events?format=csv&" + timeframe, "left.csv", 200);

        try (var files = Files.list(server.dataDir().resolve("export-tmp"))) {
            assertThat(files.toList()).isEmpty();
        }
    }

    private long metric(String id, String filters) {
        return Math.round(metricValue(id, filters));
    }

    private double metricValue(String id, String filters) {
        RunningServer.Response response = server.get("/data/v1/metrics/" + id + "/overall?" + timeframe + filters);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("data").path("value").asDouble();
    }

    private Path download(String path, String name, int status) {
        return download(path, name, status, null);
    }

    private Path download(String path, String name, int status, String accept) {
        HttpResponse<Path> response = fetch(path, directory.resolve(name), accept, RunningServer.TOKEN_ID,
                RunningServer.TOKEN_SECRET);
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        return response.body();
    }

    private HttpResponse<Path> fetch(String path, Path target, String accept, String tokenId, String secret) {
        String credentials = Base64.getEncoder().encodeToString((tokenId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Basic " + credentials);
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofFile(target));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
