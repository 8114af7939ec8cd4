package dev.playtrace.server.hardening;

import dev.playtrace.server.http.ListenerSettings;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 19 item 6: the listen address ({@code --host}). A server bound to one loopback address serves there only, and
 * its liveness probe connects to that address (a probe of the usual 127.0.0.1 would be refused and report the
 * listener dead); the default binds every interface and probes through the loopback address.
 */
@Timeout(120) // a safety net: the probes waited for below come every 50 ms
class HardeningListenAddressTest {
    private static final Duration PROBE_PERIOD = Duration.ofMillis(50);
    private static final int PROBES_TO_SEE = 10;

    @TempDir
    Path dataDir;

    private RunningServer start(ListenerSettings listener) {
        return ListenerServers.start(dataDir, listener.withLivenessProbePeriod(PROBE_PERIOD));
    }

    @Test
    void aServerBoundToOneLoopbackAddressServesThereOnlyAndItsProbeFindsItAlive() throws Exception {
        // 127.0.0.2 is a loopback address on Linux, but not the one InetAddress.getLoopbackAddress() names
        InetAddress bound = InetAddress.getByName("127.0.0.2");
        try (RunningServer server = start(ListenerSettings.defaults().withHost(bound.getHostAddress()))) {
            int port = server.server().port();
            assertThat(exchange(new InetSocketAddress(bound, port))).contains("\"listener\":\"UP\"");
            assertThatThrownBy(() -> exchange(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port)))
                    .isInstanceOf(ConnectException.class);

            long probes = waitForProbes(bound, port);
            assertThat(probes).isGreaterThanOrEqualTo(PROBES_TO_SEE);
            assertThat(metric(exchange(new InetSocketAddress(bound, port), "/metrics"),
                    "playtrace_http_listener_probe_failures_total")).isZero();
            assertThat(exchange(new InetSocketAddress(bound, port))).startsWith("HTTP/1.1 200")
                    .contains("\"listener\":\"UP\"");
        }
    }

    @Test
    void theDefaultBindsEveryInterfaceAndItsProbeFindsItAlive() throws Exception {
        try (RunningServer server = start(ListenerSettings.defaults())) {
            int port = server.server().port();
            assertThat(ListenerSettings.defaults().host()).isEqualTo("0.0.0.0");
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            assertThat(exchange(new InetSocketAddress(loopback, port))).startsWith("HTTP/1.1 200");
            assertThat(exchange(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port))).startsWith("HTTP/1.1 200");

            assertThat(waitForProbes(loopback, port)).isGreaterThanOrEqualTo(PROBES_TO_SEE);
            assertThat(metric(exchange(new InetSocketAddress(loopback, port), "/metrics"),
                    "playtrace_http_listener_probe_failures_total")).isZero();
            assertThat(exchange(new InetSocketAddress(loopback, port))).contains("\"listener\":\"UP\"");
        }
    }

    @Test
    void probesGoToTheBoundAddressOrToLoopbackForEveryInterface() {
        assertThat(ListenerSettings.defaults().withHost("127.0.0.2").probeAddress(8080))
                .isEqualTo(new InetSocketAddress("127.0.0.2", 8080));
        assertThat(ListenerSettings.defaults().probeAddress(8080).getAddress().isLoopbackAddress()).isTrue();
        assertThat(ListenerSettings.defaults().withHost("::").probeAddress(8080).getAddress().isLoopbackAddress()).isTrue();
    }

    private static long waitForProbes(InetAddress address, int port) throws IOException {
        long probes;
        while ((probes = metric(exchange(new InetSocketAddress(address, port), "/metrics"),
                "playtrace_http_listener_probes_total")) < PROBES_TO_SEE) {
            Thread.onSpinWait();
        }
        return probes;
    }

    private static long metric(String exposition, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + " ([0-9.E]+)$").matcher(exposition);
        assertThat(matcher.find()).as(name + " in /metrics").isTrue();
        return (long) Double.parseDouble(matcher.group(1));
    }

    private static String exchange(InetSocketAddress target) throws IOException {
        return exchange(target, "/health");
    }

    private static String exchange(InetSocketAddress target, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(target, 5_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return RawHttpAnswer.read(in);
        }
    }
}
