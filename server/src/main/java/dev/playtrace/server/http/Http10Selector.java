package dev.playtrace.server.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Answers HTTP/1.0 requests instead of dropping them. Helidon 4 serves HTTP/1.1 only: its prologue reader closes the
 * connection of an HTTP/1.0 request without a word ({@code CloseConnectionException: HTTP 1.0 is not supported}),
 * before any listener or handler runs. This selector, consulted before Helidon's HTTP/1 selector, takes connections
 * whose request line ends in {@code HTTP/1.0}, reads the headers (at most {@value #MAX_HEADER_BYTES} bytes) and
 * answers 400 when there is no {@code Host} (issue 19), 505 otherwise, then closes.
 */
public final class Http10Selector implements ServerConnectionSelector {
    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final byte[] VERSION = " HTTP/1.0".getBytes(StandardCharsets.US_ASCII);

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData request) {
        int newLine = request.indexOf((byte) '\n');
        if (newLine < 0) {
            return request.available() > MAX_HEADER_BYTES ? Support.UNSUPPORTED : Support.UNKNOWN;
        }
        int end = newLine > 0 && request.get(newLine - 1) == '\r' ? newLine - 1 : newLine;
        int start = end - VERSION.length;
        if (start < 0) {
            return Support.UNSUPPORTED;
        }
        for (int i = 0; i < VERSION.length; i++) {
            if (request.get(start + i) != VERSION[i]) {
                return Support.UNSUPPORTED;
            }
        }
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of();
    }

    @Override
    public ServerConnection connection(ConnectionContext context) {
        return new Http10Connection(context);
    }

    private static final class Http10Connection implements ServerConnection {
        private final ConnectionContext context;
        private final long startNanos = System.nanoTime();

        Http10Connection(ConnectionContext context) {
            this.context = context;
        }

        @Override
        public void handle(java.util.concurrent.Semaphore requestSemaphore) {
            DataReader reader = context.dataReader();
            boolean hasHost = false;
            int read = 0;
            try {
                reader.readLine(); // the request line
                while (read < MAX_HEADER_BYTES) {
                    String line = reader.readLine();
                    if (line.isEmpty()) {
                        break;
                    }
                    read += line.length() + 2;
                    hasHost |= line.toLowerCase(Locale.ROOT).startsWith("host:");
                }
            } catch (RuntimeException e) {
                return; // malformed or closed: nothing worth answering
            }
            String answer = hasHost
                    ? answer("505 HTTP Version Not Supported", "HTTP/1.0 is not served: send HTTP/1.1")
                    : answer("400 Bad Request", "HTTP/1.0 without a Host header is not served: send HTTP/1.1 with Host");
            context.dataWriter().writeNow(BufferData.create(answer.getBytes(StandardCharsets.US_ASCII)));
        }

        private static String answer(String status, String message) {
            String body = "{\"error\":{\"type\":\"invalid_parameters\",\"messages\":[\"" + message + "\"]}}";
            return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body;
        }

        @Override
        public Duration idleTime() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }

        @Override
        public void close(boolean interrupt) {
            context.serverSocket().close();
        }
    }
}
