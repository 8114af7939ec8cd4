package dev.playtrace.server.http;

import io.helidon.common.socket.NioSocket;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A connection's socket closed by its client or handler just before a timer, the reaper or the server's stop closes
 * it: Helidon's close throws (a clean stop failed in CI that way), the closing here does not.
 */
class SocketClosingTest {
    @Test
    void aSocketAlreadyClosedIsLeftAsItIs() throws Exception {
        try (Loopback loopback = Loopback.connect()) {
            NioSocket socket = NioSocket.server(loopback.accepted(), "connection", "listener");
            loopback.accepted().close(); // closed behind the socket, as its handler does on the client's end of stream

            assertThatThrownBy(socket::close).as("Helidon's own close").isInstanceOf(UncheckedIOException.class);
            SocketClosing.close(socket);
            assertThat(loopback.clientRead()).as("the client sees the end").isEqualTo(-1);
        }
    }

    @Test
    void anOpenSocketIsClosed() throws Exception {
        try (Loopback loopback = Loopback.connect()) {
            SocketClosing.close(NioSocket.server(loopback.accepted(), "connection", "listener"));

            assertThat(loopback.accepted().isOpen()).isFalse();
            assertThat(loopback.clientRead()).as("the client sees the end").isEqualTo(-1);
        }
    }

    /** A client connected to a listener over loopback, and the server's side of that connection. */
    private record Loopback(ServerSocketChannel listener, SocketChannel client, SocketChannel accepted)
            implements AutoCloseable {
        static Loopback connect() throws IOException {
            ServerSocketChannel listener = ServerSocketChannel.open()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            return new Loopback(listener, client, listener.accept());
        }

        int clientRead() throws IOException {
            return client.read(ByteBuffer.allocate(1));
        }

        @Override
        public void close() throws IOException {
            try (listener; client; accepted) {
                // all three closed
            }
        }
    }
}
