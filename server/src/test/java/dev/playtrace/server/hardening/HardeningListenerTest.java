package dev.playtrace.server.hardening;

import dev.playtrace.server.http.ListenerSettings;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 items 2 and 3 against a real server: half-sent requests are dropped after the read timeout while the
 * server keeps answering, the connection cap holds, and oversized or host-less requests get an answer.
 */
class HardeningListenerTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** Generous: a socket still open this long after the read timeout is a failure, not a slow machine. */
    private static final int GIVE_UP_MS = 30_000;
    private static final int HALF_SENT_REQUESTS = 300;

    @TempDir
    Path dataDir;

    private RunningServer start(ListenerSettings listener) {
        return ListenerServers.start(dataDir, listener);
    }

    @Test
    void halfSentBodiesAndHeadersAreDroppedAfterTheReadTimeoutWhileHealthKeepsAnswering() throws Exception {
        try (RunningServer server = start(ListenerSettings.defaults().withReadTimeout(READ_TIMEOUT))) {
            List<Socket> sockets = new ArrayList<>();
            long openedNanos = System.nanoTime();
            for (int i = 0; i < HALF_SENT_REQUESTS; i++) {
                Socket socket = new Socket("localhost", server.server().port());
                String head = switch (i % 3) {
                    // Content-Length: 100, one byte of body, then silence
                    case 0 -> "POST /v1/beacons HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{";
                    // headers never finished
                    case 1 -> "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
                    // request line never finished
                    default -> "GET /heal";
                };
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                sockets.add(socket);
            }
            assertThat(server.getWithoutAuth("/health").status()).isEqualTo(200);
            long slowestCloseMs = 0;
            for (Socket socket : sockets) {
                socket.setSoTimeout(GIVE_UP_MS);
                assertThat(readUntilClosed(socket.getInputStream())).as("the server closed the connection").isTrue();
                slowestCloseMs = Math.max(slowestCloseMs, (System.nanoTime() - openedNanos) / 1_000_000);
                socket.close();
            }
            assertThat(server.getWithoutAuth("/health").status()).isEqualTo(200);
            System.out.println("FIGURE " + HALF_SENT_REQUESTS + " half-sent requests, read timeout " + READ_TIMEOUT
                    + ": all closed within " + slowestCloseMs + " ms of opening");
            assertThat(slowestCloseMs).isGreaterThanOrEqualTo(READ_TIMEOUT.toMillis() - 200);
        }
    }

    @Test
    void connectionsOverTheCapWaitInTheAcceptQueueUntilOneCloses() throws Exception {
        int cap = 4;
        try (RunningServer server = start(ListenerSettings.defaults().withReadTimeout(Duration.ofMinutes(5))
                .withMaxConnections(cap).withMaxConnectionsPerAddress(cap))) {
            List<Socket> held = new ArrayList<>();
            for (int i = 0; i < cap; i++) {
                Socket socket = new Socket("localhost", server.server().port());
                socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.setSoTimeout(GIVE_UP_MS);
                assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
                held.add(socket); // kept alive: each holds one of the cap's connections
            }
            try (Socket extra = new Socket("localhost", server.server().port())) {
                extra.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                extra.setSoTimeout(1_000);
                boolean answeredOverCap;
                try {
                    readResponseHead(extra.getInputStream());
                    answeredOverCap = true;
                } catch (SocketTimeoutException expected) {
                    answeredOverCap = false;
                }
                assertThat(answeredOverCap).as("a connection over the cap is not served").isFalse();
                held.getFirst().close();
                extra.setSoTimeout(GIVE_UP_MS);
                assertThat(readResponseHead(extra.getInputStream())).startsWith("HTTP/1.1 200");
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aUrlOver16KiloBytesIsAnswered414() throws Exception {
        try (RunningServer server = start(ListenerSettings.defaults())) {
            String request = "GET /data/v1/metrics?x=" + "a".repeat(17 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
            assertThat(exchange(server, request)).startsWith("HTTP/1.1 414");
            assertThat(server.getWithoutAuth("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void aUrlOf15KiloBytesIsStillServed() throws Exception {
        try (RunningServer server = start(ListenerSettings.defaults())) {
            String request = "GET /health?x=" + "a".repeat(15 * 1024) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
            assertThat(exchange(server, request)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void http10RequestsAreAnsweredNotDropped() throws Exception {
        try (RunningServer server = start(ListenerSettings.defaults())) {
            assertThat(exchange(server, "GET /health HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 400");
            assertThat(exchange(server, "GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 505");
            assertThat(exchange(server, "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
        }
    }

    private static String exchange(RunningServer server, String request) throws IOException {
        try (Socket socket = new Socket("localhost", server.server().port())) {
            socket.setSoTimeout(GIVE_UP_MS);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readResponseHead(socket.getInputStream());
        }
    }

    /** The status line and headers, or "" when the server closed the connection without answering. */
    private static String readResponseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    /** True when the server closed (EOF or reset); false when nothing came within the socket's timeout. */
    private static boolean readUntilClosed(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // an error answer before the close is fine
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
