package dev.playtrace.server.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.ConnectionContext;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Answers an HTTP/1.0 request instead of dropping it. Helidon 4 serves HTTP/1.1 only: its prologue reader closes the
 * connection of an HTTP/1.0 request without a word ({@code CloseConnectionException: HTTP 1.0 is not supported}),
 * before any listener or handler runs. This reads the request's headers (at most {@value #MAX_HEADER_BYTES} bytes) and
 * answers 400 when there is no {@code Host} (issue 19), 505 otherwise; the connection is closed after it.
 */
final class Http10Answer {
    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final byte[] VERSION = " HTTP/1.0".getBytes(StandardCharsets.US_ASCII);

    private Http10Answer() {
    }

    /** True when the request line, ending at {@code newLine} in {@code request}, is an HTTP/1.0 one. */
    static boolean isHttp10(BufferData request, int newLine) {
        int end = newLine > 0 && request.get(newLine - 1) == '\r' ? newLine - 1 : newLine;
        int start = end - VERSION.length;
        if (start < 0) {
            return false;
        }
        for (int i = 0; i < VERSION.length; i++) {
            if (request.get(start + i) != VERSION[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads the request line and headers from the connection and writes the answer. */
    static void answer(ConnectionContext context) {
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
}
