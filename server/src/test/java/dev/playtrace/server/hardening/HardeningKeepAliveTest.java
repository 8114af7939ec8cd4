package dev.playtrace.server.hardening;

import dev.playtrace.server.http.ListenerSettings;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kept-alive connection that the server closes for idleness just as the client reuses it loses that request without
 * an answer (the fuzz run's connection errors). The server announces its keep-alive timeout on every answer, well
 * below its real idle close, so a client that honours the announcement closes first; these tests are such a client.
 */
class HardeningKeepAliveTest {
    /** The idle close: announced as half of it, 3 s, so the client's idling has seconds of margin. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(6);
    private static final Pattern TIMEOUT = Pattern.compile("(?im)^keep-alive:\\s*timeout=(\\d+)\\s*$");

    @TempDir
    Path dataDir;

    private RunningServer start() {
        return ListenerServers.start(dataDir, ListenerSettings.defaults().withReadTimeout(READ_TIMEOUT));
    }

    @Test
    void everyKindOfAnswerAnnouncesAKeepAliveTimeoutWellBelowTheIdleClose() throws Exception {
        try (RunningServer server = start(); Socket socket = new Socket("localhost", server.server().port())) {
            socket.setSoTimeout(30_000);
            String[] requests = {
                    "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    "GET /no/such/route HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    "GET /data/v1/metrics HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    "POST /v1/beacons HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{\"a",
            };
            for (String request : requests) {
                String answer = exchange(socket, request);
                assertThat(answer).as(request).startsWith("HTTP/1.1 ");
                long announcedSeconds = announcedSeconds(answer);
                assertThat(announcedSeconds).as("announced keep-alive timeout of " + request).isBetween(1L,
                        READ_TIMEOUT.toSeconds() / 2);
            }
        }
    }

    @Test
    void aConnectionIdleForTheWholeAnnouncedTimeoutIsStillServed() throws Exception {
        try (RunningServer server = start(); Socket socket = new Socket("localhost", server.server().port())) {
            socket.setSoTimeout(30_000);
            String first = exchange(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            long answeredNanos = System.nanoTime();
            long announcedSeconds = announcedSeconds(first);
            assertThat(announcedSeconds).isPositive();

            // the scenario itself, not a synchronisation: the client leaves the connection idle for as long as the
            // server said it may, then reuses it (Node's Agent reuses up to a second before; this is the worst case)
            long reuseAtNanos = answeredNanos + TimeUnit.SECONDS.toNanos(announcedSeconds);
            while (System.nanoTime() < reuseAtNanos) {
                LockSupport.parkNanos(reuseAtNanos - System.nanoTime());
            }
            String second = exchange(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(second).as("the reused connection's answer").startsWith("HTTP/1.1 200");
        }
    }

    private static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        return RawHttpAnswer.read(in);
    }

    private static long announcedSeconds(String answer) {
        Matcher matcher = TIMEOUT.matcher(answer.toLowerCase(Locale.ROOT).replace("\r", ""));
        assertThat(matcher.find()).as("a Keep-Alive: timeout=N header in\n" + answer).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
