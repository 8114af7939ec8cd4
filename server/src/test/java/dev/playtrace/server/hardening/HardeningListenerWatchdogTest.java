package dev.playtrace.server.hardening;

import dev.playtrace.server.http.ListenerWatchdog;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 19 item 2: a listener that stops accepting (Helidon's accept loop ended) is reported dead, once. */
class HardeningListenerWatchdogTest {
    @Test
    void aListenerThatStopsAcceptingIsReportedDead() throws Exception {
        CountDownLatch died = new CountDownLatch(1);
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        try (ListenerWatchdog watchdog = ListenerWatchdog.start(address, Duration.ofMillis(100), died::countDown)) {
            // alive while the socket listens (connections complete in the kernel's queue)
            Thread.sleep(500); // :TRICKY: lets several probes run; the assertion below is on their outcome
            assertThat(died.getCount()).isEqualTo(1);
            assertThat(watchdog.listening()).isTrue();
            listener.close();
            assertThat(died.await(30, TimeUnit.SECONDS)).as("the dead listener was reported").isTrue();
            assertThat(watchdog.listening()).isFalse();
        }
    }
}
