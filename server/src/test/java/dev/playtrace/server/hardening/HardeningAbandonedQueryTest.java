package dev.playtrace.server.hardening;

import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import dev.playtrace.store.spi.SqlStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 item 1: a long query whose client disconnects stops consuming the store. The query runs on the store's
 * read pool (the real DuckDB store, through {@code ViewStore.select} like every generated query); when the client
 * closes its connection mid-query the request is stopped, the statement is cancelled inside DuckDB and the reader is
 * free again, long before the 30 s query timeout would have ended it (the cancellation counter tells the two apart).
 */
@Timeout(120) // a safety net: the cancellation waited for below takes about a second
class HardeningAbandonedQueryTest {
    /** Runs for minutes unless cancelled. */
    private static final String ENDLESS = "SELECT sum(hash(i)) AS total FROM range(100000000000) t(i)";

    @TempDir
    Path dataDir;

    @Test
    void aQueryWhoseClientDisconnectsIsCancelledInTheStore() throws Exception {
        AtomicReference<PlaytraceServer> serverRef = new AtomicReference<>();
        try (PlaytraceServer server = PlaytraceServer.start(RunningServer.config(dataDir),
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")),
                routing -> routing.get("/test/endless-query", (request, response) -> {
                    serverRef.get().store().views().select(new SqlStatement(ENDLESS, List.of()));
                    response.send("finished");
                }))) {
            serverRef.set(server);
            int port = server.port();
            // the server's own start-up reads (open views, alert rules) finish first
            while (metric(port, "playtrace_store_reads_running") > 0) {
                Thread.onSpinWait();
            }

            Socket client = new Socket("localhost", port);
            client.getOutputStream().write("GET /test/endless-query HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            while (metric(port, "playtrace_store_reads_running") < 1) {
                Thread.onSpinWait();
            }
            long runningSeenNanos = System.nanoTime();
            client.close(); // the client goes away mid-query
            long closedNanos = System.nanoTime();

            while (metric(port, "playtrace_store_reads_running") > 0) {
                Thread.onSpinWait();
            }
            long stoppedAfterMs = (System.nanoTime() - closedNanos) / 1_000_000;
            System.out.println("FIGURE the store read stopped " + stoppedAfterMs + " ms after its client disconnected");
            // the query's own 30 s timeout would end it no earlier than ~30 s after it was seen running
            assertThat((System.nanoTime() - runningSeenNanos) / 1_000_000).as("stopped by the cancellation, not the timeout")
                    .isLessThan(25_000);
            assertThat(metric(port, "playtrace_store_reads_cancelled_total")).isEqualTo(1);
            assertThat(metric(port, "playtrace_http_requests_abandoned_total")).isEqualTo(1);
            assertThat(server.store().readLoad().waiting()).isZero();
        }
    }

    private static long metric(int port, String name) throws IOException {
        String exposition;
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            exposition = RawHttpAnswer.read(socket.getInputStream());
        }
        Matcher matcher = Pattern.compile("(?m)^" + name + " ([0-9.E]+)$").matcher(exposition);
        assertThat(matcher.find()).as(name + " in /metrics").isTrue();
        return (long) Double.parseDouble(matcher.group(1));
    }
}
