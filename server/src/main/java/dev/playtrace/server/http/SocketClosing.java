package dev.playtrace.server.http;

import io.helidon.common.socket.HelidonSocket;

import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes a connection's socket from outside its handling (a grace or idle timer, a reaper, the server's stop). Its
 * client, its own handler or another closer may have closed it a moment before: Helidon's close then throws, and that
 * must not escape into a timer task (which would stop running), a filter or the server's stop.
 */
public final class SocketClosing {
    private static final Logger LOG = Logger.getLogger(SocketClosing.class.getName());

    private SocketClosing() {
    }

    /** Closes {@code socket}; a socket already closed is left as it is. */
    public static void close(HelidonSocket socket) {
        try {
            socket.close();
        } catch (UncheckedIOException e) {
            // a channel closed meanwhile throws here (a peer's reset does not: the close goes through)
            LOG.log(Level.FINE, "socket already closed", e);
        }
    }
}
