package dev.playtrace.server.hardening;

import dev.playtrace.server.http.ListenerSettings;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 item 2: one client address cannot take every connection. With 3 connections per address (of 8), a fourth
 * from the same address is answered 429 naming the limit and closed, while another address is still served; once one
 * of the first three closes, the address is served again. Connections count from their accept, silent or not, and a
 * silent one beyond the cap is closed after {@link dev.playtrace.server.http.ConnectionsPerAddress#OVER_CAP_GRACE}.
 */
@Timeout(120) // a safety net: every wait below ends within a second
class HardeningConnectionsPerAddressTest {
    private static final int PER_ADDRESS = 3;

    @TempDir
    Path dataDir;

    @Test
    void anAddressOverItsCapIsAnswered429AndClosedWhileOthersAreServed() throws Exception {
        try (RunningServer server = startWithAFiveMinuteReadTimeout()) {
            int port = server.server().port();
            InetAddress first = InetAddress.getByName("127.0.0.1");
            InetAddress second = InetAddress.getByName("127.0.0.2");
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < PER_ADDRESS; i++) {
                    Socket socket = connect(first, port);
                    assertThat(request(socket, "keep-alive")).startsWith("HTTP/1.1 200");
                    held.add(socket);
                }
                try (Socket over = connect(first, port)) {
                    String answer = request(over, "keep-alive");
                    assertThat(answer).startsWith("HTTP/1.1 429").containsIgnoringCase("connection: close")
                            .containsIgnoringCase("retry-after: 1")
                            .contains("at most " + PER_ADDRESS + " at once per client address");
                    assertThat(over.getInputStream().read()).as("the refused connection is closed").isEqualTo(-1);
                }
                try (Socket other = connect(second, port)) {
                    assertThat(request(other, "close")).startsWith("HTTP/1.1 200");
                }
                // a connection already counted keeps being served
                assertThat(request(held.getFirst(), "keep-alive")).startsWith("HTTP/1.1 200");

                held.removeFirst().close();
                String answer;
                do { // the server notices the close when it next reads that connection: at once on loopback
                    try (Socket again = connect(first, port)) {
                        answer = request(again, "close");
                    }
                } while (answer.startsWith("HTTP/1.1 429"));
                assertThat(answer).startsWith("HTTP/1.1 200");
                // asked from the other address: the connection that got 200 above may not be released yet
                assertThat(metrics(port)).containsPattern("(?m)^playtrace_http_connections_refused_total [1-9]");
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void silentConnectionsCountAndThoseBeyondTheCapAreClosedWithinTheGrace() throws Exception {
        // only the grace can close the excess silent connections within the test
        try (RunningServer server = startWithAFiveMinuteReadTimeout()) {
            int port = server.server().port();
            InetAddress first = InetAddress.getByName("127.0.0.1");
            List<Socket> silent = new ArrayList<>();
            // one kept-alive connection from another address asks /metrics, so the asking adds exactly one counted
            // connection and leaves none behind still being released
            try (Socket asking = connect(InetAddress.getByName("127.0.0.2"), port)) {
                for (int i = 0; i < PER_ADDRESS; i++) {
                    silent.add(connect(first, port));
                }
                // a connection counts once the server has handled its accept, which can come after connect returned
                awaitCountedConnections(asking, PER_ADDRESS + 1);
                try (Socket over = connect(first, port)) {
                    assertThat(request(over, "close")).as("silent connections count from their accept")
                            .startsWith("HTTP/1.1 429");
                }
                // more silent connections from the same address than the global cap has places
                long openedNanos = System.nanoTime();
                List<Socket> excess = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    excess.add(connect(first, port));
                }
                silent.addAll(excess);
                long answeredMs;
                try (Socket other = connect(InetAddress.getByName("127.0.0.2"), port)) {
                    long sentNanos = System.nanoTime();
                    assertThat(request(other, "close")).startsWith("HTTP/1.1 200");
                    answeredMs = (System.nanoTime() - sentNanos) / 1_000_000;
                }
                for (Socket socket : excess) {
                    assertThat(socket.getInputStream().read()).as("an excess silent connection is closed").isEqualTo(-1);
                }
                long slowestCloseMs = (System.nanoTime() - openedNanos) / 1_000_000;
                System.out.println("FIGURE 10 silent connections beyond an address's cap of " + PER_ADDRESS
                        + " (global cap 8, read timeout 5 min): all closed within " + slowestCloseMs
                        + " ms; another address answered after " + answeredMs + " ms");
                // the connection from 127.0.0.2 that got 200 may still be counted until its release; after that no
                // connection is opened, so the count can only fall, and falls only if a silent one was closed
                long counted;
                do {
                    counted = countedConnections(asking);
                } while (counted > PER_ADDRESS + 1);
                assertThat(counted).as("the counted silent connections wait for the read timeout")
                        .isEqualTo(PER_ADDRESS + 1);
            } finally {
                for (Socket socket : silent) {
                    socket.close();
                }
            }
        }
    }

    private static void awaitCountedConnections(Socket asking, long expected) throws IOException {
        while (countedConnections(asking) != expected) {
            Thread.onSpinWait();
        }
    }

    private static long countedConnections(Socket asking) throws IOException {
        Matcher matcher = Pattern.compile("(?m)^playtrace_http_connections_counted (\\d+)")
                .matcher(request(asking, "/metrics", "keep-alive"));
        assertThat(matcher.find()).as("the counted connections gauge").isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** {@code /metrics} asked from 127.0.0.2, whose connections the tests never hold. */
    private static String metrics(int port) throws IOException {
        try (Socket asking = connect(InetAddress.getByName("127.0.0.2"), port)) {
            return request(asking, "/metrics", "close");
        }
    }

    /** A read timeout of 5 minutes: nothing in these tests is closed by it. */
    private RunningServer startWithAFiveMinuteReadTimeout() {
        ListenerSettings listener = ListenerSettings.defaults().withReadTimeout(Duration.ofMinutes(5))
                .withMaxConnections(8).withMaxConnectionsPerAddress(PER_ADDRESS);
        return ListenerServers.start(dataDir, listener);
    }

    private static Socket connect(InetAddress from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0)); // the client's address: 127.0.0.1 and 127.0.0.2 are both loopback
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** Sends GET /health and reads the whole answer (status line, headers and the body of its Content-Length). */
    private static String request(Socket socket, String connection) throws IOException {
        return request(socket, "/health", connection);
    }

    private static String request(Socket socket, String path, String connection) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: " + connection + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return RawHttpAnswer.read(socket.getInputStream());
    }
}
