package dev.playtrace.server.http;

import dev.playtrace.server.nativeapi.NativeApi;

import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.facade.Facade;
import dev.playtrace.server.facade.apivideo.ApiVideoFacade;
import dev.playtrace.server.facade.ncp.NcpFacade;
import dev.playtrace.server.facade.ncp.NcpSignature;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every route the server registers (read from the server's own routing, so a new route fails
 * {@link #everyRegisteredRouteHasBadRequests} until it has cases here) and sends each bad values for its parameters:
 * non-numeric, negative, huge, bad dates, unknown dimension or metric, overlong strings, missing required
 * parameters, wrong credentials. Each must get a 4xx whose body names the problem; nothing a client sends may get a
 * 5xx. Values that are odd but valid (a page past the end, a long filter value) must at least not be a 5xx.
 */
class RouteWalkTest {
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final long T0_S = T0.getEpochSecond();
    private static final String LONG = "x".repeat(3000);
    private static final String HUGE_INT = "85899347";
    private static final String BEYOND_INT = "99999999999";
    private static final String TRILLION = "1000000000000";
    private static final String CMCD_REPORT = "cid=\"v\",e=ps,sid=\"walk\",sn=1,sta=s,ts=" + T0.toEpochMilli() + ",v=2\n";

    @TempDir
    static Path dataDir;
    private static RunningServer server;
    private static ProjectAdmin.Credentials project;
    private static MutableClock clock;

    /** Who sends a request, and how. */
    private enum Caller {
        /** no credentials at all */
        ANONYMOUS,
        /** the project's HTTP Basic API token (admin) */
        NATIVE,
        /** the VPE {@code x-api-key} and {@code x-project-id} */
        VPE,
        /** signed with the project's NCP access key (API Gateway signature v2) */
        NCP_SIGNED,
        /** SmartSight's {@code X-API-Key} */
        SMARTSIGHT,
        /** api.video Basic with the API key */
        APIVIDEO,
        /** a well-formed credential of each scheme that names nobody */
        WRONG
    }

    /** What a bad request must get. */
    private enum Expect {
        /** a 4xx whose body contains {@link Bad#mentions} */
        CLIENT_ERROR,
        /** any status below 500 (odd but valid input) */
        NO_SERVER_ERROR,
        /** VPE's documented answer to bad credentials: HTTP 200 with "Unauthorized" in its envelope */
        VPE_UNAUTHORIZED
    }

    private record Bad(String route, String method, String pathAndQuery, Caller caller, String body, String mentions,
            Expect expect) {
        @Override
        public String toString() {
            return route + " <- " + method + " " + (pathAndQuery.length() > 120 ? pathAndQuery.substring(0, 120) + "..."
                    : pathAndQuery) + (body == null ? "" : " " + body) + " as " + caller;
        }
    }

    /** Cases of one route: a concrete path for its pattern, the caller it needs, and bad variations. */
    private static final class RouteCases {
        private final String route;
        private final String method;
        private final String path;
        private final Caller caller;
        private final List<Bad> cases = new ArrayList<>();

        RouteCases(String route, String path, Caller caller) {
            this.route = route;
            this.method = route.substring(0, route.indexOf(' '));
            this.path = path;
            this.caller = caller;
        }

        /** The route's path with {@code query} (replacing parameters of the same names) must get a 4xx naming {@code mentions}. */
        RouteCases bad(String query, String mentions) {
            cases.add(new Bad(route, method, withQuery(path, query), caller, null, mentions, Expect.CLIENT_ERROR));
            return this;
        }

        /** A request body to the route's path with {@code query} that must get a 4xx naming {@code mentions}. */
        RouteCases badBody(String query, String body, String mentions) {
            cases.add(new Bad(route, method, withQuery(path, query), caller, body, mentions, Expect.CLIENT_ERROR));
            return this;
        }

        /** An odd but valid request body: anything but a 5xx. */
        RouteCases toleratesBody(String body) {
            cases.add(new Bad(route, method, path, caller, body, "", Expect.NO_SERVER_ERROR));
            return this;
        }

        /** Another concrete path of the route's pattern must get a 4xx naming {@code mentions}. */
        RouteCases badPath(String otherPath, String mentions) {
            cases.add(new Bad(route, method, otherPath, caller, null, mentions, Expect.CLIENT_ERROR));
            return this;
        }

        /** A request body that must get a 4xx naming {@code mentions}. */
        RouteCases badBody(String body, String mentions) {
            cases.add(new Bad(route, method, path, caller, body, mentions, Expect.CLIENT_ERROR));
            return this;
        }

        /** Odd but valid input: anything but a 5xx. */
        RouteCases tolerates(String query) {
            cases.add(new Bad(route, method, query.isEmpty() ? path : withQuery(path, query), caller, null, "",
                    Expect.NO_SERVER_ERROR));
            return this;
        }

        /** Without credentials, and with credentials that name nobody: refused naming {@code mentions}. */
        RouteCases unauthenticated(String mentions) {
            Expect expect = caller == Caller.VPE ? Expect.VPE_UNAUTHORIZED : Expect.CLIENT_ERROR;
            cases.add(new Bad(route, method, path, Caller.ANONYMOUS, null, mentions, expect));
            cases.add(new Bad(route, method, path, Caller.WRONG, null, mentions, expect));
            return this;
        }
    }

    /** {@code path} with the parameters of {@code query} added, replacing any of the same names. */
    private static String withQuery(String path, String query) {
        int question = path.indexOf('?');
        String base = question < 0 ? path : path.substring(0, question);
        Set<String> replaced = new LinkedHashSet<>();
        for (String pair : query.split("&")) {
            replaced.add(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
        }
        List<String> kept = new ArrayList<>();
        if (question >= 0) {
            for (String pair : path.substring(question + 1).split("&")) {
                if (!replaced.contains(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair)) {
                    kept.add(pair);
                }
            }
        }
        kept.add(query);
        return base + "?" + String.join("&", kept);
    }

    @BeforeAll
    static void start() {
        clock = new MutableClock(T0);
        server = RunningServer.start(dataDir, clock);
        project = server.createProject("route walk");
        String beacon = new BeaconBuilder(project.project().ingestKey(), T0.toEpochMilli() - 60_000).view("walk-view")
                .at(0, "viewstart", Map.of("video_id", "walk-video", "video_stream_type", "on-demand"))
                .at(100, "play").at(900, "playing").build();
        assertThat(server.postBeacon(beacon).status()).isEqualTo(200);
        String live = new BeaconBuilder(project.project().ingestKey(), T0.toEpochMilli() - 60_000).view("walk-live-view")
                .at(0, "viewstart", Map.of("video_id", "walk-live", "video_stream_type", "live"))
                .at(100, "play").at(900, "playing").build();
        assertThat(server.postBeacon(live).status()).isEqualTo(200);
        server.flush();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRegisteredRouteHasBadRequests() {
        Set<String> registered = new LinkedHashSet<>();
        server.server().routes().forEach(route -> registered.add(route.toString()));
        Set<String> walked = new LinkedHashSet<>();
        cases().forEach(bad -> walked.add(bad.route()));

        assertThat(registered).as("routes registered without a method and a path pattern cannot be walked")
                .doesNotContain(RecordingRouting.Route.UNLISTED.toString());
        assertThat(walked).as("every registered route has bad requests here, and every route here is registered")
                .containsExactlyInAnyOrderElementsOf(registered);
    }

    @TestFactory
    Stream<DynamicTest> everyBadRequestIsAClientErrorNamingTheProblem() {
        return cases().stream().map(bad -> DynamicTest.dynamicTest(bad.toString(), () -> {
            if (bad.caller() == Caller.APIVIDEO) {
                // api.video allows 60 requests a minute per key: a minute passes between them so none is rate limited
                clock.advance(Duration.ofSeconds(61));
            }
            RunningServer.Response response = bad.pathAndQuery().contains("%zz") ? sendRaw(bad) : server.send(request(bad));

            switch (bad.expect()) {
                case CLIENT_ERROR -> {
                    assertThat(response.status()).as(bad + ": " + response.body()).isBetween(400, 499);
                    assertThat(response.body()).as(bad + ": status " + response.status()).contains(bad.mentions());
                }
                case NO_SERVER_ERROR -> assertThat(response.status()).as(bad + ": " + response.body()).isLessThan(500);
                case VPE_UNAUTHORIZED -> {
                    assertThat(response.status()).as(bad + ": " + response.body()).isEqualTo(200);
                    assertThat(response.json().path("message").asText()).as(bad.toString()).isEqualTo("Unauthorized");
                }
            }
            assertThat(response.body()).as(bad + ": no stack trace reaches a client")
                    .doesNotContain("\tat ", "dev.playtrace.", "java.lang.", "java.util.");
        }));
    }

    // ---- the cases, route by route

    private static List<Bad> cases() {
        List<RouteCases> routes = new ArrayList<>();
        collector(routes);
        nativeApi(routes);
        encodingJobs(routes);
        alerts(routes);
        operational(routes);
        vpe(routes);
        vpeUnknownPaths(routes);
        vodStation(routes);
        smartSight(routes);
        apiVideo(routes);
        staticFiles(routes);
        return routes.stream().flatMap(route -> route.cases.stream()).toList();
    }

    private static RouteCases route(List<RouteCases> routes, String route, String path, Caller caller) {
        RouteCases cases = new RouteCases(route, path, caller);
        routes.add(cases);
        return cases;
    }

    private static void collector(List<RouteCases> routes) {
        for (String path : List.of("/v1/beacons", "/")) {
            route(routes, "POST " + path, path, Caller.ANONYMOUS)
                    .badBody("{\"events\": [", "malformed_json")
                    .badBody("[1, 2, 3]", "error")
                    .badBody("{\"metadata\": {\"env_key\": \"" + RunningServer.INGEST_KEY + "\"}, \"events\": []}", "events")
                    .badBody(new BeaconBuilder("no-such-key", T0.toEpochMilli()).view("v").at(0, "play").build(),
                            "unknown_ingest_key")
                    .badBody(new BeaconBuilder(LONG, T0.toEpochMilli()).view("v").at(0, "play").build(),
                            "unknown_ingest_key");
            route(routes, "OPTIONS " + path, path, Caller.ANONYMOUS).tolerates("junk=" + LONG);
        }
        route(routes, "POST /v1/cmcd", "/v1/cmcd", Caller.ANONYMOUS)
                .badBody("env_key=" + RunningServer.INGEST_KEY, "{}", "CMCD")
                .badBody("env_key=" + RunningServer.INGEST_KEY, "", "empty")
                .badBody("", CMCD_REPORT, "ingest")
                .badBody("env_key=no-such-key", CMCD_REPORT, "ingest")
                .badBody("env_key=" + LONG, CMCD_REPORT, "ingest");
        route(routes, "OPTIONS /v1/cmcd", "/v1/cmcd", Caller.ANONYMOUS).tolerates("junk=1");
        route(routes, "POST /v1/cmcd/{ingestKey}", "/v1/cmcd/no-such-key", Caller.ANONYMOUS)
                .badBody(CMCD_REPORT, "ingest")
                .badBody("not cmcd at all", "CMCD");
        route(routes, "OPTIONS /v1/cmcd/{ingestKey}", "/v1/cmcd/no-such-key", Caller.ANONYMOUS).tolerates("");
    }

    private static void nativeApi(List<RouteCases> routes) {
        String prefix = "/data/v1";
        for (String kind : List.of("overall", "breakdown", "timeseries", "insights")) {
            String path = prefix + "/metrics/views/" + kind + (kind.equals("breakdown") ? "?group_by=country" : "");
            String query = kind.equals("breakdown") ? "?group_by=country" : "";
            RouteCases cases = route(routes, "GET " + prefix + "/metrics/{id}/" + kind, path, Caller.NATIVE)
                    .badPath(prefix + "/metrics/no_such_metric/" + kind + query, "no_such_metric")
                    .badPath(prefix + "/metrics/" + LONG + "/" + kind + query, "unknown metric");
            timeframeAndFilters(cases);
            cases.bad("measurement=mode", "mode")
                    .unauthenticated("token");
            if (kind.equals("breakdown")) {
                cases.badPath(prefix + "/metrics/views/breakdown", "group_by")
                        .bad("group_by=planet", "planet").bad("group_by=" + LONG, "unknown dimension");
                paging(cases);
                cases.bad("order_by=loudness", "order_by").bad("order_direction=sideways", "order_direction");
            }
            if (kind.equals("timeseries")) {
                cases.bad("group_by=fortnight", "group_by").bad("order_direction=sideways", "order_direction");
            }
        }
        RouteCases comparison = route(routes, "GET " + prefix + "/metrics/comparison", prefix + "/metrics/comparison",
                Caller.NATIVE)
                .bad("dimension=planet&value=x", "planet")
                .bad("dimension=country", "value")
                .unauthenticated("token");
        timeframeAndFilters(comparison);
        route(routes, "GET " + prefix + "/metrics", prefix + "/metrics", Caller.NATIVE)
                .tolerates("limit=abc").unauthenticated("token");
        RouteCases views = route(routes, "GET " + prefix + "/video-views", prefix + "/video-views", Caller.NATIVE)
                .bad("order_direction=sideways", "order_direction")
                .tolerates("viewer_id=" + LONG).tolerates("error_id=" + LONG)
                .unauthenticated("token");
        timeframeAndFilters(views);
        paging(views);
        route(routes, "GET " + prefix + "/video-views/{id}", prefix + "/video-views/walk-view", Caller.NATIVE)
                .badPath(prefix + "/video-views/no-such-view", "no-such-view")
                .badPath(prefix + "/video-views/" + LONG, "no video view")
                .unauthenticated("token");
        for (String list : List.of("/dimensions", "/filters")) {
            route(routes, "GET " + prefix + list, prefix + list, Caller.NATIVE).tolerates("junk=1").unauthenticated("token");
            RouteCases values = route(routes, "GET " + prefix + list + "/{id}", prefix + list + "/country", Caller.NATIVE)
                    .badPath(prefix + list + "/planet", "planet")
                    .badPath(prefix + list + "/" + LONG, "unknown dimension")
                    .unauthenticated("token");
            timeframeAndFilters(values);
            paging(values);
        }
        RouteCases errors = route(routes, "GET " + prefix + "/errors", prefix + "/errors", Caller.NATIVE)
                .unauthenticated("token");
        timeframeAndFilters(errors);
        route(routes, "GET " + prefix + "/project", prefix + "/project", Caller.NATIVE).unauthenticated("token");
        for (String monitoring : List.of("/monitoring", "/realtime")) {
            String base = prefix + monitoring;
            route(routes, "GET " + base + "/metrics", base + "/metrics", Caller.NATIVE).unauthenticated("token");
            route(routes, "GET " + base + "/dimensions", base + "/dimensions", Caller.NATIVE).unauthenticated("token");
            String metric = base + "/metrics/current-concurrent-viewers";
            route(routes, "GET " + base + "/metrics/{id}", metric, Caller.NATIVE)
                    .badPath(base + "/metrics/no-such-metric", "no-such-metric")
                    .badPath(base + "/metrics/" + LONG, "monitoring metric")
                    .bad("filters[]=planet:mars", "planet")
                    .unauthenticated("token");
            route(routes, "GET " + base + "/metrics/{id}/breakdown", metric + "/breakdown?dimension=country", Caller.NATIVE)
                    .badPath(base + "/metrics/no-such-metric/breakdown?dimension=country", "no-such-metric")
                    .bad("dimension=planet", "planet")
                    .badPath(metric + "/breakdown", "dimension")
                    .bad("timestamp=yesterday", "timestamp")
                    .bad("timestamp=-5", "timestamp")
                    .bad("timestamp=" + TRILLION + TRILLION, "timestamp")
                    .bad("order_direction=sideways", "order_direction")
                    .bad("filters[]=nocolon", "filters")
                    .unauthenticated("token");
            route(routes, "GET " + base + "/metrics/{id}/timeseries", metric + "/timeseries", Caller.NATIVE)
                    .badPath(base + "/metrics/no-such-metric/timeseries", "no-such-metric")
                    .bad("timestamp=yesterday", "timestamp")
                    .bad("timestamp=-5", "timestamp")
                    .bad("timestamp=0", "timestamp")
                    .bad("timestamp=" + (T0_S - 3 * 86_400), "timestamp")
                    .bad("timestamp=" + TRILLION + "000", "timestamp")
                    .bad("filters[]=planet:mars", "planet")
                    .unauthenticated("token");
            route(routes, "GET " + base + "/metrics/{id}/breakdown-timeseries",
                    metric + "/breakdown-timeseries?dimension=country", Caller.NATIVE)
                    .badPath(base + "/metrics/no-such-metric/breakdown-timeseries?dimension=country", "no-such-metric")
                    .bad("dimension=planet", "planet")
                    .badPath(metric + "/breakdown-timeseries", "dimension")
                    .bad("timeframe[]=" + (T0_S - 86_400) + "&timeframe[]=" + T0_S, "10 minutes")
                    .bad("timeframe[]=yesterday", "timeframe")
                    .bad("limit=abc", "limit").bad("limit=-1", "limit").bad("limit=" + TRILLION, "limit")
                    .unauthenticated("token");
            String histogram = base + "/metrics/video-startup-time/histogram-timeseries";
            route(routes, "GET " + base + "/metrics/{id}/histogram-timeseries", histogram, Caller.NATIVE)
                    .badPath(base + "/metrics/no-such-metric/histogram-timeseries", "no-such-metric")
                    .badPath(metric + "/histogram-timeseries", "current-concurrent-viewers")
                    .bad("timestamp=yesterday", "timestamp")
                    .bad("timestamp=0", "timestamp")
                    .bad("timestamp=" + TRILLION + "000", "timestamp")
                    .bad("filters[]=planet:mars", "planet")
                    .unauthenticated("token");
        }
        for (String path : NativeApi.NOT_SERVED.keySet()) {
            String concrete = prefix + path.replaceAll("\\{[^}]+}", "x");
            route(routes, "ANY " + prefix + path, concrete, Caller.NATIVE)
                    .badPath(concrete, "Playtrace has no")
                    .unauthenticated("token");
        }
    }

    private static void timeframeAndFilters(RouteCases cases) {
        cases.bad("timeframe[]=yesterday", "timeframe")
                .bad("timeframe[]=-5:days", "timeframe")
                .bad("timeframe[]=" + TRILLION + ":days", "timeframe")
                .bad("timeframe[]=24:fortnights", "timeframe")
                .bad("timeframe[]=2026-11-20&timeframe[]=2026-11-21", "timeframe")
                .bad("timeframe[]=" + BEYOND_INT + BEYOND_INT + "&timeframe[]=1", "timeframe")
                .bad("timeframe[]=-1&timeframe[]=10", "timeframe")
                .bad("timeframe[]=" + T0_S + "&timeframe[]=" + (T0_S - 3600), "timeframe")
                .bad("timeframe[]=1&timeframe[]=2&timeframe[]=3", "timeframe")
                .bad("filters[]=nocolon", "filters")
                .bad("filters[]=planet:mars", "planet")
                .bad("filters[]=" + LONG + ":x", "unknown dimension")
                .bad("filters[]=%zz", "percent-encoding")
                .tolerates("filters[]=country:" + LONG)
                .tolerates("filters[]=country:");
    }

    private static void paging(RouteCases cases) {
        cases.bad("limit=abc", "limit").bad("limit=-1", "limit").bad("limit=0", "limit").bad("limit=" + TRILLION, "limit")
                .bad("page=abc", "page").bad("page=-3", "page").bad("page=0", "page").bad("page=" + BEYOND_INT, "page")
                .tolerates("page=" + HUGE_INT)
                .tolerates("page=" + Integer.MAX_VALUE + "&limit=100");
    }

    private static void encodingJobs(List<RouteCases> routes) {
        String prefix = "/data/v1/encoding";
        route(routes, "POST " + prefix + "/categories", prefix + "/categories", Caller.NATIVE)
                .badBody("", "name").badBody("{", "JSON").badBody("{}", "name").toleratesBody("{\"name\": 5}")
                .badBody("[]", "object")
                .unauthenticated("token");
        route(routes, "GET " + prefix + "/categories", prefix + "/categories", Caller.NATIVE)
                .tolerates("junk=1").unauthenticated("token");
        route(routes, "POST " + prefix + "/jobs", prefix + "/jobs", Caller.NATIVE)
                .badBody("{}", "file_id").badBody("{\"file_id\": \"\"}", "file_id")
                .badBody("{\"file_id\": \"f1\", \"category_id\": \"abc\"}", "category_id")
                .badBody("{\"file_id\": \"f1\", \"category_id\": " + TRILLION + TRILLION + "}", "category_id")
                .badBody("{\"file_id\": \"f1\", \"category_id\": -4}", "category")
                .badBody("{\"file_id\": \"f1\", \"input\": {\"width\": \"wide\"}}", "width")
                .badBody("{\"file_id\": \"f1\", \"input\": {\"width\": " + TRILLION + "}}", "width")
                .toleratesBody("{\"file_id\": \"f2\", \"input\": {\"duration_seconds\": -5}}")
                .badBody("{\"file_id\": \"f1\", \"input\": 7}", "input")
                .unauthenticated("token");
        RouteCases list = route(routes, "GET " + prefix + "/jobs", prefix + "/jobs", Caller.NATIVE)
                .bad("from=yesterday", "from")
                .bad("to=" + TRILLION + TRILLION + TRILLION, "to")
                .bad("from=5&to=1", "to")
                .tolerates("from=-5")
                .unauthenticated("token");
        paging(list);
        route(routes, "GET " + prefix + "/jobs/{fileId}", prefix + "/jobs/no-such-file", Caller.NATIVE)
                .badPath(prefix + "/jobs/no-such-file", "no-such-file")
                .badPath(prefix + "/jobs/" + LONG, "job")
                .unauthenticated("token");
        route(routes, "POST " + prefix + "/jobs/{fileId}/status", prefix + "/jobs/no-such-file/status", Caller.NATIVE)
                .badBody("{\"status\": \"running\"}", "no-such-file")
                .badBody("{}", "status")
                .badBody("{\"status\": \"exploded\"}", "status")
                .unauthenticated("token");
        RouteCases statistics = route(routes, "GET " + prefix + "/statistics", prefix + "/statistics", Caller.NATIVE)
                .bad("granularity=fortnight", "granularity")
                .bad("filters[]=country:US", "filters")
                .unauthenticated("token");
        for (String table : List.of("views", "events")) {
            RouteCases export = route(routes, "GET /data/v1/exports/" + table, "/data/v1/exports/" + table, Caller.NATIVE)
                    .bad("format=xlsx", "format")
                    .unauthenticated("token");
            timeframeAndFilters(export);
        }
        statistics.bad("timeframe[]=yesterday", "timeframe")
                .bad("timeframe[]=-5:days", "timeframe")
                .bad("timeframe[]=" + T0_S + "&timeframe[]=" + (T0_S - 3600), "timeframe");
    }

    private static void alerts(List<RouteCases> routes) {
        String prefix = "/data/v1/alerts";
        route(routes, "GET " + prefix + "/rules", prefix + "/rules", Caller.NATIVE).unauthenticated("token");
        route(routes, "POST " + prefix + "/rules", prefix + "/rules", Caller.NATIVE)
                .badBody("{", "JSON").badBody("[]", "object").badBody("{}", "metric")
                .unauthenticated("token");
        route(routes, "GET " + prefix + "/rules/{id}", prefix + "/rules/no-such-rule", Caller.NATIVE)
                .badPath(prefix + "/rules/no-such-rule", "no rule")
                .unauthenticated("token");
        route(routes, "PUT " + prefix + "/rules/{id}", prefix + "/rules/no-such-rule", Caller.NATIVE)
                .badBody("{", "no rule")
                .unauthenticated("token");
        route(routes, "DELETE " + prefix + "/rules/{id}", prefix + "/rules/no-such-rule", Caller.NATIVE)
                .badPath(prefix + "/rules/no-such-rule", "no rule")
                .unauthenticated("token");
        RouteCases incidents = route(routes, "GET " + prefix + "/incidents", prefix + "/incidents", Caller.NATIVE)
                .bad("limit=abc", "limit").bad("limit=-1", "limit").bad("limit=" + TRILLION, "limit")
                .bad("from=yesterday", "from")
                .unauthenticated("token");
        route(routes, "GET " + prefix + "/incidents/{id}", prefix + "/incidents/no-such-incident", Caller.NATIVE)
                .badPath(prefix + "/incidents/no-such-incident", "no incident")
                .unauthenticated("token");
    }

    private static void operational(List<RouteCases> routes) {
        for (String path : List.of("/health", "/metrics", "/openapi.yaml", "/beacon.schema.json")) {
            route(routes, "GET " + path, path, Caller.ANONYMOUS).tolerates("junk=" + LONG).tolerates("%zz");
        }
    }

    private static void vpe(List<RouteCases> routes) {
        for (String path : List.of("/v1/charts/playCnt", "/v1/charts/playTimeSum", "/v1/charts/uniqUserCnt",
                "/v1/charts/currentViewers", "/v1/contentsSummary", "/v1/contentsSummary/playCountTop10",
                "/v1/contentsSummary/playTimeTop10")) {
            RouteCases cases = route(routes, "GET " + path, path, Caller.VPE).unauthenticated("Unauthorized");
            if (!path.equals("/v1/charts/currentViewers")) {
                cases.bad("startDate=yesterday", "startDate")
                        .bad("endDate=2026-13-45", "endDate")
                        .bad("startDate=" + LONG, "startDate")
                        .bad("startDate=2026-11-20&endDate=2026-11-01", "startDate")
                        .bad("startDate=1900-01-01&endDate=2026-11-01", "3660 days")
                        .bad("startDate=-999999999-01-01", "startDate")
                        .bad("device=Toaster", "device")
                        .bad("videoType=HOLOGRAM", "videoType")
                        .bad("device=" + LONG, "device");
            } else {
                cases.tolerates("startDate=yesterday").bad("device=Toaster", "device");
            }
            cases.bad("note=" + "x".repeat(3_800), "query string too long");
            if (path.equals("/v1/contentsSummary")) {
                cases.bad("limit=abc", "limit").bad("limit=-1", "limit").bad("limit=" + TRILLION, "limit")
                        .bad("pageNo=abc", "pageNo").bad("pageNo=-1", "pageNo").bad("pageNo=" + BEYOND_INT, "pageNo")
                        .bad("pageNo=" + HUGE_INT, "pageNo");
            }
        }
    }

    private static void vpeUnknownPaths(List<RouteCases> routes) {
        route(routes, "ANY /v1/charts/*", "/v1/charts/no-such-chart", Caller.VPE)
                .badPath("/v1/charts/no-such-chart", "Not found")
                .badPath("/v1/charts/" + LONG, "Not found");
        route(routes, "ANY /v1/contentsSummary/*", "/v1/contentsSummary/no-such-list", Caller.VPE)
                .badPath("/v1/contentsSummary/no-such-list", "Not found");
    }

    private static void vodStation(List<RouteCases> routes) {
        String base = "/api/v2";
        route(routes, "GET " + base + "/status/status-statistic", base + "/status/status-statistic", Caller.NCP_SIGNED)
                .bad("workStartTimeFrom=yesterday", "workStartTimeFrom")
                .bad("workStartTimeTo=" + TRILLION + TRILLION, "workStartTimeTo")
                .bad("workStartTimeFrom=-5", "workStartTimeFrom")
                .unauthenticated("Authentication");
        route(routes, "GET " + base + "/status", base + "/status", Caller.NCP_SIGNED)
                .bad("workStartTimeFrom=yesterday", "workStartTimeFrom")
                .bad("pageNo=abc", "pageNo").bad("pageNo=-1", "pageNo").bad("pageNo=" + BEYOND_INT, "pageNo")
                .bad("pageSizeNo=abc", "pageSizeNo").bad("pageSizeNo=0", "pageSizeNo")
                .bad("pageSizeNo=" + TRILLION, "pageSizeNo")
                .tolerates("pageNo=" + HUGE_INT)
                .tolerates("pageNo=" + Integer.MAX_VALUE + "&pageSizeNo=1000")
                .tolerates("categoryId=" + LONG)
                .unauthenticated("Authentication");
        route(routes, "GET " + base + "/status/{fileId}", base + "/status/no-such-file", Caller.NCP_SIGNED)
                .badPath(base + "/status/no-such-file", "no-such-file")
                .badPath(base + "/status/" + LONG, "260004")
                .unauthenticated("Authentication");
        route(routes, "GET " + base + "/category", base + "/category", Caller.NCP_SIGNED)
                .tolerates("junk=" + LONG)
                .unauthenticated("Authentication");
        route(routes, "ANY " + base + "/*", base + "/no-such-endpoint", Caller.NCP_SIGNED)
                .badPath(base + "/no-such-endpoint", "URL not found")
                .badPath(base + "/" + LONG, "URL not found");
    }

    private static void smartSight(List<RouteCases> routes) {
        for (String path : List.of("/realms/{realm}/protocol/openid-connect/token", "/generateOAuthToken")) {
            String concrete = path.replace("{realm}", "mediamelon");
            route(routes, "POST " + path, concrete, Caller.ANONYMOUS)
                    .badBody("", "grant_type")
                    .badBody("grant_type=teleport", "grant_type")
                    .badBody("grant_type=password", "username")
                    .badBody("grant_type=password&username=nobody&password=wrong", "invalid_grant")
                    .badBody("grant_type=client_credentials&client_id=" + LONG + "&client_secret=x", "unauthorized_client")
                    .badBody("grant_type=refresh_token&refresh_token=not.a.jwt", "refresh")
                    .badBody("grant_type=refresh_token", "refresh_token")
                    .badBody("grant_type=%zz", "percent-encoding");
        }
        route(routes, "POST /realms/{realm}/protocol/openid-connect/revoke",
                "/realms/mediamelon/protocol/openid-connect/revoke", Caller.ANONYMOUS)
                .badBody("", "token")
                .badBody("token_type_hint=refresh_token", "token")
                .badBody("token=%zz", "percent-encoding");
        String customer = project.project().id();
        for (String kind : List.of("session", "qbrData/vod", "metricquery")) {
            String path = "/mm-apis/" + kind + "/" + customer + "?planlevel=6831&metrics=viewercount&period=start="
                    + (T0_S - 3600) + ",end=" + T0_S;
            RouteCases cases = route(routes, "GET /mm-apis/" + kind + "/{customerId}", path, Caller.SMARTSIGHT)
                    .badPath("/mm-apis/" + kind + "/" + customer + "?planlevel=6831&period=start=1,end=2", "metrics")
                    .badPath("/mm-apis/" + kind + "/" + customer + "?planlevel=6831&metrics=viewercount", "period")
                    .badPath("/mm-apis/" + kind + "/someone-else?metrics=viewercount&period=start=1,end=2", "someone-else");
            if (!kind.equals("metricquery")) {
                cases.badPath("/mm-apis/" + kind + "/" + customer + "?metrics=viewercount&period=start=1,end=2", "planlevel");
            }
            cases
                    .bad("metrics=loudness", "loudness")
                    .bad("metrics=" + LONG, "unknown metric")
                    .bad("period=start=yesterday,end=today", "period")
                    // documented: a start after the end is swapped
                    .tolerates("period=start=" + T0_S + ",end=" + (T0_S - 3600))
                    .bad("period=start=-5,end=" + TRILLION + TRILLION, "period")
                    .bad("aggby=planet", "planet")
                    .bad("granularity=fortnight", "granularity")
                    .bad("filter=[planet=mars]", "planet")
                    .bad("filter=[country", "filter")
                    .bad("orderby=loudness", "orderby")
                    .bad("orderas=sideways", "orderas")
                    .bad("limit=abc", "limit").bad("limit=-1", "limit").bad("limit=" + TRILLION, "limit")
                    .bad("offset=abc", "offset").bad("offset=-1", "offset").tolerates("offset=" + HUGE_INT)
                    .unauthenticated("Unauthorized");
        }
        route(routes, "ANY /mm-apis/*", "/mm-apis/no-such-api/" + customer, Caller.SMARTSIGHT)
                .badPath("/mm-apis/no-such-api/" + customer, "No SmartSight API");
        route(routes, "GET /mm-apis/listsessions/{customerId}", "/mm-apis/listsessions/" + customer + "?period=start="
                + (T0_S - 3600) + ",end=" + T0_S, Caller.SMARTSIGHT)
                .badPath("/mm-apis/listsessions/someone-else?period=start=1,end=2", "someone-else")
                .badPath("/mm-apis/listsessions/" + customer, "period")
                .bad("sessiontype=imaginary", "sessiontype")
                .bad("order=sideways", "order")
                .bad("allstatus=7", "allstatus")
                .bad("limit=abc", "limit").bad("limit=-1", "limit").bad("limit=" + TRILLION, "limit")
                .bad("limit=0", "limit").bad("limit=100001", "limit")
                .bad("offset=abc", "offset").bad("offset=-1", "offset").bad("offset=" + BEYOND_INT, "offset")
                .tolerates("offset=" + Integer.MAX_VALUE)
                .bad("period=start=yesterday,end=today", "period")
                .unauthenticated("Unauthorized");
    }

    private static void apiVideo(List<RouteCases> routes) {
        route(routes, "POST /auth/api-key", "/auth/api-key", Caller.ANONYMOUS)
                .badBody("", "credentials").badBody("{", "credentials").badBody("{}", "credentials")
                .badBody("{\"apiKey\": \"" + LONG + "\"}", "credentials").badBody("{\"apiKey\": 5}", "credentials");
        route(routes, "POST /auth/refresh", "/auth/refresh", Caller.ANONYMOUS)
                .badBody("", "credentials").badBody("{\"refreshToken\": \"nope\"}", "credentials")
                .badBody("{\"refreshToken\": \"" + LONG + "\"}", "credentials");
        String from = "from=2026-11-19";
        for (String kind : List.of("videos", "live-streams")) {
            String path = "/analytics/" + kind + "/plays?dimension=country&" + from;
            route(routes, "GET /analytics/" + kind + "/plays", path, Caller.APIVIDEO)
                    .badPath("/analytics/" + kind + "/plays?" + from, "dimension")
                    .badPath("/analytics/" + kind + "/plays?dimension=country", "from")
                    .bad("dimension=planet", "dimension")
                    .bad("from=yesterday", "from").bad("from=2026-13-45", "from").bad("to=yesterday", "to")
                    .bad("from=" + LONG, "from")
                    .bad("to=2026-11-01", "to")
                    .bad("filter=planet:mars", "filter")
                    .bad("currentPage=abc", "currentPage").bad("currentPage=-1", "currentPage")
                    .bad("currentPage=" + BEYOND_INT, "currentPage").tolerates("currentPage=" + HUGE_INT)
                    .tolerates("currentPage=" + Integer.MAX_VALUE + "&pageSize=100")
                    .bad("pageSize=abc", "pageSize").bad("pageSize=0", "pageSize").bad("pageSize=" + TRILLION, "pageSize")
                    .unauthenticated("Unauthorized");
        }
        for (String[] sessions : List.of(new String[] {"/analytics/videos/{videoId}", "/analytics/videos/walk-video"},
                new String[] {"/analytics/live-streams/{liveStreamId}", "/analytics/live-streams/walk-live"})) {
            route(routes, "GET " + sessions[0], sessions[1] + "?period=2026-11-19/2026-11-21", Caller.APIVIDEO)
                    .tolerates("")
                    .badPath(sessions[1].replace("walk-", "no-such-") + "?period=2026-11-19/2026-11-21", "not found")
                    .bad("period=yesterday", "period")
                    .bad("period=2026-11-20/2026-11-01", "period")
                    .bad("period=" + LONG, "period")
                    .bad("currentPage=abc", "currentPage").tolerates("currentPage=" + HUGE_INT)
                    .bad("currentPage=" + BEYOND_INT, "currentPage")
                    .bad("pageSize=" + TRILLION, "pageSize")
                    .bad("%zz=1", "percent-encoding")
                    // any metadata key is a store-side filter (bound, JSON Pointer-escaped)
                    .tolerates("metadata%5B" + LONG + "%5D=x")
                    .tolerates("metadata%5Bit's%20%22odd%22%2F~1%5D=x&metadata%5Bcustom_1%5D=" + LONG)
                    .unauthenticated("Unauthorized");
        }
        route(routes, "GET /analytics/sessions/{sessionId}/events", "/analytics/sessions/walk-view/events", Caller.APIVIDEO)
                .badPath("/analytics/sessions/" + LONG + "/events", "not found")
                .bad("currentPage=abc", "currentPage").tolerates("currentPage=" + HUGE_INT)
                .bad("pageSize=-1", "pageSize")
                .unauthenticated("Unauthorized");
        route(routes, "GET /data/metrics/{metric}/{aggregation}", "/data/metrics/play/count", Caller.APIVIDEO)
                .badPath("/data/metrics/loudness/count", "metric")
                .badPath("/data/metrics/play/median", "aggregation")
                .badPath("/data/metrics/" + LONG + "/count", "metric")
                .bad("from=yesterday", "from").bad("to=2026-13-45T00:00:00Z", "to")
                .bad("from=2026-11-20T12:00:00Z&to=2026-11-01T00:00:00Z", "from")
                .bad("filterBy[planet]=mars", "filterBy")
                .unauthenticated("Unauthorized");
        route(routes, "GET /data/buckets/{metric}/{breakdown}", "/data/buckets/play/country", Caller.APIVIDEO)
                .badPath("/data/buckets/loudness/country", "metric")
                .badPath("/data/buckets/play/planet", "breakdown")
                .bad("from=yesterday", "from")
                .bad("sortBy=loudness", "sortBy").bad("sortOrder=sideways", "sortOrder")
                .bad("currentPage=abc", "currentPage").tolerates("currentPage=" + HUGE_INT)
                .bad("pageSize=" + TRILLION, "pageSize")
                .unauthenticated("Unauthorized");
        route(routes, "GET /data/timeseries/{metric}", "/data/timeseries/play", Caller.APIVIDEO)
                .badPath("/data/timeseries/loudness", "metric")
                .bad("interval=fortnight", "interval")
                .bad("from=yesterday", "from")
                .bad("sortOrder=sideways", "sortOrder")
                .bad("currentPage=-1", "currentPage").tolerates("currentPage=" + HUGE_INT)
                .unauthenticated("Unauthorized");
        route(routes, "ANY /analytics/*", "/analytics/no-such-endpoint", Caller.APIVIDEO)
                .badPath("/analytics/no-such-endpoint", "404")
                .unauthenticated("Unauthorized");
    }

    private static void staticFiles(List<RouteCases> routes) {
        route(routes, "GET /sdk/playtrace.js", "/sdk/playtrace.js", Caller.ANONYMOUS).tolerates("junk=" + LONG);
        route(routes, "GET /sdk/playtrace.mjs", "/sdk/playtrace.mjs", Caller.ANONYMOUS).tolerates("junk=" + LONG);
        route(routes, "GET /", "/", Caller.ANONYMOUS).tolerates("junk=" + LONG);
        route(routes, "GET /index.html", "/index.html", Caller.ANONYMOUS).tolerates("junk=1");
        route(routes, "GET /dashboard/vendor/uplot/*", "/dashboard/vendor/uplot/no-such-file.js", Caller.ANONYMOUS)
                .badPath("/dashboard/vendor/uplot/no-such-file.js", "")
                .badPath("/dashboard/vendor/uplot/..%2F..%2Fetc%2Fpasswd", "")
                .badPath("/dashboard/vendor/uplot/" + LONG, "");
        route(routes, "GET /dashboard/*", "/dashboard/no-such-file.js", Caller.ANONYMOUS)
                .badPath("/dashboard/no-such-file.js", "")
                .badPath("/dashboard/..%2F..%2Fetc%2Fpasswd", "")
                .badPath("/dashboard/" + LONG, "");
    }

    // ---- sending

    private static HttpRequest request(Bad bad) {
        HttpRequest.BodyPublisher body = bad.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(bad.body());
        String method = bad.method().equals("ANY") ? "GET" : bad.method();
        // a guard, not a wait: a route that loops on a bad value fails here instead of stalling the build
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(bad.pathAndQuery())).method(method, body)
                .timeout(Duration.ofSeconds(60));
        if (bad.body() != null) {
            boolean form = bad.route().contains("token") || bad.route().contains("OAuth");
            request.header("Content-Type", form ? "application/x-www-form-urlencoded" : "application/json");
        }
        credentials(bad).forEach(request::header);
        return request.build();
    }

    /**
     * Sends a request whose target is not a valid URI (malformed percent-encoding, which curl sends as typed) over a
     * plain socket, as Java's HTTP client refuses to.
     */
    private static RunningServer.Response sendRaw(Bad bad) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("localhost", server.uri("/").getPort())) {
            socket.setSoTimeout(60_000);
            byte[] body = bad.body() == null ? new byte[0] : bad.body().getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(bad.method().equals("ANY") ? "GET" : bad.method())
                    .append(' ').append(bad.pathAndQuery()).append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
            if (bad.body() != null) {
                boolean form = bad.route().contains("token") || bad.route().contains("OAuth");
                head.append("Content-Type: ").append(form ? "application/x-www-form-urlencoded" : "application/json")
                        .append("\r\n");
            }
            credentials(bad).forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long contentLength = -1;
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    contentLength = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            if (chunked) {
                for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                    answer.write(in.readNBytes(size));
                    line(in);
                }
            } else if (contentLength >= 0) {
                answer.write(in.readNBytes((int) contentLength));
            }
            return new RunningServer.Response(status, answer.toString(StandardCharsets.UTF_8), Map.of());
        }
    }

    private static String line(java.io.InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static Map<String, String> credentials(Bad bad) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (bad.caller()) {
            case ANONYMOUS -> { }
            case NATIVE -> headers.put("Authorization", basic(project.tokenId() + ":" + project.tokenSecret()));
            case VPE -> {
                headers.put("x-api-key", key(NcpFacade.VPE_API_KEY_VARIABLE));
                headers.put("x-project-id", project.project().id());
            }
            case NCP_SIGNED -> {
                String accessKey = key(NcpFacade.NCP_ACCESS_KEY_VARIABLE);
                String timestamp = Long.toString(clock.millis());
                int question = bad.pathAndQuery().indexOf('?');
                String path = question < 0 ? bad.pathAndQuery() : bad.pathAndQuery().substring(0, question);
                String query = question < 0 ? null : bad.pathAndQuery().substring(question + 1);
                headers.put("x-ncp-apigw-timestamp", timestamp);
                headers.put("x-ncp-iam-access-key", accessKey);
                headers.put("x-ncp-apigw-signature-v2", NcpSignature.sign(key(NcpFacade.NCP_SECRET_KEY_VARIABLE),
                        "GET", path, query, timestamp, accessKey));
            }
            case SMARTSIGHT -> headers.put("X-API-Key", key("PLAYTRACE_SMARTSIGHT_API_KEY"));
            case APIVIDEO -> headers.put("Authorization", basic(key(ApiVideoFacade.API_KEY_VARIABLE) + ":"));
            case WRONG -> {
                headers.put("Authorization", bad.route().contains("/mm-apis/") || bad.route().contains("/analytics/")
                        || bad.route().contains("/data/") && !bad.route().contains("/data/v1")
                        ? "Bearer not-a-token" : basic("nobody:wrong"));
                headers.put("x-api-key", "wrong");
                headers.put("x-project-id", project.project().id());
                headers.put("x-ncp-apigw-timestamp", Long.toString(clock.millis()));
                headers.put("x-ncp-iam-access-key", "nobody");
                headers.put("x-ncp-apigw-signature-v2", "d3Jvbmc=");
            }
        }
        return headers;
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static String key(String environmentVariable) {
        return project.facadeKeys().stream().filter(key -> key.environmentVariable().equals(environmentVariable))
                .map(Facade.IssuedKey::value).findFirst().orElseThrow();
    }
}
