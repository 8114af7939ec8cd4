package dev.playtrace.server;

import java.util.Locale;
import java.util.Optional;

/**
 * What a node does on a Kafka bus. Every role serves the query APIs and the dashboard from the store; the embedded
 * mode (no {@code --bus}) is always {@link #ALL}.
 */
public enum ServerRole {
    /** Takes beacons and publishes them to the bus. */
    COLLECTOR,
    /** Consumes the bus as a worker of the sessionizer group and writes views to the store. */
    SESSIONIZER,
    /** Both. */
    ALL;

    public boolean collects() {
        return this != SESSIONIZER;
    }

    public boolean sessionizes() {
        return this != COLLECTOR;
    }

    public static Optional<ServerRole> byName(String name) {
        for (ServerRole role : values()) {
            if (role.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
