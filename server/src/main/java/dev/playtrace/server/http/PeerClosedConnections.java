package dev.playtrace.server.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP connections whose peer has closed its side while this process still holds them open ({@code CLOSE_WAIT}),
 * read from Linux's {@code /proc/net/tcp} and {@code /proc/net/tcp6}. Helidon's NIO sockets cannot tell that a client
 * went away until the server reads or writes again; the kernel knows at once. Elsewhere than Linux the set is empty
 * (nothing is cancelled early there).
 */
final class PeerClosedConnections {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** The kernel's TCP state number of CLOSE_WAIT. */
    private static final String CLOSE_WAIT = "08";

    private PeerClosedConnections() {
    }

    /** Keys ({@link #key}) of every connection in CLOSE_WAIT now. */
    static Set<String> now() {
        Set<String> closed = new HashSet<>();
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    // "  sl  local_address rem_address   st ...": "0: 0100007F:1F90 0100007F:C2A4 08 ..."
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 3 && fields[3].equals(CLOSE_WAIT)) {
                        closed.add(key(port(fields[1]), port(fields[2])));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table (not Linux, or no IPv6): nothing known about its connections
            }
        }
        return closed;
    }

    /** A connection by its local and remote ports (unique enough among one listener's connections). */
    static String key(int localPort, int remotePort) {
        return localPort + ":" + remotePort;
    }

    private static int port(String hexAddressAndPort) {
        return Integer.parseInt(hexAddressAndPort.substring(hexAddressAndPort.lastIndexOf(':') + 1), 16);
    }
}
