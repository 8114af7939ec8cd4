package dev.playtrace.server.hardening;

import dev.playtrace.server.http.ListenerSettings;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * Issue 19 item 2, the slowloris variant: connections that never send a byte are closed after the read timeout, so
 * they cannot hold the connection cap and keep other clients out.
 */
class HardeningSilentConnectionTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** Generous: a socket still open this long after the read timeout is a failure, not a slow machine. */
    private static final int GIVE_UP_MS = 20_000;

    @TempDir
    Path dataDir;

    private RunningServer start(ListenerSettings listener) {
        return ListenerServers.start(dataDir, listener);
    }

    @Test
    void connectionsThatNeverSendAByteAreClosedAfterTheReadTimeout() throws Exception {
        int silentConnections = 20;
        try (RunningServer server = start(ListenerSettings.defaults().withReadTimeout(READ_TIMEOUT))) {
            long openedNanos = System.nanoTime();
            List<Socket> silent = openSilent(server, silentConnections);
            long slowestCloseMs = 0;
            try {
                for (Socket socket : silent) {
                    assertThat(readUntilClosed(socket)).as("the server closed a silent connection").isTrue();
                    slowestCloseMs = Math.max(slowestCloseMs, (System.nanoTime() - openedNanos) / 1_000_000);
                }
            } finally {
                closeAll(silent);
            }
            System.out.println("FIGURE " + silentConnections + " silent connections, read timeout " + READ_TIMEOUT
                    + ": all closed within " + slowestCloseMs + " ms of opening");
            assertThat(slowestCloseMs).isGreaterThanOrEqualTo(READ_TIMEOUT.toMillis() - 200);
            assertThat(server.getWithoutAuth("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void silentConnectionsFillingTheCapDoNotKeepAnotherClientFromBeingServed() throws Exception {
        int cap = 4;
        try (RunningServer server = start(ListenerSettings.defaults().withReadTimeout(READ_TIMEOUT)
                .withMaxConnections(cap).withMaxConnectionsPerAddress(cap))) {
            List<Socket> silent = openSilent(server, cap);
            try (Socket other = new Socket()) { // from another address: silent connections count for theirs
                other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                other.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.server().port()), 5_000);
                long sentNanos = System.nanoTime();
                other.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                other.setSoTimeout(GIVE_UP_MS);
                String answer;
                try {
                    answer = RawHttpAnswer.read(other.getInputStream());
                } catch (SocketTimeoutException e) {
                    answer = "no answer within " + GIVE_UP_MS + " ms";
                }
                long waitedMs = (System.nanoTime() - sentNanos) / 1_000_000;
                System.out.println("FIGURE " + cap + " silent connections holding a cap of " + cap
                        + ", read timeout " + READ_TIMEOUT + ": another client answered after " + waitedMs + " ms");
                assertThat(answer).startsWith("HTTP/1.1 200");
            } finally {
                closeAll(silent);
            }
        }
    }

    private static List<Socket> openSilent(RunningServer server, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket("localhost", server.server().port());
            socket.setSoTimeout(GIVE_UP_MS);
            sockets.add(socket);
        }
        return sockets;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    /** True when the server closed the connection (EOF or reset); false when it was still open at the give-up time. */
    private static boolean readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // nothing is expected before the close, but an answer would not be wrong
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
