package dev.playtrace.store.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One {@code clickhouse-server} process for tests: Debian's 18.16, started from this module's
 * {@code clickhouse-config.xml} and {@code clickhouse-users.xml} with a scratch data directory and the given loopback
 * ports, and stopped with every process it started (a watchdog runs the server as a child). Public for
 * {@code ./playtrace bench}'s scale-out part, which starts one from this test-jar, and servers whose data it keeps
 * between runs ({@link #startKeepingData}).
 */
public record ClickHouseProcess(Process process, Path directory, int httpPort, boolean keepsData) {
    static final String PINNED_VERSION = "18.16";
    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/clickhouse-server"),
            Path.of("/usr/bin/clickhouse-server"), Path.of("/usr/bin/clickhouse"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Starts a server and waits until it answers {@code /ping}. {@code remoteServers} is the XML of its
     * {@code remote_servers} section (the clusters it knows), empty for none.
     */
    public static ClickHouseProcess start(int httpPort, int tcpPort, String remoteServers) {
        Path directory;
        try {
            directory = Files.createTempDirectory("playtrace-clickhouse-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for clickhouse-server", e);
        }
        return start(directory, false, httpPort, tcpPort, remoteServers);
    }

    /**
     * As {@link #start(int, int, String)}, with the server's data in {@code directory} (created when missing), which
     * {@link #stop()} leaves in place for the next server started on it.
     */
    public static ClickHouseProcess startKeepingData(Path directory, int httpPort, int tcpPort, String remoteServers) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory + " for clickhouse-server", e);
        }
        return start(directory.toAbsolutePath(), true, httpPort, tcpPort, remoteServers);
    }

    private static ClickHouseProcess start(Path directory, boolean keepsData, int httpPort, int tcpPort,
            String remoteServers) {
        Path binary = binary().orElseThrow(() -> new IllegalStateException("clickhouse-server is not installed;"
                + " the ClickHouse store's tests need Debian's ClickHouse " + PINNED_VERSION
                + ": apt-get install -y --no-install-recommends clickhouse-server (or run .ci/run, which does)"));
        try {
            Files.createDirectories(directory.resolve("log"));
            Path users = directory.resolve("users.xml");
            Files.writeString(users, resource("clickhouse-users.xml"));
            Path config = directory.resolve("config.xml");
            Files.writeString(config, render(resource("clickhouse-config.xml"), Map.of(
                    "data_dir", directory.toString(), "http_port", Integer.toString(httpPort),
                    "tcp_port", Integer.toString(tcpPort), "users_config", users.toString(),
                    "remote_servers", remoteServers)));
            Process process = new ProcessBuilder(binary.toString(), "--config-file=" + config)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("log/stdout.log").toFile())
                    .start();
            ClickHouseProcess running = new ClickHouseProcess(process, directory, httpPort, keepsData);
            running.awaitPing();
            return running;
        } catch (IOException | RuntimeException e) {
            if (!keepsData) {
                deleteRecursively(directory); // awaitPing stopped a server that did not come up
            }
            throw e instanceof IOException io ? new UncheckedIOException("cannot start clickhouse-server", io)
                    : (RuntimeException) e;
        }
    }

    /** Polls {@code /ping} until the server answers {@code Ok.}, the process died, or the timeout passed. */
    private void awaitPing() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ping"))
                    .timeout(Duration.ofSeconds(2)).build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("clickhouse-server exited with " + process.exitValue()
                            + " while starting: " + log());
                }
                try {
                    HttpResponse<String> response = client.send(ping, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().startsWith("Ok.")) {
                        return;
                    }
                } catch (IOException notYetListening) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for clickhouse-server", e);
                }
                if (System.nanoTime() > deadline) {
                    stop();
                    throw new IllegalStateException("clickhouse-server did not answer /ping within "
                            + START_TIMEOUT + ": " + log());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // between polls of the condition
            }
        }
    }

    /**
     * Stops the server and everything it started (a watchdog runs the server as a child), then removes the data unless
     * it {@link #keepsData}.
     */
    public void stop() {
        List<ProcessHandle> all = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                handle.destroyForcibly();
            }
        }
        if (!keepsData) {
            deleteRecursively(directory);
        }
    }

    private String log() {
        try {
            Path stdout = directory.resolve("log/stdout.log");
            Path errors = directory.resolve("log/clickhouse-server.err.log");
            return (Files.exists(stdout) ? Files.readString(stdout) : "")
                    + (Files.exists(errors) ? Files.readString(errors) : "");
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a scratch directory under the temp dir; leftovers are harmless
        }
    }

    private static Optional<Path> binary() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(folder -> !folder.isEmpty()).map(folder -> Path.of(folder, "clickhouse-server"));
        return Stream.concat(onPath, BINARIES.stream()).filter(Files::isExecutable).findFirst();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ClickHouseProcess.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String render(String template, Map<String, String> values) {
        String rendered = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            rendered = rendered.replace("${" + value.getKey() + "}", value.getValue());
        }
        if (rendered.contains("${")) {
            throw new IllegalStateException("a placeholder of the ClickHouse config is not filled: " + rendered);
        }
        return rendered;
    }
}
