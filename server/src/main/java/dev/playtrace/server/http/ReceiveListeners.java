package dev.playtrace.server.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.util.List;

/**
 * Several HTTP/1 receive listeners as one. :TRICKY: Helidon 4.5 combines two or more listeners given to
 * {@code Http1Config.addReceiveListener} into a list listener that forwards nothing (its methods are the interface's
 * empty defaults), so every listener would go silent; registering this single listener keeps each one called.
 */
public final class ReceiveListeners implements Http1ConnectionListener {
    private final List<Http1ConnectionListener> listeners;

    private ReceiveListeners(List<Http1ConnectionListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public static ReceiveListeners of(Http1ConnectionListener... listeners) {
        return new ReceiveListeners(List.of(listeners));
    }

    @Override
    public void prologue(ConnectionContext connection, HttpPrologue prologue) {
        for (Http1ConnectionListener listener : listeners) {
            listener.prologue(connection, prologue);
        }
    }

    /**
     * Every listener hears the headers, in order, even when an earlier one ends the request by throwing (as
     * {@link OversizedBodies} does to close the connection); the first failure is rethrown after the last listener.
     */
    @Override
    public void headers(ConnectionContext connection, Headers headers) {
        RuntimeException failure = null;
        for (Http1ConnectionListener listener : listeners) {
            try {
                listener.headers(connection, headers);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
