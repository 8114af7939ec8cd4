package dev.playtrace.store.clickhouse;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.store.spi.StoreRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A request ClickHouse closes the connection on before answering (what a kept-alive connection closed as idle just
 * as it is reused looks like to the client): a read is sent once more and answered, a write is not sent again. The
 * server is a hand-written stand-in that drops the first request it reads and answers every later one.
 */
class ClickHouseHttpResendTest {
    private static final String ROWS = "n\nUInt64\n42\n";

    private final AtomicInteger requests = new AtomicInteger();
    private final ExecutorService serving = Executors.newSingleThreadExecutor();
    private ServerSocket listener;
    private ClickHouseHttp http;

    @BeforeEach
    void start() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serving.submit(this::serve);
        http = new ClickHouseHttp(ClickHouseLocation.parse("//127.0.0.1:" + listener.getLocalPort()
                + "/playtrace"));
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        listener.close();
        serving.shutdownNow();
    }

    @Test
    void aReadThatGotNoAnswerIsSentOnceMore() {
        List<StoreRow> rows = http.select("SELECT 42 AS n");

        assertThat(rows).hasSize(1);
        assertThat(((Number) rows.getFirst().value("n")).longValue()).isEqualTo(42);
        assertThat(requests.get()).as("the dropped request and the one sent again").isEqualTo(2);
    }

    @Test
    void aWriteThatGotNoAnswerFailsWithoutBeingSentAgain() {
        assertThatThrownBy(() -> http.execute("INSERT INTO t SELECT 1"))
                .isInstanceOfSatisfying(PlaytraceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE));
        assertThat(requests.get()).isEqualTo(1);
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket connection = listener.accept()) {
                readRequest(connection.getInputStream());
                if (requests.incrementAndGet() == 1) {
                    continue; // closed without a response byte
                }
                byte[] body = ROWS.getBytes(StandardCharsets.UTF_8);
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                return; // the listener closed at the end of the test
            }
        }
    }

    /** Reads the head and a Content-Length body, so closing the socket does not reset unread bytes. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        int length = head.toString().lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                .mapToInt(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).strip())).findFirst().orElse(0);
        in.readNBytes(length);
    }
}
