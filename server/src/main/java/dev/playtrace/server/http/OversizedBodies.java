package dev.playtrace.server.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers a request whose declared body ({@code Content-Length}) is larger than the server takes with 413, then reads
 * the rest of what the client sends before closing. Helidon refuses such a request too, but closes the connection at
 * once, while the client is still sending: the kernel answers the bytes that keep arriving with a reset, which often
 * destroys the 413 before the client has read it, so the client sees its connection closed without an answer (the
 * reliability fuzz run's "header parser received no bytes" on beacons over 4 MiB). Reading on after the answer (a
 * lingering close, as nginx and Apache do after an error answer) lets the answer arrive. Bounded: at most
 * {@code maxDrainBytes} are read, and a client that stalls mid-body is dropped by {@link SlowRequestReaper} within the
 * read timeout of its request line: this listener comes before the reaper in {@link ReceiveListeners}, so the reaper
 * learns that the headers arrived only once the reading is over.
 *
 * <p>As an HTTP/1 receive listener it runs when the headers have been read and before Helidon's own size check;
 * bodies without a length (chunked) are still limited by Helidon's {@code maxPayloadSize}, set to the same bound.
 */
public final class OversizedBodies implements Http1ConnectionListener {
    private final long maxBodyBytes;
    private final long maxDrainBytes;
    private final LongAdder refused = new LongAdder();

    public OversizedBodies(long maxBodyBytes, long maxDrainBytes) {
        if (maxBodyBytes < 1 || maxDrainBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive and maxDrainBytes not negative");
        }
        this.maxBodyBytes = maxBodyBytes;
        this.maxDrainBytes = maxDrainBytes;
    }

    /** Requests answered 413 here so far. */
    public long refused() {
        return refused.sum();
    }

    @Override
    public void headers(ConnectionContext connection, Headers headers) {
        long declaredBytes;
        try {
            declaredBytes = headers.contentLength().orElse(0);
        } catch (RuntimeException e) {
            return; // not a number: Helidon answers 400
        }
        if (declaredBytes <= maxBodyBytes) {
            return;
        }
        refused.increment();
        connection.dataWriter().writeNow(BufferData.create(answer(declaredBytes).getBytes(StandardCharsets.UTF_8)));
        if (!headers.containsToken(HeaderValues.EXPECT_100)) { // a client that waits for 100 Continue sends nothing
            skip(connection.dataReader(), Math.min(declaredBytes, maxDrainBytes));
        }
        throw new CloseConnectionException("request body of " + declaredBytes + " bytes refused");
    }

    private String answer(long declaredBytes) {
        String body = "{\"error\":{\"type\":\"payload_too_large\",\"messages\":[\"the request body is " + declaredBytes
                + " bytes; this server takes at most " + maxBodyBytes + "\"]}}";
        return "HTTP/1.1 413 Content Too Large\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
    }

    private static void skip(DataReader reader, long bytes) {
        long left = bytes;
        try {
            while (left > 0) {
                reader.ensureAvailable();
                int skipped = (int) Math.min(reader.available(), left);
                reader.skip(skipped);
                left -= skipped;
            }
        } catch (RuntimeException e) {
            // the client closed, or the reaper closed a stalled one: nothing left to wait for
        }
    }
}
