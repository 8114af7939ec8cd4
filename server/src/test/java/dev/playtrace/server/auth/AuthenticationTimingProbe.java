package dev.playtrace.server.auth;

import dev.playtrace.model.PlaytraceException;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.facade.Facade;
import dev.playtrace.server.facade.ncp.NcpSignature;
import dev.playtrace.server.http.ApiAuthenticator;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;

/**
 * A measurement, not a test (the name keeps it out of the normal run): how long a failed authentication takes with an
 * unknown credential id and with a known id and a wrong secret, on every scheme that presents an id. The two kinds
 * alternate request by request, so load on the machine falls on both alike. Run it with
 * {@code ./mvnw -o -pl server -am test -Dtest=AuthenticationTimingProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbrowser.npm.skip=true}; {@code -Dplaytrace.probe.rounds=N} sets the requests per kind (2,000 by default).
 */
class AuthenticationTimingProbe {
    private static final int ROUNDS = Integer.getInteger("playtrace.probe.rounds", 2_000);
    private static final int WARM_UP_ROUNDS = 500;
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void failedAuthenticationTimesOfUnknownAndKnownIds() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        try (RunningServer server = RunningServer.start(RunningServer.config(dataDir), clock)) {
            ProjectAdmin.Credentials project = server.createProject("probe");
            HttpClient http = HttpClient.newHttpClient();
            String wrong = "wrong-secret-of-the-usual-length-0123456789";

            ApiAuthenticator authenticator = new ApiAuthenticator(server.server().projects());
            compare("in-process ApiAuthenticator (token id)", known -> {
                try {
                    authenticator.authenticate(known ? project.tokenId() : "tok_unknown_0123456789abcdef", wrong);
                } catch (PlaytraceException expected) {
                    // the failure is what is timed
                }
            });
            compare("native Basic (token id) over HTTP", known -> send(http, HttpRequest.newBuilder(
                    server.uri("/data/v1/metrics")).header("Authorization", basic(
                    (known ? project.tokenId() : "tok_unknown_0123456789abcdef") + ":" + wrong)).GET().build()));
            String projectId = project.project().id();
            String vpeKey = key(project, "NCP VPE API key");
            compare("NCP VPE (x-project-id) over HTTP", known -> send(http, HttpRequest.newBuilder(
                    server.uri("/v1/contentsSummary")).header("x-api-key", vpeKey + "x")
                    .header("x-project-id", known ? projectId : "proj_unknown_0123456789").GET().build()));
            String accessKey = key(project, "NCP access key");
            compare("NCP API Gateway (x-ncp-iam-access-key) over HTTP", known -> {
                URI uri = server.uri("/api/v2/category");
                String presentedKey = known ? accessKey : "UNKNOWNACCESSKEY0123";
                String timestamp = Long.toString(clock.millis());
                send(http, HttpRequest.newBuilder(uri).header("x-ncp-apigw-timestamp", timestamp)
                        .header("x-ncp-iam-access-key", presentedKey)
                        .header("x-ncp-apigw-signature-v2", NcpSignature.sign("not-the-secret-key", "GET", uri.getRawPath(),
                                uri.getRawQuery(), timestamp, presentedKey)).GET().build());
            });
            compare("SmartSight client_credentials (client_id) over HTTP", known -> send(http, tokenRequest(server,
                    "grant_type=client_credentials&client_id=" + (known ? project.tokenId() : "tok_unknown_0123456789abcdef")
                            + "&client_secret=" + wrong)));
            String username = key(project, "SmartSight username");
            compare("SmartSight password (username) over HTTP", known -> send(http, tokenRequest(server,
                    "grant_type=password&username=" + (known ? username : "unknown-user-0123") + "&password=" + wrong)));
        }
    }

    private interface Attempt {
        void run(boolean knownId) throws Exception;
    }

    private static void compare(String scheme, Attempt attempt) throws Exception {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            attempt.run(i % 2 == 0);
        }
        long[] knownNanos = new long[ROUNDS];
        long[] unknownNanos = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            // alternate which kind goes first, so neither always follows the other
            boolean knownFirst = i % 2 == 0;
            long[] first = knownFirst ? knownNanos : unknownNanos;
            long[] second = knownFirst ? unknownNanos : knownNanos;
            first[i] = timed(attempt, knownFirst);
            second[i] = timed(attempt, !knownFirst);
        }
        System.out.printf("FIGURE auth timing %s, %,d each: unknown id median %,d us p90 %,d us; known id, wrong secret"
                + " median %,d us p90 %,d us%n", scheme, ROUNDS, percentileMicros(unknownNanos, 50),
                percentileMicros(unknownNanos, 90), percentileMicros(knownNanos, 50), percentileMicros(knownNanos, 90));
    }

    private static long timed(Attempt attempt, boolean knownId) throws Exception {
        long start = System.nanoTime();
        attempt.run(knownId);
        return System.nanoTime() - start;
    }

    private static long percentileMicros(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1_000;
    }

    private static void send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2 && !request.uri().getPath().startsWith("/v1/contentsSummary")) {
            throw new IllegalStateException("authenticated with a wrong secret: " + request.uri());
        }
    }

    private static HttpRequest tokenRequest(RunningServer server, String form) {
        return HttpRequest.newBuilder(server.uri("/realms/probe/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private static String key(ProjectAdmin.Credentials project, String label) {
        return project.facadeKeys().stream().filter(key -> key.label().startsWith(label)).map(Facade.IssuedKey::value)
                .findFirst().orElseThrow(() -> new IllegalStateException("no key " + label));
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
