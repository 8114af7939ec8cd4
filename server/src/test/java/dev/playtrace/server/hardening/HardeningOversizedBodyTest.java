package dev.playtrace.server.hardening;

import dev.playtrace.server.ServerConfig;
import dev.playtrace.server.http.ListenerSettings;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body over the server's bound (4 times the beacon limit) is answered 413, and the client reads that answer even
 * though it is still sending: the server reads on before closing. Closing at once (Helidon's own refusal) made the
 * kernel reset the connection under the answer; the fuzz run's clients saw no answer at all.
 */
class HardeningOversizedBodyTest {
    private static final long BOUND_BYTES = ServerConfig.DEFAULT_MAX_BEACON_BYTES * 4;
    private static final int OVERSIZED_BYTES = (int) BOUND_BYTES + 1024 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dataDir;

    private RunningServer start() {
        return ListenerServers.start(dataDir, ListenerSettings.defaults().withReadTimeout(READ_TIMEOUT));
    }

    @Test
    void aClientThatSendsItsWholeOversizedBodyBeforeReadingGetsThe413() throws Exception {
        try (RunningServer server = start(); Socket socket = new Socket("localhost", server.server().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/beacons HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + OVERSIZED_BYTES + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent < OVERSIZED_BYTES; sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, OVERSIZED_BYTES - sent));
            }
            out.flush();

            String answer = RawHttpAnswer.read(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close")
                    .contains("the request body is " + OVERSIZED_BYTES + " bytes; this server takes at most " + BOUND_BYTES);
        }
    }

    @Test
    void theJdkHttpClientPostingAnOversizedBeaconGetsThe413EveryTime() throws Exception {
        byte[] body = new byte[OVERSIZED_BYTES];
        Arrays.fill(body, (byte) ' ');
        try (RunningServer server = start(); HttpClient http = HttpClient.newHttpClient()) {
            for (int attempt = 0; attempt < 10; attempt++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri("/v1/beacons"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("attempt " + attempt).isEqualTo(413);
                assertThat(response.body()).contains("this server takes at most " + BOUND_BYTES);
            }
            assertThat(server.getWithoutAuth("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatStallsInItsOversizedBodyIsDroppedAfterTheReadTimeout() throws Exception {
        try (RunningServer server = start(); Socket socket = new Socket("localhost", server.server().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/beacons HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + OVERSIZED_BYTES + "\r\n\r\n{\"events\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();

            assertThat(RawHttpAnswer.read(in)).startsWith("HTTP/1.1 413");
            assertThat(in.read()).as("the connection is closed (not left waiting for the rest of the body)").isEqualTo(-1);
        }
    }
}
