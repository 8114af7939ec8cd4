package dev.playtrace.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.HeadlessChromium;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser against a server with known simulated data: every page shows the numbers the API
 * returns for the same query (read from the page, formatted as the page formats them), changing the time range and
 * the filters changes them to the API's new values, and the browser console stays free of errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Map<String, String> OVERVIEW_UNITS = overviewUnits();

    private DashboardFixture fixture;
    private HeadlessChromium browser;
    private DashboardPage page;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        long startMs = System.currentTimeMillis();
        fixture = DashboardFixture.start(dataDir);
        System.out.println("dashboard fixture ready in " + (System.currentTimeMillis() - startMs) + " ms");
        browser = HeadlessChromium.start(1280, 1000);
        page = new DashboardPage(browser, fixture.server.server().port());
        page.openSignedIn(RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET, "/overview?range=24h");
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (fixture != null) {
            fixture.server.close();
        }
    }

    @AfterEach
    void consoleHasNoErrors() {
        assertThat(page.severeConsoleEntries()).isEmpty();
    }

    private static Map<String, String> overviewUnits() {
        Map<String, String> units = new LinkedHashMap<>();
        units.put("views", "count");
        units.put("plays", "count");
        units.put("unique_viewers", "count");
        units.put("viewer_experience_score", "score");
        units.put("video_startup_time", "ms");
        units.put("rebuffer_percentage", "%");
        units.put("exits_before_video_start", "%");
        units.put("video_startup_failure_percentage", "%");
        units.put("playback_failure_percentage", "%");
        units.put("watch_time", "ms");
        return units;
    }

    private JsonNode api(String pathAndQuery) {
        RunningServer.Response response = fixture.server.get(pathAndQuery);
        assertThat(response.status()).as(pathAndQuery + " " + response.body()).isEqualTo(200);
        return response.json();
    }

    /** The API parameters of the range the page shows (its range element carries it) plus the given filters. */
    private String scope(String... filters) {
        WebElement range = page.driver().findElement(By.cssSelector("[data-testid=range]"));
        StringBuilder query = new StringBuilder("timeframe[]=" + range.getAttribute("data-from")
                + "&timeframe[]=" + range.getAttribute("data-to"));
        for (String filter : filters) {
            query.append("&filters[]=").append(URLEncoder.encode(filter, StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    private String previousScope(String... filters) {
        WebElement range = page.driver().findElement(By.cssSelector("[data-testid=range]"));
        long fromS = Long.parseLong(range.getAttribute("data-from"));
        long toS = Long.parseLong(range.getAttribute("data-to"));
        StringBuilder query = new StringBuilder("timeframe[]=" + (2 * fromS - toS) + "&timeframe[]=" + fromS);
        for (String filter : filters) {
            query.append("&filters[]=").append(URLEncoder.encode(filter, StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    private Double overall(String metric, String query) {
        JsonNode data = api("/data/v1/metrics/" + metric + "/overall?" + query).path("data");
        // the overall value is 0 for an undefined ratio; the page shows none then
        boolean undefined = data.path("total_views").asLong() == 0 && !OVERVIEW_UNITS.get(metric).equals("count");
        return undefined ? null : data.path("value").asDouble();
    }

    /** Every tile's value and change, read from the page, against the overall API for the range and the one before. */
    private Map<String, String> assertTilesMatchTheApi(String... filters) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (Map.Entry<String, String> tile : OVERVIEW_UNITS.entrySet()) {
            String metric = tile.getKey();
            String selector = "[data-metric=" + metric + "] ";
            Double current = overall(metric, scope(filters));
            Double previous = overall(metric, previousScope(filters));
            String value = page.text(By.cssSelector(selector + "[data-testid=value]"));
            assertThat(value).as(metric).isEqualTo(DashboardFormat.value(current, tile.getValue(), metric));
            assertThat(page.text(By.cssSelector(selector + "[data-testid=change]"))).as(metric + " change")
                    .isEqualTo(DashboardFormat.change(current, previous));
            shown.put(metric, value);
        }
        return shown;
    }

    @Test
    @Order(1)
    void overviewTilesShowTheApiNumbersForTheLast24Hours() {
        page.go("/overview?range=24h");
        page.waitForCharts();

        Map<String, String> shown = assertTilesMatchTheApi();

        long views = api("/data/v1/metrics/views/overall?" + scope()).path("data").path("total_views").asLong();
        assertThat(views).as("the fixture puts views in the last 24 hours").isGreaterThan(50);
        assertThat(shown.get("views")).isEqualTo(DashboardFormat.count(views));
        assertThat(page.all(By.cssSelector("[data-testid^=chart-] canvas"))).hasSize(OVERVIEW_UNITS.size());
        page.screenshot("dashboard-overview");
    }

    @Test
    @Order(2)
    void choosingSevenDaysChangesTheTilesToTheApiNumbersForSevenDays() {
        page.go("/overview?range=24h");
        String viewsFor24Hours = page.text(By.cssSelector("[data-metric=views] [data-testid=value]"));

        page.rerenderAfter(() -> page.driver().findElement(By.cssSelector("button[data-range='7d']")).click());

        assertThat(page.fragment()).contains("range=7d");
        Map<String, String> shown = assertTilesMatchTheApi();
        assertThat(shown.get("views")).isNotEqualTo(viewsFor24Hours);
        assertThat(shown.get("views")).isEqualTo(DashboardFormat.count(
                api("/data/v1/metrics/views/overall?" + scope()).path("data").path("total_views").asLong()));
    }

    @Test
    @Order(3)
    void aCustomRangeShowsTheApiNumbersForExactlyThatRange() {
        page.go("/overview?range=7d");
        page.rerenderAfter(() -> page.driver().findElement(By.cssSelector("button[data-range='custom']")).click());
        assertThat(page.fragment()).contains("range=custom");

        // the last 36 hours, to the minute, in the browser's own time zone (what datetime-local inputs hold)
        page.script("const pad = (n) => String(n).padStart(2, '0');"
                + "const local = (ms) => { const d = new Date(ms); return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-'"
                + " + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes()); };"
                + "const now = Math.floor(Date.now() / 60000) * 60000;"
                + "document.querySelector('[data-testid=custom-from]').value = local(now - 36 * 3600000);"
                + "document.querySelector('[data-testid=custom-to]').value = local(now);");
        page.rerenderAfter(() -> page.driver().findElement(By.cssSelector(".custom-range button")).click());

        WebElement range = page.driver().findElement(By.cssSelector("[data-testid=range]"));
        assertThat(Long.parseLong(range.getAttribute("data-to")) - Long.parseLong(range.getAttribute("data-from")))
                .isEqualTo(36 * 3600);
        assertThat(page.fragment()).contains("from=" + range.getAttribute("data-from")).contains("to=" + range.getAttribute("data-to"));
        assertTilesMatchTheApi();
    }

    @Test
    @Order(4)
    void addingACountryFilterChangesTheTilesToTheFilteredApiNumbers() {
        page.go("/overview?range=7d");
        String allViews = page.text(By.cssSelector("[data-metric=views] [data-testid=value]"));
        String country = api("/data/v1/metrics/views/breakdown?group_by=country&order_by=views&" + scope())
                .path("data").get(0).path("field").asText();

        // the dimension names come from a request of their own
        WebElement dimensions = page.driver().findElement(By.cssSelector("[data-testid=filter-dimension]"));
        new WebDriverWait(page.driver(), Duration.ofSeconds(10)).until(d ->
                !dimensions.findElements(By.cssSelector("option[value=country]")).isEmpty());
        new Select(dimensions).selectByValue("country");
        WebElement values = page.driver().findElement(By.cssSelector("[data-testid=filter-value]"));
        new WebDriverWait(page.driver(), Duration.ofSeconds(10)).until(d ->
                !values.findElements(By.cssSelector("option[value='" + country + "']")).isEmpty());
        page.rerenderAfter(() -> new Select(values).selectByValue(country));

        assertThat(page.fragment()).contains("f=country:" + country);
        assertThat(page.all(By.cssSelector("[data-testid=filter]"))).extracting(WebElement::getText)
                .singleElement().asString().startsWith("country = " + country);
        Map<String, String> shown = assertTilesMatchTheApi("country:" + country);
        assertThat(shown.get("views")).isNotEqualTo(allViews);
        page.screenshot("dashboard-overview-filtered");
    }

    @Test
    @Order(5)
    void breakdownTableIsTheApiBreakdownAndClickingAValueFiltersByIt() {
        page.go("/breakdown?range=7d&metric=video_startup_time&by=country");
        JsonNode rows = api("/data/v1/metrics/video_startup_time/breakdown?group_by=country&order_by=value"
                + "&order_direction=desc&limit=100&" + scope()).path("data");

        List<WebElement> shown = page.all(By.cssSelector("[data-testid=breakdown-table] tbody tr"));
        assertThat(shown).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            WebElement line = shown.get(i);
            assertThat(line.getAttribute("data-field")).isEqualTo(row.path("field").asText());
            assertThat(line.findElement(By.cssSelector("[data-testid=value]")).getText())
                    .isEqualTo(DashboardFormat.value(row.path("value").asDouble(), "ms", "video_startup_time"));
            assertThat(line.findElement(By.cssSelector("[data-testid=views]")).getText())
                    .isEqualTo(DashboardFormat.count(row.path("views").asLong()));
        }
        page.screenshot("dashboard-breakdown");

        String first = rows.get(0).path("field").asText();
        page.rerenderAfter(() -> shown.getFirst().findElement(By.cssSelector("[data-testid=filter-by]")).click());

        assertThat(page.fragment()).contains("f=country:" + first);
        List<WebElement> filtered = page.all(By.cssSelector("[data-testid=breakdown-table] tbody tr"));
        assertThat(filtered).extracting(row -> row.getAttribute("data-field")).containsExactly(first);
    }

    @Test
    @Order(6)
    void viewsListIsTheApiListAndAViewPageShowsItsTimelineAndNumbers() {
        page.go("/views?range=24h");
        JsonNode list = api("/data/v1/video-views?limit=25&page=1&" + scope());

        assertThat(page.text(By.cssSelector("[data-testid=total]"))).isEqualTo(DashboardFormat.count(list.path("total_row_count").asLong()));
        List<String> ids = new ArrayList<>();
        list.path("data").forEach(view -> ids.add(view.path("id").asText()));
        assertThat(page.all(By.cssSelector("[data-testid=views-table] tbody tr")))
                .extracting(row -> row.getAttribute("data-view-id")).containsExactlyElementsOf(ids);
        page.screenshot("dashboard-views");

        String viewId = viewWithStallsAndSeeks();
        page.go("/view/" + viewId + "?range=24h");
        JsonNode view = api("/data/v1/video-views/" + viewId).path("data");

        assertThat(page.text(By.cssSelector("[data-field=rebuffer_count]"))).isEqualTo(DashboardFormat.count(view.path("rebuffer_count").asLong()));
        assertThat(page.text(By.cssSelector("[data-field=view_seek_count]"))).isEqualTo(DashboardFormat.count(view.path("view_seek_count").asLong()));
        assertThat(page.text(By.cssSelector("[data-field=viewer_experience_score]")))
                .isEqualTo(String.format(java.util.Locale.US, "%.1f", Double.parseDouble(view.path("viewer_experience_score").asText())));
        assertThat(page.all(By.cssSelector("[data-testid=timeline] [data-marker=stall]"))).hasSize(view.path("rebuffer_count").asInt());
        assertThat(page.all(By.cssSelector("[data-testid=timeline] [data-marker=seek]"))).hasSize(view.path("view_seek_count").asInt());
        assertThat(page.all(By.cssSelector("[data-testid=timeline] [data-marker=startup]"))).hasSize(1);
        assertThat(page.all(By.cssSelector("[data-testid=timeline] rect[data-state=playing]"))).isNotEmpty();
        page.screenshot("dashboard-view");
    }

    /**
     * The timeline's reading of a crafted view, run by the page's own module: a device clock two hours ahead and each
     * event's beacon delayed by another 0 to 1 s (markers sit at device-clock differences from the view's start, not
     * at viewer_time nor at each event's own event_time), a rendition change during a stall too short to count
     * (the stall's marker goes, the rendition change stays), an error during a stall that counts, and stalls too short
     * to count that a pause and the end of the view (still stalled, as a live view is) cut short.
     */
    @Test
    @Order(14)
    void timelinePlacesEventsAtTheirServerTimeAndKeepsMarkersThatCameDuringAStall() throws Exception {
        long startMs = 1_700_000_000_000L;
        long deviceAheadMs = 2 * 3_600_000L;
        ObjectNode view = Json.object();
        view.put("view_start", Instant.ofEpochMilli(startMs).toString());
        view.put("view_end", Instant.ofEpochMilli(startMs + 60_000).toString());
        ArrayNode events = view.putArray("events");
        Object[][] crafted = {
            {"viewstart", 0}, {"play", 500}, {"playing", 1_500},
            {"waiting", 10_000}, {"renditionchange", 10_050}, {"playing", 10_100},
            {"waiting", 20_000}, {"error", 20_500}, {"playing", 21_000},
            {"seeking", 30_000}, {"seeked", 30_200}, {"playing", 30_400},
            {"waiting", 40_000}, {"pause", 40_100}, {"play", 45_000}, {"playing", 45_050}, {"waiting", 59_900},
        };
        for (int i = 0; i < crafted.length; i++) {
            long atMs = ((Number) crafted[i][1]).longValue();
            ObjectNode event = events.addObject();
            event.put("name", (String) crafted[i][0]);
            event.put("event_time", startMs + atMs + (i * 379L) % 1_000);
            event.put("viewer_time", startMs + atMs + deviceAheadMs);
            event.put("sequence_number", i + 1);
            event.put("playback_time", 45_000);
            ObjectNode details = event.putObject("details");
            if (crafted[i][0].equals("renditionchange")) {
                details.put("video_source_bitrate", 2_000_000);
            } else if (crafted[i][0].equals("error")) {
                details.put("player_error_code", "42").put("player_error_message", "decode");
            }
        }

        Object result = page.driver().executeAsyncScript("const view = JSON.parse(arguments[0]);"
                + " const done = arguments[arguments.length - 1];"
                + " import('/dashboard/pages/timeline.js').then((m) => done(JSON.stringify(m.phases(view))),"
                + " (e) => done(JSON.stringify({ failure: String(e) })));", view.toString());
        JsonNode phases = Json.MAPPER.readTree(result.toString());

        assertThat(phases.path("failure").isMissingNode()).as(phases.toString()).isTrue();
        List<String> markers = new ArrayList<>();
        phases.path("markers").forEach(m -> markers.add(m.path("kind").asText() + "@" + m.path("atMs").asLong() + " " + m.path("text").asText()));
        assertThat(markers).containsExactly(
                "startup@1500 first frame after 1.5 s",
                "rendition@10050 rendition change to 2000 kbps",
                "stall@20000 stall of 1.0 s",
                "error@20500 error 42 decode",
                "seek@30000 seek to 45.0 s");
        List<String> bands = new ArrayList<>();
        phases.path("bands").forEach(b -> bands.add(b.path("state").asText() + " " + b.path("fromMs").asLong() + "-" + b.path("toMs").asLong()));
        assertThat(bands).containsExactly("loading 0-500", "startup 500-1500", "playing 1500-20000", "rebuffering 20000-21000",
                "playing 21000-30000", "seeking 30000-30400", "playing 30400-40100", "paused 40100-45000", "playing 45000-60000");
    }

    /** A started view of the last day with at least one stall and one seek, for a timeline worth checking. */
    private String viewWithStallsAndSeeks() {
        JsonNode list = api("/data/v1/video-views?limit=200&" + scope());
        for (JsonNode item : list.path("data")) {
            JsonNode view = api("/data/v1/video-views/" + item.path("id").asText()).path("data");
            if (view.path("rebuffer_count").asInt() > 0 && view.path("view_seek_count").asInt() > 0
                    && view.path("watched").asBoolean()) {
                return item.path("id").asText();
            }
        }
        throw new AssertionError("the fixture has no view with a stall and a seek in the last 24 hours");
    }

    @Test
    @Order(7)
    void errorsTableIsTheApiErrorList() {
        page.go("/errors?range=7d");
        JsonNode errors = api("/data/v1/errors?" + scope()).path("data");
        assertThat(errors.size()).as("the fixture has playback errors").isPositive();

        List<WebElement> rows = page.all(By.cssSelector("[data-testid=errors-table] tbody tr"));
        assertThat(rows).hasSize(errors.size());
        for (int i = 0; i < errors.size(); i++) {
            JsonNode error = errors.get(i);
            assertThat(rows.get(i).getAttribute("data-code")).isEqualTo(error.path("player_error_code").asText());
            assertThat(rows.get(i).findElement(By.cssSelector("[data-testid=count]")).getText())
                    .isEqualTo(DashboardFormat.count(error.path("count").asLong()));
            assertThat(rows.get(i).findElement(By.cssSelector("[data-testid=percentage]")).getText())
                    .isEqualTo(DashboardFormat.percent(error.path("percentage").asDouble()));
        }
        page.screenshot("dashboard-errors");
    }

    @Test
    @Order(8)
    void realTimeShowsTheApiConcurrentViewersAndBreakdowns() {
        page.go("/realtime");
        String ccv = "/data/v1/monitoring/metrics/current-concurrent-viewers";
        long now = api(ccv).path("data").path("value").asLong();
        assertThat(now).as("the fixture leaves views playing at now").isPositive();

        assertThat(page.text(By.cssSelector("[data-testid=ccv]"))).isEqualTo(DashboardFormat.count(now));
        for (String dimension : List.of("video_title", "country", "device_category")) {
            List<String> expected = new ArrayList<>();
            api(ccv + "/breakdown?dimension=" + dimension).path("data").forEach(row -> expected.add(
                    row.path("value").asText() + " " + DashboardFormat.count(row.path("concurrent_viewers").asLong())));
            // read in one script: the page replaces these tables every 5 s
            Object shown = page.script("return [...document.querySelectorAll('[data-breakdown=' + arguments[0] + '] tbody tr')]"
                    + ".map(r => r.dataset.value + ' ' + r.querySelector('[data-testid=viewers]').textContent)", dimension);
            assertThat(shown).as(dimension).isEqualTo(expected);
        }
        page.waitForCharts();
        page.screenshot("dashboard-realtime");
    }

    @Test
    @Order(9)
    void encodingJobsPageShowsTheStatisticsTheApiComputes() {
        page.go("/encoding?range=24h");
        WebElement range = page.driver().findElement(By.cssSelector("[data-testid=range]"));
        JsonNode statistics = api("/data/v1/encoding/statistics?timeframe[]=" + range.getAttribute("data-from")
                + "&timeframe[]=" + range.getAttribute("data-to")).path("data");
        // the fixture's seven jobs: 3 complete, 2 failed (both movies), 1 running, 1 waiting
        assertThat(statistics.path("jobs").asLong()).isEqualTo(7);
        assertThat(statistics.path("jobs_by_status").toString())
                .isEqualTo("{\"waiting\":1,\"running\":1,\"complete\":3,\"failure\":2,\"canceled\":0}");

        assertThat(page.text(By.cssSelector("[data-status=all] [data-testid=value]"))).isEqualTo("7");
        for (String status : List.of("waiting", "running", "complete", "failure", "canceled")) {
            assertThat(page.text(By.cssSelector("[data-status=" + status + "] [data-testid=value]"))).as(status)
                    .isEqualTo(DashboardFormat.count(statistics.path("jobs_by_status").path(status).asLong()));
        }
        for (Map.Entry<String, String> row : Map.of("encode-duration", "encoding", "wait-duration", "waiting").entrySet()) {
            JsonNode durations = statistics.path("durations").path(row.getValue());
            String cells = "[data-testid=" + row.getKey() + "] [data-testid=";
            assertThat(page.text(By.cssSelector(cells + "jobs]"))).isEqualTo(DashboardFormat.count(durations.path("jobs").asLong()));
            for (String column : List.of("median", "p95", "max")) {
                assertThat(page.text(By.cssSelector(cells + column + "]"))).as(row.getKey() + " " + column)
                        .isEqualTo(DashboardFormat.durationMs(durations.path(column + "_ms")));
            }
        }
        // complete m1 s1 s2 encoded 60, 45 and 120 s: the median is the middle one
        assertThat(page.text(By.cssSelector("[data-testid=encode-duration] [data-testid=median]"))).isEqualTo("1 min 0 s");
        List<String> categories = new ArrayList<>();
        statistics.path("categories").forEach(category -> categories.add(category.path("name").asText()));
        assertThat(categories).containsExactly("movies", "shorts");
        for (JsonNode category : statistics.path("categories")) {
            String cells = "[data-category=" + category.path("name").asText() + "] [data-testid=";
            assertThat(page.text(By.cssSelector(cells + "failures]")))
                    .isEqualTo(DashboardFormat.count(category.path("failures").asLong()));
            assertThat(page.text(By.cssSelector(cells + "failure-percentage]")))
                    .isEqualTo(DashboardFormat.percent(category.path("failure_percentage").asDouble()));
        }
        assertThat(page.text(By.cssSelector("[data-category=movies] [data-testid=failures]"))).isEqualTo("2");
        assertThat(page.text(By.cssSelector("[data-category=shorts] [data-testid=failures]"))).isEqualTo("0");
        page.waitForCharts();
        page.screenshot("dashboard-encoding");

        page.rerenderAfter(() -> page.driver().findElement(By.cssSelector("button[data-range='1h']")).click());
        assertThat(page.all(By.cssSelector("[data-testid=empty]"))).hasSize(1);
    }

    @Test
    @Order(10)
    void setupShowsTheProjectKeysFromTheApi() {
        page.go("/setup");
        JsonNode project = api("/data/v1/project").path("data");

        assertThat(project.path("env_key").asText()).isEqualTo(RunningServer.INGEST_KEY);
        assertThat(page.text(By.cssSelector("[data-testid=project] [data-field=env_key]"))).isEqualTo(RunningServer.INGEST_KEY);
        assertThat(page.text(By.cssSelector("[data-testid=project] [data-field=id]"))).isEqualTo(RunningServer.PROJECT_ID);
        assertThat(page.text(By.cssSelector("[data-testid=project] [data-field=token_id]"))).isEqualTo(RunningServer.TOKEN_ID);
        assertThat(page.text(By.cssSelector("[data-testid=snippet-sdk]")))
                .contains("<script src=\"http://localhost:" + fixture.server.server().port() + "/sdk/playtrace.js\"></script>")
                .contains("envKey: '" + RunningServer.INGEST_KEY + "'");
        assertThat(page.text(By.cssSelector("[data-testid=snippet-mux-embed]")))
                .contains("env_key: '" + RunningServer.INGEST_KEY + "'")
                .contains("beaconCollectionDomain: 'localhost:" + fixture.server.server().port() + "'");
        assertThat(page.text(By.cssSelector("[data-testid=snippet-query]"))).doesNotContain(RunningServer.TOKEN_SECRET);
        page.screenshot("dashboard-setup");
    }

    @Test
    @Order(11)
    void aFilterTheApiRefusesShowsTheApiMessageOnThePage() {
        page.goWithoutCheck("/overview?range=24h&f=no_such_dimension:x");

        assertThat(page.script("return document.getElementById('main').dataset.state")).isEqualTo("error");
        assertThat(page.text(By.cssSelector("[data-testid=error]")))
                .contains("filters[]: unknown dimension 'no_such_dimension'; GET /data/v1/dimensions lists them");
        // the refused requests (this period and the one before) are the console's only entries: Chromium logs every
        // 4xx response, each when it arrives, and the page shows the first refusal without waiting for the other
        assertThat(page.awaitSevereConsoleEntries(2)).hasSize(2).allSatisfy(entry -> assertThat(entry).contains("400"));
        page.screenshot("dashboard-error");
    }

    @Test
    @Order(12)
    void phoneWidthOverviewShowsTheSameNumbers() {
        try (HeadlessChromium phone = HeadlessChromium.start(390, 844)) {
            // headless windows have a minimum width; the emulated viewport is the phone's
            phone.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
            DashboardPage small = new DashboardPage(phone, fixture.server.server().port());
            small.openSignedIn(RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET, "/overview?range=24h");
            small.waitForCharts();
            WebElement range = small.driver().findElement(By.cssSelector("[data-testid=range]"));
            String query = "timeframe[]=" + range.getAttribute("data-from") + "&timeframe[]=" + range.getAttribute("data-to");
            long views = api("/data/v1/metrics/views/overall?" + query).path("data").path("total_views").asLong();

            assertThat(small.text(By.cssSelector("[data-metric=views] [data-testid=value]"))).isEqualTo(DashboardFormat.count(views));
            Object overflowPx = small.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflowPx).intValue()).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);
            small.screenshot("dashboard-phone");
            assertThat(small.severeConsoleEntries()).isEmpty();
        }
    }

    @Test
    @Order(13)
    void signingOutShowsTheSignInFormWhichRefusesAWrongSecretAndAcceptsTheRightOne() {
        page.go("/overview?range=24h");
        page.rerenderAfter(() -> page.driver().findElement(By.id("sign-out")).click());
        assertThat(page.all(By.cssSelector("[data-testid=sign-in]"))).hasSize(1);

        page.driver().findElement(By.id("token-id")).sendKeys(RunningServer.TOKEN_ID);
        page.driver().findElement(By.id("token-secret")).sendKeys("wrong-secret");
        page.driver().findElement(By.cssSelector("[data-testid=sign-in] button[type=submit]")).click();
        new WebDriverWait(page.driver(), Duration.ofSeconds(10)).until(d ->
                d.findElement(By.cssSelector("[data-testid=sign-in-error]")).isDisplayed());
        assertThat(page.text(By.cssSelector("[data-testid=sign-in-error]"))).isEqualTo("That token id and secret are not valid.");
        // the refused request is the only console entry: Chromium logs every 401
        assertThat(page.awaitSevereConsoleEntries(1)).singleElement().asString().contains("401");
        page.screenshot("dashboard-sign-in");

        page.driver().findElement(By.id("token-secret")).clear();
        page.driver().findElement(By.id("token-secret")).sendKeys(RunningServer.TOKEN_SECRET);
        page.rerenderAfter(() -> page.driver().findElement(By.cssSelector("[data-testid=sign-in] button[type=submit]")).click());
        assertThat(page.all(By.cssSelector("[data-metric=views] [data-testid=value]"))).hasSize(1);
    }

    @Test
    @Order(15)
    void incidentsPageShowsTheApiIncidentsWithAttributionAndTheOverviewMarksThem() {
        // the fixture's views are drawn anew in each run (the simulator's stream seed mixes in the time), and some
        // draws leave no startup failure in the last 24 hours: one known failure makes the rule fire in every run
        RunningServer.Response failure = fixture.server.postBeacon(new BeaconBuilder(RunningServer.INGEST_KEY,
                fixture.nowMs - 10 * 60_000L).view("startup-failure-for-the-rule").sentAt(3_000)
                .at(0, "viewstart", Map.of("video_id", "v-vsf", "mux_viewer_id", "viewer-vsf"))
                .at(0, "play")
                .at(2_000, "error", Map.of("player_error_code", "MEDIA_ERR_NETWORK", "player_error_message",
                        "network down"))
                .at(3_000, "viewend").build());
        assertThat(failure.status()).as(failure.body()).isEqualTo(200);
        fixture.server.flush();
        String credentials = java.util.Base64.getEncoder().encodeToString((RunningServer.TOKEN_ID + ":"
                + RunningServer.TOKEN_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        RunningServer.Response created = fixture.server.send(java.net.http.HttpRequest.newBuilder(
                        fixture.server.uri("/data/v1/alerts/rules"))
                .header("Authorization", "Basic " + credentials).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"name": "Any startup failure today", "metric": "video_startup_failure_percentage",
                         "window_minutes": 1440, "min_views": 20, "condition": {"type": "threshold", "value": 0}}"""))
                .build());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        // the first evaluation in a new minute of the server's clock runs the rule (this is the last test)
        fixture.clock.advance(Duration.ofMinutes(1));
        fixture.server.server().alerts().runOnce();
        long nowS = fixture.nowMs / 1000;
        String range = "from=" + (nowS - 86_400) + "&to=" + (nowS + 3_600);
        JsonNode incidents = api("/data/v1/alerts/incidents?" + range);
        assertThat(incidents.path("total_row_count").asLong()).as(incidents.toString()).isEqualTo(1);
        JsonNode incident = api("/data/v1/alerts/incidents/" + incidents.path("data").get(0).path("id").asText())
                .path("data");

        // a custom range: the dashboard's presets end at the browser's current minute, before the incident opened
        page.go("/incidents?range=custom&" + range);
        assertThat(page.all(By.cssSelector("[data-incident]"))).hasSize(1);
        assertThat(page.text(By.cssSelector("[data-incident] summary"))).contains("Any startup failure today")
                .contains("open");
        page.driver().findElement(By.cssSelector("[data-incident] summary")).click();
        new WebDriverWait(page.driver(), Duration.ofSeconds(10)).until(d ->
                !d.findElements(By.cssSelector("[data-testid=slices] tbody tr")).isEmpty());
        List<String> slices = page.all(By.cssSelector("[data-testid=slices] tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
        List<String> expected = new ArrayList<>();
        incident.path("attribution").path("slices").forEach(slice -> expected.add(slice.path("dimension").asText()
                + " = " + slice.path("value").asText()));
        assertThat(slices).isEqualTo(expected);
        page.screenshot("dashboard-incidents");

        page.go("/overview?range=custom&" + range);
        page.waitForCharts();
        assertThat(page.driver().findElement(By.cssSelector("[data-testid=chart-video_startup_failure_percentage]"))
                .getAttribute("data-bands")).isEqualTo("1");
        assertThat(page.driver().findElement(By.cssSelector("[data-testid=chart-views]")).getAttribute("data-bands"))
                .as("only the rule's metric is marked").isEqualTo("0");
    }
}
