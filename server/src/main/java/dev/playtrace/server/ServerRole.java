package dev.playtrace.server;

import java.util.Locale;
import java.util.Optional;

/**
 * What a node does in a scale-out deployment. Every role serves the query APIs and the dashboard from the store; the
 * embedded mode (no {@code --bus}) is always {@link #ALL}.
 */
public enum ServerRole {
    /** Takes beacons and publishes them to the bus. */
    COLLECTOR,
    /** Consumes the bus as a worker of the sessionizer group and writes views to the store. */
    SESSIONIZER,
    /** Answers queries only: no beacons, no bus; any number of them share one store. */
    QUERY,
    /** Collector and sessionizer. */
    ALL;

    public boolean collects() {
        return this == COLLECTOR || this == ALL;
    }

    public boolean sessionizes() {
        return this == SESSIONIZER || this == ALL;
    }

    /** Whether the node talks to the bus at all. */
    public boolean usesBus() {
        return collects() || sessionizes();
    }

    /** The name {@code --role} takes. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ServerRole> byName(String name) {
        for (ServerRole role : values()) {
            if (role.cliName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
