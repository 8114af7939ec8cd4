package dev.playtrace.server.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionProvider;
import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

import static java.util.Objects.requireNonNull;

/**
 * The listener's only connection selector: it takes every connection the moment it is accepted, waits for the request
 * line, and hands the connection to Helidon's HTTP/1.1 connection or answers an HTTP/1.0 request
 * ({@link Http10Answer}).
 *
 * <p>:TRICKY: it must be the only one. With more than one selector, Helidon reads a connection's first bytes before
 * it picks a selector, and its idle-connection check only sees connections a selector has taken: a client that never
 * sent a byte held its connection, a descriptor and a place under the connection cap for good. Taken at once, a
 * connection waiting for its first bytes is idle like any other, and closed after the idle timeout. The listener is
 * therefore built with no protocol of its own (the HTTP/1.1 configuration comes in here).
 *
 * <p>Being first to see a connection, it also counts it for {@link ConnectionsPerAddress}, before any byte arrived.
 */
public final class HttpVersionSelector implements ServerConnectionSelector {
    /** Helidon's name of the listener the HTTP/1.1 selector serves (not used by HTTP/1.1 itself in Helidon 4.5). */
    private static final String DEFAULT_LISTENER = "@default";
    private final ServerConnectionSelector http11;
    private final ConnectionsPerAddress perAddress;

    public HttpVersionSelector(Http1Config http1, ConnectionsPerAddress perAddress) {
        requireNonNull(http1, "http1 is null");
        this.perAddress = requireNonNull(perAddress, "perAddress is null");
        this.http11 = new Http1ConnectionProvider().create(DEFAULT_LISTENER, http1,
                ProtocolConfigs.create(List.<ProtocolConfig>of(http1)));
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    /** Never asked while this is the only selector; every connection is taken. */
    @Override
    public Support supports(BufferData request) {
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http11.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext context) {
        return new UnidentifiedConnection(context, http11, perAddress);
    }

    /** A connection whose HTTP version is not known until its request line has arrived. */
    private static final class UnidentifiedConnection implements ServerConnection, InterruptableTask<Void> {
        private final ConnectionContext context;
        private final ServerConnectionSelector http11;
        private final ConnectionsPerAddress perAddress;
        private final long acceptedNanos = System.nanoTime();
        private volatile ServerConnection http11Connection;
        private volatile boolean closeRequested;

        UnidentifiedConnection(ConnectionContext context, ServerConnectionSelector http11,
                ConnectionsPerAddress perAddress) {
            this.context = context;
            this.http11 = http11;
            this.perAddress = perAddress;
        }

        @Override
        public void handle(Limit requestLimit) throws InterruptedException {
            try {
                identifyAndHandle(requestLimit);
            } finally {
                perAddress.released(context);
            }
        }

        private void identifyAndHandle(Limit requestLimit) throws InterruptedException {
            ScheduledFuture<?> overCapClose = perAddress.accepted(context)
                    ? perAddress.closeUnlessHeardWithinGrace(context) : null;
            boolean http10;
            try {
                http10 = awaitRequestLineOfHttp10();
            } catch (RuntimeException e) {
                return; // the client went away, or the idle check or the grace closed it: nobody to answer
            } finally {
                if (overCapClose != null) {
                    overCapClose.cancel(false);
                }
            }
            if (http10) {
                Http10Answer.answer(context);
                return;
            }
            ServerConnection connection = http11.connection(context);
            http11Connection = connection;
            if (!closeRequested) { // else closed for idleness just as its request line arrived
                connection.handle(requestLimit);
            }
        }

        /**
         * Reads (without taking them from the reader) until the first line has arrived, and tells whether it is an
         * HTTP/1.0 request line. A line longer than any request line served goes to HTTP/1.1, which answers 414.
         */
        private boolean awaitRequestLineOfHttp10() {
            DataReader reader = context.dataReader();
            reader.ensureAvailable();
            while (true) {
                BufferData arrived = reader.getBuffer(reader.available());
                int newLine = arrived.indexOf((byte) '\n');
                if (newLine >= 0) {
                    return Http10Answer.isHttp10(arrived, newLine);
                }
                if (reader.available() > Http10Answer.MAX_HEADER_BYTES) {
                    return false;
                }
                reader.pullData();
            }
        }

        @Override
        public Duration idleTime() {
            ServerConnection connection = http11Connection;
            return connection != null ? connection.idleTime() : Duration.ofNanos(System.nanoTime() - acceptedNanos);
        }

        @Override
        public void close(boolean interrupt) {
            closeRequested = true;
            ServerConnection connection = http11Connection;
            if (connection != null) {
                connection.close(interrupt);
            } else {
                // ends the wait for the request line (or an HTTP/1.0 answer)
                SocketClosing.close(context.serverSocket());
            }
        }

        @Override
        public boolean canInterrupt() {
            ServerConnection connection = http11Connection;
            return connection == null || connection instanceof InterruptableTask<?> task && task.canInterrupt();
        }
    }
}
