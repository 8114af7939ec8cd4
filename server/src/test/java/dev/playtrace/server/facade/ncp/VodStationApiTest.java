package dev.playtrace.server.facade.ncp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.model.ApiToken;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Encoding jobs reported through the native API, read back through VOD Station with signature v2:
 * <pre>
 * file  requested at (T0 +)  path                              status at the end
 * f1    0 s                  waiting → running → complete      complete
 * f2    10 s                 waiting → running → failure       failure ("codec not supported")
 * f3    20 s                 waiting → running                 running
 * f4    30 s                 waiting → running → canceled      canceled
 * f5    40 s                 waiting                           waiting
 * f6    2 h                  waiting → running → complete      complete (outside the 1-hour window)
 * </pre>
 */
class VodStationApiTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final long T0_MS = T0.toEpochMilli();

    @TempDir
    Path dataDir;
    private MutableClock clock;
    private RunningServer server;
    private ProjectAdmin.Credentials project;

    @BeforeEach
    void start() {
        clock = new MutableClock(T0);
        server = RunningServer.start(dataDir, clock);
        project = server.server().defaultProject();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RunningServer.Response post(String path, String json) {
        return post(path, json, RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET);
    }

    private RunningServer.Response post(String path, String json, String tokenId, String tokenSecret) {
        String credentials = Base64.getEncoder().encodeToString((tokenId + ":" + tokenSecret).getBytes(StandardCharsets.UTF_8));
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private void job(String fileId, long requestedAtOffsetMs, String... transitions) {
        clock.set(T0_MS + requestedAtOffsetMs);
        RunningServer.Response created = post("/data/v1/encoding/jobs", "{\"file_id\":\"" + fileId + "\",\"file_name\":\""
                + fileId + ".mp4\",\"file_path\":\"/in/" + fileId + ".mp4\",\"category_id\":1,"
                + "\"input\":{\"duration_seconds\":12.5,\"video_codec\":\"h264\",\"width\":1920,\"height\":1080}}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        for (String status : transitions) {
            clock.advance(Duration.ofSeconds(1));
            String reason = status.equals("failure") ? ",\"reason\":\"codec not supported\"" : "";
            RunningServer.Response moved = post("/data/v1/encoding/jobs/" + fileId + "/status",
                    "{\"status\":\"" + status + "\"" + reason + "}");
            assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        }
    }

    private void sendJobs() {
        assertThat(post("/data/v1/encoding/categories", "{\"name\":\"movies\"}").status()).isEqualTo(200);
        job("f1", 0, "running", "complete");
        job("f2", 10_000, "running", "failure");
        job("f3", 20_000, "running");
        job("f4", 30_000, "running", "canceled");
        job("f5", 40_000);
        job("f6", 7_200_000, "running", "complete");
        clock.set(T0_MS + 7_300_000);
    }

    private RunningServer.Response signed(String pathAndQuery) {
        return VpeClient.signed(server, project, pathAndQuery, clock.millis());
    }

    private static List<String> fileIds(JsonNode content) {
        List<String> ids = new java.util.ArrayList<>();
        content.forEach(job -> ids.add(job.path("fileId").asText()));
        return ids;
    }

    private static void assertCounts(JsonNode body, int waiting, int running, int complete, int failure, int canceled) {
        JsonNode content = body.path("content");
        assertThat(content.path("waiting").asInt()).isEqualTo(waiting);
        assertThat(content.path("running").asInt()).isEqualTo(running);
        assertThat(content.path("complete").asInt()).isEqualTo(complete);
        assertThat(content.path("failure").asInt()).isEqualTo(failure);
        assertThat(content.path("canceled").asInt()).isEqualTo(canceled);
    }

    @Test
    void statusStatisticCountsJobsRequestedInTheWindowWhicheverParameterIsTheStart() {
        sendJobs();
        long hourLater = T0_MS + 3_600_000;

        RunningServer.Response current = signed("/api/v2/status/status-statistic?workStartTimeFrom=" + T0_MS
                + "&workStartTimeTo=" + hourLater);
        RunningServer.Response swapped = signed("/api/v2/status/status-statistic?workStartTimeTo=" + T0_MS
                + "&workStartTimeFrom=" + hourLater);
        RunningServer.Response all = signed("/api/v2/status/status-statistic");

        assertThat(current.status()).as(current.body()).isEqualTo(200);
        assertCounts(current.json(), 1, 1, 1, 1, 1);
        assertCounts(swapped.json(), 1, 1, 1, 1, 1);
        assertCounts(all.json(), 1, 1, 2, 1, 1);
        // both bounds inclusive: a window of one instant holds the job requested then
        assertCounts(signed("/api/v2/status/status-statistic?workStartTimeFrom=" + (T0_MS + 40_000)
                + "&workStartTimeTo=" + (T0_MS + 40_000)).json(), 1, 0, 0, 0, 0);
    }

    @Test
    void statusListPagesJobsNewestFirst() {
        sendJobs();

        JsonNode first = signed("/api/v2/status?pageNo=1&pageSizeNo=2").json();
        JsonNode third = signed("/api/v2/status?pageNo=3&pageSizeNo=2").json();
        JsonNode windowed = signed("/api/v2/status?workStartTimeFrom=" + T0_MS + "&workStartTimeTo=" + (T0_MS + 15_000)).json();

        assertThat(first.path("total").asLong()).isEqualTo(6);
        assertThat(fileIds(first.path("content"))).containsExactly("f6", "f5");
        assertThat(fileIds(third.path("content"))).containsExactly("f2", "f1");
        assertThat(windowed.path("total").asLong()).isEqualTo(2);
        assertThat(fileIds(windowed.path("content"))).containsExactly("f2", "f1");
        assertThat(windowed.path("content").get(0).path("categoryName").asText()).isEqualTo("movies");
    }

    @Test
    void oneJobShowsItsInputAndTransitionTimes() {
        sendJobs();

        JsonNode failed = signed("/api/v2/status/f2").json().path("content");

        assertThat(failed.path("status").asText()).isEqualTo("failure");
        assertThat(failed.path("failureReason").asText()).isEqualTo("codec not supported");
        assertThat(failed.path("workStartTime").asLong()).isEqualTo(T0_MS + 10_000);
        assertThat(failed.path("encodingStartTime").asLong()).isEqualTo(T0_MS + 11_000);
        assertThat(failed.path("workEndTime").asLong()).isEqualTo(T0_MS + 12_000);
        assertThat(failed.path("input").path("filePath").asText()).isEqualTo("/in/f2.mp4");
        assertThat(failed.path("input").path("metadata").path("duration").asDouble()).isEqualTo(12.5);
        assertThat(failed.path("input").path("metadata").path("width").asInt()).isEqualTo(1920);

        RunningServer.Response missing = signed("/api/v2/status/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("error").path("code").isInt()).isTrue();
        assertThat(missing.json().path("error").path("code").asInt()).isEqualTo(260004);
        assertThat(missing.json().path("error").has("errorCode")).isFalse();
    }

    @Test
    void categoriesArePaged() {
        for (String name : List.of("movies", "shows", "clips")) {
            assertThat(post("/data/v1/encoding/categories", "{\"name\":\"" + name + "\"}").status()).isEqualTo(200);
        }

        JsonNode page = signed("/api/v2/category?pageNo=2&pageSizeNo=2").json();

        assertThat(page.path("total").asLong()).isEqualTo(3);
        assertThat(page.path("content").findValuesAsText("categoryName")).containsExactly("clips");
        assertThat(page.path("content").get(0).path("categoryId").asLong()).isEqualTo(3);
    }

    @Test
    void transitionsOutsideThePathAreConflicts() {
        sendJobs();

        for (Map.Entry<String, String> attempt : Map.of("f1", "running", "f5", "complete", "f3", "waiting",
                "f4", "failure").entrySet()) {
            RunningServer.Response response = post("/data/v1/encoding/jobs/" + attempt.getKey() + "/status",
                    "{\"status\":\"" + attempt.getValue() + "\",\"reason\":\"x\"}");
            // "waiting" is a known status no job may move back to: a conflict too
            assertThat(response.status()).as(attempt + " " + response.body()).isEqualTo(409);
        }
        assertThat(post("/data/v1/encoding/jobs", "{\"file_id\":\"f1\"}").status()).isEqualTo(409);
        assertThat(post("/data/v1/encoding/jobs", "{\"file_name\":\"x\"}").status()).isEqualTo(400);
        assertThat(post("/data/v1/encoding/jobs", "not json").status()).isEqualTo(400);
        assertThat(post("/data/v1/encoding/jobs", "{\"file_id\":\"f9\",\"category_id\":99}").status()).isEqualTo(400);
        assertThat(post("/data/v1/encoding/jobs/f5/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
        assertThat(post("/data/v1/encoding/jobs/f5/status", "{\"status\":\"failure\"}").status()).isEqualTo(400);
        assertThat(post("/data/v1/encoding/jobs/nope/status", "{\"status\":\"running\"}").status()).isEqualTo(404);
        JsonNode listed = server.get("/data/v1/encoding/jobs?limit=2&page=1").json();
        assertThat(listed.path("total_row_count").asLong()).isEqualTo(6);
        assertThat(listed.path("data").findValuesAsText("file_id")).containsExactly("f6", "f5");
        assertThat(server.get("/data/v1/encoding/jobs/f5").json().path("data").path("status").asText()).isEqualTo("running");
    }

    @Test
    void jobsBelongToTheirProject() {
        sendJobs();
        ProjectAdmin.Credentials other = server.createProject("other");

        assertThat(server.get("/data/v1/encoding/jobs/f1", other.tokenId(), other.tokenSecret()).status()).isEqualTo(404);
        assertThat(server.get("/data/v1/encoding/jobs", other.tokenId(), other.tokenSecret()).json()
                .path("total_row_count").asLong()).isZero();
        assertThat(VpeClient.signed(server, other, "/api/v2/status/f1", clock.millis()).status()).isEqualTo(404);
        assertThat(server.getWithoutAuth("/data/v1/encoding/jobs").status()).isEqualTo(401);
        assertThat(post("/data/v1/encoding/jobs", "{\"file_id\":\"f1\"}", other.tokenId(), other.tokenSecret()).status())
                .as("the same file id in another project").isEqualTo(200);
        ProjectAdmin.Credentials reader = server.server().admin().createToken(project.project(), ApiToken.TokenRole.READ);
        assertThat(post("/data/v1/encoding/jobs", "{\"file_id\":\"f7\"}", reader.tokenId(), reader.tokenSecret()).status())
                .isEqualTo(403);
        assertThat(server.get("/data/v1/encoding/jobs/f1", reader.tokenId(), reader.tokenSecret()).status()).isEqualTo(200);
    }

    @Test
    void signatureCoversThePercentEncodedQueryExactlyAsSent() {
        RunningServer.Response response = signed("/api/v2/category?pageNo=1&pageSizeNo=20&note=a%2Cb%20c");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void unknownPathsAreTheGatewaysNotFound() {
        RunningServer.Response response = signed("/api/v2/channels/list");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("error").path("errorCode").asText()).isEqualTo("300");
        assertThat(response.json().path("error").path("message").asText()).isEqualTo("Not Found Exception");
    }

    @Test
    void badParametersGetVodStationCodesInTheSeedsErrorShape() {
        Map<String, Integer> cases = Map.of(
                "/api/v2/status/status-statistic?workStartTimeFrom=yesterday", 260026,
                "/api/v2/status?workStartTimeTo=-5", 260026,
                "/api/v2/status?pageNo=0", 260025,
                "/api/v2/category?pageNo=x", 260025,
                "/api/v2/category?pageSizeNo=0", 260002);
        cases.forEach((path, code) -> {
            RunningServer.Response response = signed(path);
            assertThat(response.status()).as(path + " " + response.body()).isEqualTo(400);
            JsonNode error = response.json().path("error");
            // seeds/001: error.code (Integer), error.message (String)
            assertThat(error.path("code").isInt()).as(path).isTrue();
            assertThat(error.path("code").asInt()).as(path).isEqualTo(code);
            assertThat(error.path("message").isTextual()).as(path).isTrue();
            assertThat(error.path("message").asText()).as(path).isNotBlank();
            assertThat(error.has("errorCode")).as(path).isFalse();
            assertThat(response.header("Content-Type")).as(path).isEqualTo("application/json;charset=utf-8");
            assertThat(response.header("x-ncp-trace-id")).as(path).matches("[0-9a-z]{26}");
        });
    }

    @Test
    void everyAnswerCarriesTheSeedsResponseHeaders() {
        sendJobs();
        List<String> traceIds = new java.util.ArrayList<>();
        for (String path : List.of("/api/v2/status/status-statistic", "/api/v2/status", "/api/v2/status/f1",
                "/api/v2/category", "/api/v2/status/nope", "/api/v2/channels/list")) {
            RunningServer.Response response = signed(path);

            assertThat(response.header("Content-Type")).as(path).isEqualTo("application/json;charset=utf-8");
            assertThat(response.header("x-ncp-trace-id")).as(path).matches("[0-9a-z]{26}");
            traceIds.add(response.header("x-ncp-trace-id"));
        }
        assertThat(traceIds).doesNotHaveDuplicates();
    }

    @Test
    void everyAuthenticationFailureIsTheGatewaysAuthenticationFailed() {
        sendJobs();
        String path = "/api/v2/status/status-statistic";
        String accessKey = VpeClient.key(project, NcpFacade.NCP_ACCESS_KEY_VARIABLE);
        String secret = VpeClient.key(project, NcpFacade.NCP_SECRET_KEY_VARIABLE);
        String now = Long.toString(clock.millis());
        String goodSignature = NcpSignature.sign(secret, "GET", path, null, now, accessKey);
        ProjectAdmin.Credentials other = server.createProject("other");
        String otherKey = VpeClient.key(other, NcpFacade.NCP_ACCESS_KEY_VARIABLE);
        String otherSecret = VpeClient.key(other, NcpFacade.NCP_SECRET_KEY_VARIABLE);

        assertThat(VpeClient.vpe(server, path, Map.of("x-ncp-apigw-timestamp", now, "x-ncp-iam-access-key", accessKey,
                "x-ncp-apigw-signature-v2", goodSignature)).status()).isEqualTo(200);

        record Attempt(String name, String path, Map<String, String> headers, String details) {
        }
        String skewed = Long.toString(clock.millis() - Duration.ofMinutes(6).toMillis());
        String missing = "Authentication information are missing.";
        String invalid = "Invalid authentication information.";
        List<Attempt> attempts = List.of(
                new Attempt("no headers", path, Map.of(), missing),
                new Attempt("no signature", path, Map.of("x-ncp-apigw-timestamp", now, "x-ncp-iam-access-key", accessKey), missing),
                new Attempt("no timestamp", path, Map.of("x-ncp-iam-access-key", accessKey,
                        "x-ncp-apigw-signature-v2", goodSignature), missing),
                new Attempt("wrong signature", path, Map.of("x-ncp-apigw-timestamp", now, "x-ncp-iam-access-key", accessKey,
                        "x-ncp-apigw-signature-v2", NcpSignature.sign(secret + "x", "GET", path, null, now, accessKey)), invalid),
                new Attempt("skewed 6 minutes", path, Map.of("x-ncp-apigw-timestamp", skewed, "x-ncp-iam-access-key",
                        accessKey, "x-ncp-apigw-signature-v2", NcpSignature.sign(secret, "GET", path, null, skewed, accessKey)),
                        invalid),
                new Attempt("copied onto another path", "/api/v2/category", Map.of("x-ncp-apigw-timestamp", now,
                        "x-ncp-iam-access-key", accessKey, "x-ncp-apigw-signature-v2", goodSignature), invalid),
                new Attempt("query added", path + "?workStartTimeFrom=0", Map.of("x-ncp-apigw-timestamp", now,
                        "x-ncp-iam-access-key", accessKey, "x-ncp-apigw-signature-v2", goodSignature), invalid),
                new Attempt("unknown access key", path, Map.of("x-ncp-apigw-timestamp", now, "x-ncp-iam-access-key", "nokey",
                        "x-ncp-apigw-signature-v2", goodSignature), invalid),
                new Attempt("another project's key with this secret", path, Map.of("x-ncp-apigw-timestamp", now,
                        "x-ncp-iam-access-key", otherKey,
                        "x-ncp-apigw-signature-v2", NcpSignature.sign(secret, "GET", path, null, now, otherKey)), invalid));
        for (Attempt attempt : attempts) {
            RunningServer.Response response = VpeClient.vpe(server, attempt.path(), attempt.headers());

            assertThat(response.status()).as(attempt.name() + " " + response.body()).isEqualTo(401);
            JsonNode error = response.json().path("error");
            assertThat(error.path("errorCode").asText()).as(attempt.name()).isEqualTo("200");
            assertThat(error.path("message").asText()).isEqualTo("Authentication Failed");
            assertThat(error.path("details").asText()).as(attempt.name()).startsWith(attempt.details());
        }
        // another project's own keys see only its own (no) jobs
        String otherSignature = NcpSignature.sign(otherSecret, "GET", path, null, now, otherKey);
        JsonNode otherCounts = VpeClient.vpe(server, path, Map.of("x-ncp-apigw-timestamp", now,
                "x-ncp-iam-access-key", otherKey, "x-ncp-apigw-signature-v2", otherSignature)).json();
        assertCounts(otherCounts, 0, 0, 0, 0, 0);
    }
}
