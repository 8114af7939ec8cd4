package dev.playtrace.bench.run;

import dev.playtrace.server.cli.PlaytraceCommand;
import dev.playtrace.server.collector.BeaconCollector;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Startup: {@code playtrace serve} launched as a process on a new data directory, timed until {@code GET /health}
 * first answers 200. Baseline: a JVM on the same classpath running an empty main, timed until it exits.
 */
final class StartupBenchmark {
    private static final long GIVE_UP_MS = 60_000;

    private final Path workDir;
    private final int runs;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    StartupBenchmark(Path workDir, int runs) {
        this.workDir = workDir;
        this.runs = runs;
    }

    /** Launch to the first 200 of {@code /health}, and to the first beacon acknowledged. */
    private record Launch(long healthNs, long beaconNs) {
    }

    Section run() throws Exception {
        long[] serverNs = new long[runs];
        long[] beaconNs = new long[runs];
        long[] baselineNs = new long[runs];
        for (int i = 0; i < runs; i++) {
            baselineNs[i] = timeBaseline();
            Launch launch = timeServer(Files.createDirectories(workDir.resolve("startup-" + i)));
            serverNs[i] = launch.healthNs();
            beaconNs[i] = launch.beaconNs();
            Progress.say("startup %d: /health %.0f ms, first beacon %.0f ms, empty JVM %.0f ms", i,
                    Samples.millis(serverNs[i]), Samples.millis(beaconNs[i]), Samples.millis(baselineNs[i]));
        }
        double server = Samples.millis(Samples.percentile(serverNs, 50));
        double baseline = Samples.millis(Samples.percentile(baselineNs, 50));
        Section section = new Section("Startup", String.format(Locale.ROOT,
                "`%s serve` launched %d times as a new process (`java --enable-native-access=ALL-UNNAMED -cp ...`) on"
                        + " a new, empty data directory; time from launch to the first 200 of `GET /health` (polled"
                        + " every 10 ms), then to the first beacon (one event) acknowledged right after. Baseline: a JVM on the same classpath with an empty `main`, launch to exit."
                        + " Median of the runs.", PlaytraceCommand.class.getSimpleName(), runs));
        section.row(new Row("launch → first request served (median)", Row.ms(server), "empty JVM", Row.ms(baseline),
                Row.ratio(server, baseline), "–", "–"));
        section.row(new Row("launch → first request served (max)", Row.ms(Samples.millis(Samples.percentile(serverNs, 100))),
                "empty JVM (max)", Row.ms(Samples.millis(Samples.percentile(baselineNs, 100))),
                Row.ratio(Samples.percentile(serverNs, 100), Samples.percentile(baselineNs, 100)), "–", "–"));
        double beacon = Samples.millis(Samples.percentile(beaconNs, 50));
        section.row(new Row("launch → first beacon acknowledged (median)", Row.ms(beacon), "empty JVM", Row.ms(baseline),
                Row.ratio(beacon, baseline), "–", "–"));
        return section;
    }

    private long timeBaseline() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(java(JvmBaseline.class.getName())).inheritIO().start();
        if (!process.waitFor(GIVE_UP_MS, TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the empty JVM did not exit cleanly");
        }
        return System.nanoTime() - start;
    }

    private Launch timeServer(Path dataDir) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = java(PlaytraceCommand.class.getName());
        command.addAll(List.of("serve", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("startup-server.log").toFile());
        builder.environment().put("PLAYTRACE_PROJECT_ID", BenchServer.PROJECT_ID);
        builder.environment().put("PLAYTRACE_INGEST_KEY", BenchServer.INGEST_KEY);
        builder.environment().put("PLAYTRACE_API_TOKEN", BenchServer.TOKEN_ID + ":" + BenchServer.TOKEN_SECRET);
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            URI health = URI.create("http://127.0.0.1:" + port + "/health");
            while (true) {
                if (healthy(health)) {
                    long healthNs = System.nanoTime() - start;
                    postBeacon(port);
                    return new Launch(healthNs, System.nanoTime() - start);
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited during startup; see " + workDir.resolve("startup-server.log"));
                }
                if (System.nanoTime() - start > GIVE_UP_MS * 1_000_000) {
                    throw new IllegalStateException("the server did not answer /health within " + GIVE_UP_MS + " ms");
                }
                Thread.sleep(10);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void postBeacon(int port) throws IOException, InterruptedException {
        long nowMs = System.currentTimeMillis();
        String body = "{\"metadata\":{\"transmission_timestamp\":" + nowMs + ",\"env_key\":\"" + BenchServer.INGEST_KEY
                + "\"},\"events\":[{\"event\":\"viewinit\",\"view_id\":\"startup-view\",\"view_sequence_number\":1,"
                + "\"viewer_time\":" + nowMs + "}]}";
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + BeaconCollector.PATH)).header("Content-Type", "application/json")
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || LoadGenerator.acceptedCount(response.body().getBytes()) != 1) {
            throw new IllegalStateException("the first beacon was not accepted: " + response.statusCode() + " " + response.body());
        }
    }

    private boolean healthy(URI health) throws InterruptedException {
        try {
            return client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> java(String mainClass) {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), mainClass));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
