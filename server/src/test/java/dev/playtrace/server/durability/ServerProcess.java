package dev.playtrace.server.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code playtrace serve} in a JVM of its own (the test's classpath), so a test can kill it with SIGKILL as a crash,
 * an OOM kill or a power cut would, and start it again on the same data directory. The scale-out topology test
 * starts its collector and sessionizer nodes with it.
 */
public final class ServerProcess implements AutoCloseable {
    public static final String PROJECT_ID = "proj_crash";
    public static final String INGEST_KEY = "ingestcrashkey";
    public static final String API_TOKEN = "token-crash:secret-crash";

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server and waits until it answers {@code /health}. */
    public static ServerProcess start(Path dataDir, Path logFile, List<String> extraArguments) {
        return start(dataDir, logFile, extraArguments, java.util.Map.of());
    }

    /** As {@link #start(Path, Path, List)}, with more environment variables (the facades' keys, for example). */
    public static ServerProcess start(Path dataDir, Path logFile, List<String> extraArguments,
            java.util.Map<String, String> extraEnvironment) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx2g",
                "-cp", System.getProperty("java.class.path"),
                "dev.playtrace.server.cli.PlaytraceCommand", "serve",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        command.addAll(extraArguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("PLAYTRACE_PROJECT_ID", PROJECT_ID);
        builder.environment().put("PLAYTRACE_INGEST_KEY", INGEST_KEY);
        builder.environment().put("PLAYTRACE_API_TOKEN", API_TOKEN);
        builder.environment().putAll(extraEnvironment);
        try {
            ServerProcess server = new ServerProcess(builder.start(), port);
            try {
                server.awaitHealthy(Duration.ofSeconds(120));
            } catch (AssertionError e) {
                server.close();
                throw new AssertionError(e.getMessage() + "; its log:\n" + java.nio.file.Files.readString(logFile), e);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server process", e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: the shutdown hook stores everything and exits; returns how long it took. */
    public Duration stop() {
        long start = System.nanoTime();
        process.destroy();
        awaitExit();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the server process did not exit within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the server to exit", e);
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server process exited at start with code " + process.exitValue());
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri("/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            pollPause();
        }
        throw new AssertionError("the server did not answer /health within " + timeout);
    }

    /** Between two polls of a condition (not a wait for time to pass: the loop ends when the condition holds). */
    private static void pollPause() {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
