package dev.playtrace.server.hardening;

import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.facade.Facade;
import dev.playtrace.server.facade.ncp.NcpSignature;
import dev.playtrace.server.http.RecordingRouting;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19's proof: mutated beacons and mutated queries on every GET route of every API family against one real
 * server (DuckDB store), counting 5xx answers, answers slower than 2 s and requests that never finish, with the peak
 * heap. The normal test run sends a short batch ({@value #SHORT_BEACONS} beacons, {@value #SHORT_QUERIES} queries per
 * family); {@code ./playtrace reliability} (Maven profile {@code reliability}) sends 100,000 beacons and 20,000 queries
 * per family. The mutations are seeded, so a run can be repeated ({@code -Dplaytrace.fuzz.seed}).
 *
 * <p>Asserted: no 5xx other than the designed overload answer (503 with {@code Retry-After} when the ingest log's
 * backlog of unstored events is full; counted and reported) and no request left unanswered ({@value #GIVE_UP_SECONDS} s). Answers over 2 s and the heap are
 * reported (a figure, not a pass mark: a timed assertion would fail on a busy machine, not on a slow server).
 */
class ReliabilityFuzzTest {
    static final int SHORT_BEACONS = 2_000;
    static final int SHORT_QUERIES = 300;
    private static final int GIVE_UP_SECONDS = 30;
    private static final long SLOW_MS = 2_000;
    private static final int CLIENT_THREADS = 4;
    private static final int PROGRESS_EVERY = 10_000;
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final String[] ODD_VALUES = {"", "-1", "0", "1", "abc", "%zz", "%00", "NaN", "1e309", "-9223372036854775809",
            "9999999999999999999999", "2147483648", "[]", "{}", "null", "true", "\u00e9\u00e8\u4e2d", "'; DROP TABLE views;--",
            "..%2F..%2Fetc%2Fpasswd", "a".repeat(5_000), "1700000000", "0,0", "start=1,end=2", "2026-13-45",
            "2026-03-01T00:00:00Z", "country:FR", "video_id:%5B", "+", "%20", "999999999999", "-0", "0x10", "1.5"};
    private static final String[] PARAMETERS = {"timeframe[]", "filters[]", "group_by", "limit", "page", "order_by",
            "order_direction", "measurement", "timestamp", "dimension", "value", "metrics", "period", "aggby",
            "granularity", "filter", "orderby", "orderas", "offset", "startDate", "endDate", "from", "to", "currentPage",
            "pageSize", "sortBy", "sortOrder", "videoId", "metadata[custom_1]", "interval", "pageNo", "pageSizeNo",
            "categoryId", "planlevel", "status", "type", "limitNo", "count", "breakdown", "q", "sessiontype", "allstatus"};

    @TempDir
    Path dataDir;

    private final Counts counts = new Counts();

    @Test
    void mutatedBeaconsAndQueriesGetNo5xxAndEveryRequestAnAnswer() throws Exception {
        int beacons = Integer.getInteger("playtrace.fuzz.beacons", SHORT_BEACONS);
        int queriesPerFamily = Integer.getInteger("playtrace.fuzz.queriesPerFamily", SHORT_QUERIES);
        long seed = Long.getLong("playtrace.fuzz.seed", 19L);
        MutableClock clock = new MutableClock(NOW);
        HeapPeak heap = HeapPeak.start();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        // the client's own executor: the callers' threads block in send() and cannot also complete the responses
        ExecutorService responses = Executors.newFixedThreadPool(CLIENT_THREADS);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(GIVE_UP_SECONDS)).executor(responses).build();
        try (RunningServer server = RunningServer.start(RunningServer.config(dataDir), clock)) {
            ProjectAdmin.Credentials project = server.createProject("fuzz");
            storeSomeViews(server, project, clock);
            Callers callers = new Callers(server, project, clock);

            long beaconStart = System.nanoTime();
            send(http, clients, beacons, seed, i -> mutatedBeacon(server, project, new SplittableRandom(seed + i)), "beacons");
            long beaconMs = (System.nanoTime() - beaconStart) / 1_000_000;

            Map<String, List<RecordingRouting.Route>> families = families(server.server().routes());
            Map<String, Long> familyMs = new TreeMap<>();
            for (Map.Entry<String, List<RecordingRouting.Route>> family : families.entrySet()) {
                long start = System.nanoTime();
                List<RecordingRouting.Route> routes = family.getValue();
                send(http, clients, queriesPerFamily, seed, i -> {
                    SplittableRandom random = new SplittableRandom(seed * 31 + i);
                    RecordingRouting.Route route = routes.get(random.nextInt(routes.size()));
                    return callers.request(family.getKey(), mutatedPathAndQuery(route.pathPattern(), project, random));
                }, family.getKey());
                familyMs.put(family.getKey(), (System.nanoTime() - start) / 1_000_000);
            }
            assertThat(server.getWithoutAuth("/health").status()).isEqualTo(200);

            System.out.println("FIGURE reliability fuzz (seed " + seed + "): " + beacons + " mutated beacons in "
                    + beaconMs + " ms, " + queriesPerFamily + " mutated queries per family " + familyMs.keySet()
                    + " (ms per family " + familyMs + ")");
            counts.samples.forEach(sample -> System.out.println("SAMPLE " + sample));
            counts.noAnswerSamples.forEach(sample -> System.out.println("SAMPLE " + sample));
            System.out.println("FIGURE " + counts.describe() + "; peak heap " + heap.peakMegabytes() + " MB of "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
            assertThat(counts.serverErrors.get()).as("5xx answers: " + counts.samples).isZero();
            assertThat(counts.unanswered.get()).as("requests unanswered after " + GIVE_UP_SECONDS + " s").isZero();
            assertThat(families.keySet()).contains("native", "monitoring", "api.video", "SmartSight", "NCP VPE",
                    "NCP VOD Station");
        } finally {
            heap.stop();
            clients.shutdownNow();
            responses.shutdownNow();
        }
    }

    private void send(HttpClient http, ExecutorService clients, int total, long seed, IntFunction<HttpRequest> request,
            String what) throws Exception {
        List<Future<?>> workers = new ArrayList<>();
        AtomicLong next = new AtomicLong();
        for (int t = 0; t < CLIENT_THREADS; t++) {
            workers.add(clients.submit(() -> {
                long i;
                while ((i = next.getAndIncrement()) < total) {
                    if (i > 0 && i % PROGRESS_EVERY == 0) {
                        System.out.println("PROGRESS " + what + " " + i + "/" + total + ": " + counts.describe());
                    }
                    HttpRequest built = request.apply((int) i);
                    long start = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(built, HttpResponse.BodyHandlers.discarding());
                        counts.answered(what, built, response.statusCode(),
                                response.headers().firstValue("Retry-After").isPresent(),
                                (System.nanoTime() - start) / 1_000_000);
                    } catch (HttpTimeoutException e) {
                        counts.unanswered.incrementAndGet();
                    } catch (java.io.IOException e) {
                        counts.connectionErrors.incrementAndGet();
                        if (counts.noAnswerSamples.size() < 10) {
                            counts.noAnswerSamples.add("no answer (" + e + "): " + built.method() + " " + built.uri() + " "
                                    + built.headers().map());
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
    }

    private static void storeSomeViews(RunningServer server, ProjectAdmin.Credentials project, MutableClock clock) {
        long base = NOW.toEpochMilli() - 3_600_000;
        for (int v = 0; v < 50; v++) {
            String body = new BeaconBuilder(project.project().ingestKey(), base + v * 60_000L).view("fuzz-view-" + v)
                    .at(0, "viewstart", Map.of("video_id", "video-" + (v % 5), "video_title", "Video " + (v % 5)))
                    .at(10, "playrequest").at(800, "playing").at(30_000, "pause").at(31_000, "viewend").build();
            assertThat(server.postBeacon(body).status()).isEqualTo(200);
        }
        server.flush();
    }

    /** A valid batch, then one to three mutations of its text. */
    private static HttpRequest mutatedBeacon(RunningServer server, ProjectAdmin.Credentials project, SplittableRandom random) {
        long base = NOW.toEpochMilli() - random.nextLong(3_600_000);
        String valid = new BeaconBuilder(project.project().ingestKey(), base).view("fuzz-" + random.nextInt(5_000))
                .at(0, "viewstart", Map.of("video_id", "v" + random.nextInt(20), "player_name", "fuzz"))
                .at(5, "playrequest").at(600, "playing", Map.of("playhead_time", random.nextInt(100)))
                .at(10_000, random.nextBoolean() ? "rebufferstart" : "error", Map.of("player_error_code", "E1"))
                .build();
        StringBuilder body = new StringBuilder(valid);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && !body.isEmpty(); m++) {
            mutate(body, random);
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(50) == 0 && bytes.length > 0) { // raw bytes: invalid UTF-8, control characters
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/v1/beacons"))
                .timeout(Duration.ofSeconds(GIVE_UP_SECONDS))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        request.header("Content-Type", random.nextInt(20) == 0 ? "text/plain" : "application/json");
        if (random.nextInt(40) == 0) {
            request.header("Content-Encoding", "gzip"); // a body that is not gzip
        }
        return request.build();
    }

    private static void mutate(StringBuilder body, SplittableRandom random) {
        int at = random.nextInt(body.length());
        switch (random.nextInt(10)) {
            case 0 -> body.setCharAt(at, (char) (32 + random.nextInt(95)));
            case 1 -> body.deleteCharAt(at);
            case 2 -> body.insert(at, pick(random, "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "-", "1e999", "\u0000"));
            case 3 -> body.setLength(at); // truncated
            case 4 -> replaceNumber(body, random, pick(random, "-1", "0", "1e309", "99999999999999999999999",
                    "-9223372036854775808", "3.5", "\"12\"", "null", "[]", "{}"));
            case 5 -> replaceString(body, random, pick(random, "", "x".repeat(20_000), "\u4e2d\u6587", "\\ud800",
                    "'; --", "../../etc/passwd"));
            case 6 -> body.insert(at, "[".repeat(1 + random.nextInt(2_000)));
            case 7 -> {
                int start = body.indexOf("{\"event\"");
                int end = body.indexOf("}", start);
                if (start >= 0 && end > start) { // one event repeated many times
                    String event = body.substring(start, end + 1);
                    body.insert(start, (event + ",").repeat(1 + random.nextInt(300)));
                }
            }
            case 8 -> replaceKey(body, random, pick(random, "event", "view_id", "viewer_time", "env_key", "events",
                    "view_sequence_number", "__proto__", ""));
            default -> body.replace(0, body.length(), pick(random, "", "null", "[]", "{}", "{\"events\":null}",
                    "{\"metadata\":{},\"events\":[{}]}", "\"string\"", "12"));
        }
    }

    private static void replaceNumber(StringBuilder body, SplittableRandom random, String replacement) {
        int from = random.nextInt(body.length());
        for (int i = from; i < body.length(); i++) {
            if (Character.isDigit(body.charAt(i))) {
                int end = i;
                while (end < body.length() && Character.isDigit(body.charAt(end))) {
                    end++;
                }
                body.replace(i, end, replacement);
                return;
            }
        }
    }

    private static void replaceString(StringBuilder body, SplittableRandom random, String replacement) {
        int quote = body.indexOf(":\"", random.nextInt(body.length()));
        if (quote >= 0) {
            int end = body.indexOf("\"", quote + 2);
            if (end > 0) {
                body.replace(quote + 2, end, replacement);
            }
        }
    }

    private static void replaceKey(StringBuilder body, SplittableRandom random, String replacement) {
        int quote = body.indexOf("\"", random.nextInt(body.length()));
        int end = quote < 0 ? -1 : body.indexOf("\"", quote + 1);
        if (end > 0 && end + 1 < body.length() && body.charAt(end + 1) == ':') {
            body.replace(quote + 1, end, replacement);
        }
    }

    /** A concrete path for the route's pattern and a query string of mutated parameters. */
    private static String mutatedPathAndQuery(String pattern, ProjectAdmin.Credentials project, SplittableRandom random) {
        StringBuilder path = new StringBuilder();
        for (String segment : pattern.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            path.append('/');
            if (segment.equals("*")) {
                path.append(pick(random, "anything", "x%2Fy", "..", "a".repeat(300)));
            } else if (segment.startsWith("{")) {
                path.append(random.nextInt(4) == 0 ? pick(random, ODD_VALUES).replace(" ", "%20").replace("'", "%27")
                        .replace("\u00e9\u00e8\u4e2d", "%C3%A9").replace("[]", "%5B%5D").replace("{}", "%7B%7D")
                        : random.nextBoolean() ? project.project().id() : "video-" + random.nextInt(5));
            } else {
                path.append(segment);
            }
        }
        StringBuilder query = new StringBuilder();
        int parameters = random.nextInt(6);
        for (int p = 0; p < parameters; p++) {
            query.append(query.isEmpty() ? "" : "&").append(pick(random, PARAMETERS)).append('=')
                    .append(encode(pick(random, ODD_VALUES), random));
        }
        if (random.nextInt(10) == 0) {
            query.append(pick(random, "&&", "=", "%", "&a=%", "&=1", "#frag"));
        }
        return query.isEmpty() ? path.toString() : path + "?" + query;
    }

    private static String encode(String value, SplittableRandom random) {
        return random.nextInt(3) == 0 ? value.replace("%", "%25").replace("&", "%26").replace(" ", "%20")
                .replace("#", "%23").replace("'", "%27").replace(";", "%3B").replace("\u00e9\u00e8\u4e2d", "%E4%B8%AD")
                .replace("[", "%5B").replace("]", "%5D").replace("{", "%7B").replace("}", "%7D").replace("+", "%2B")
                : java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The GET routes of each API family, by path. */
    static Map<String, List<RecordingRouting.Route>> families(List<RecordingRouting.Route> routes) {
        Map<String, List<RecordingRouting.Route>> families = new TreeMap<>();
        for (RecordingRouting.Route route : routes) {
            if (!route.method().equals("GET") && !route.method().equals("ANY")) {
                continue;
            }
            String path = route.pathPattern();
            String family = path.startsWith("/data/v1/monitoring") ? "monitoring"
                    : path.startsWith("/data/v1/") ? "native"
                    : path.startsWith("/mm-apis/") ? "SmartSight"
                    : path.startsWith("/v1/charts") || path.startsWith("/v1/contentsSummary") ? "NCP VPE"
                    : path.startsWith("/api/v2/") ? "NCP VOD Station"
                    : path.startsWith("/analytics/") || path.startsWith("/data/") ? "api.video"
                    : null;
            if (family != null) {
                families.computeIfAbsent(family, key -> new ArrayList<>()).add(route);
            }
        }
        return families;
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** Each family's credentials, as its clients send them. */
    private static final class Callers {
        private final RunningServer server;
        private final MutableClock clock;
        private final String nativeBasic;
        private final String apiVideoBasic;
        private final String smartSightKey;
        private final String vpeKey;
        private final String projectId;
        private final String accessKey;
        private final String secretKey;

        Callers(RunningServer server, ProjectAdmin.Credentials project, MutableClock clock) {
            this.server = server;
            this.clock = clock;
            this.projectId = project.project().id();
            this.nativeBasic = basic(project.tokenId() + ":" + project.tokenSecret());
            this.apiVideoBasic = basic(key(project, "api.video API key") + ":");
            this.smartSightKey = key(project, "SmartSight X-API-Key");
            this.vpeKey = key(project, "NCP VPE API key");
            this.accessKey = key(project, "NCP access key");
            this.secretKey = key(project, "NCP secret key");
        }

        HttpRequest request(String family, String pathAndQuery) {
            // java.net.URI refuses a '%' without two hex digits; the route walk sends those on a raw socket
            URI uri = server.uri(pathAndQuery.replaceAll("%(?![0-9A-Fa-f]{2})", "%25"));
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(GIVE_UP_SECONDS)).GET();
            switch (family) {
                case "native", "monitoring" -> request.header("Authorization", nativeBasic);
                case "api.video" -> request.header("Authorization", apiVideoBasic);
                case "SmartSight" -> request.header("X-API-Key", smartSightKey);
                case "NCP VPE" -> request.header("x-api-key", vpeKey).header("x-project-id", projectId);
                case "NCP VOD Station" -> {
                    String timestamp = Long.toString(clock.millis());
                    request.header("x-ncp-apigw-timestamp", timestamp).header("x-ncp-iam-access-key", accessKey)
                            .header("x-ncp-apigw-signature-v2", NcpSignature.sign(secretKey, "GET", uri.getRawPath(),
                                    uri.getRawQuery(), timestamp, accessKey));
                }
                default -> throw new IllegalArgumentException(family);
            }
            return request.build();
        }

        private static String key(ProjectAdmin.Credentials project, String label) {
            return project.facadeKeys().stream().filter(key -> key.label().startsWith(label)).map(Facade.IssuedKey::value)
                    .findFirst().orElseThrow(() -> new IllegalStateException("no key " + label));
        }

        private static String basic(String credentials) {
            return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What the run saw, by kind; a few 5xx samples to reproduce them. */
    private static final class Counts {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong serverErrors = new AtomicLong();
        /** 503 with Retry-After: the ingest log's backlog is at its bound (the designed overload answer). */
        final AtomicLong overloaded = new AtomicLong();
        final AtomicLong slow = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();
        final AtomicLong connectionErrors = new AtomicLong();
        final AtomicLong slowestMs = new AtomicLong();
        final Map<String, AtomicLong> statusClasses = new java.util.concurrent.ConcurrentSkipListMap<>();
        final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> noAnswerSamples = new ConcurrentLinkedQueue<>();

        void answered(String what, HttpRequest request, int status, boolean retryAfter, long elapsedMs) {
            requests.incrementAndGet();
            statusClasses.computeIfAbsent(what + " " + status / 100 + "xx", key -> new AtomicLong()).incrementAndGet();
            slowestMs.accumulateAndGet(elapsedMs, Math::max);
            if (elapsedMs > SLOW_MS) {
                slow.incrementAndGet();
            }
            if (status == 503 && retryAfter) {
                overloaded.incrementAndGet();
            } else if (status >= 500) {
                serverErrors.incrementAndGet();
                if (samples.size() < 10) {
                    samples.add(status + " " + request.method() + " " + request.uri());
                }
            }
        }

        String describe() {
            return requests.get() + " answered: 5xx " + serverErrors.get() + " (besides "
                    + overloaded.get() + " overload 503s with Retry-After), over 2 s " + slow.get() + " (slowest "
                    + slowestMs.get() + " ms), unanswered " + unanswered.get() + ", connection errors "
                    + connectionErrors.get() + "; by status " + statusClasses;
        }
    }

    /** The highest heap use seen (every 50 ms, and each pool's own peak). */
    private static final class HeapPeak {
        private final Thread sampler;
        private final AtomicLong peakBytes = new AtomicLong();

        private HeapPeak() {
            sampler = Thread.ofPlatform().daemon().name("fuzz-heap-sampler").unstarted(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Runtime runtime = Runtime.getRuntime();
                    peakBytes.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                    try {
                        Thread.sleep(50); // :TRICKY: a sampling period, not a synchronisation
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static HeapPeak start() {
            HeapPeak heap = new HeapPeak();
            heap.sampler.start();
            return heap;
        }

        long peakMegabytes() {
            return peakBytes.get() / (1024 * 1024);
        }

        void stop() {
            sampler.interrupt();
        }
    }
}
