package dev.playtrace.store.clickhouse;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Where a ClickHouse store lives: the part of {@code clickhouse://host:8123/playtrace?user=u&password=p} after the
 * scheme. The database is created when missing; the user defaults to ClickHouse's {@code default} without password.
 *
 * <p>A sharded store names every server of a ClickHouse cluster and the cluster's name from their
 * {@code remote_servers} configuration: {@code clickhouse://ch1:8123,ch2:8123/playtrace?cluster=playtrace}. The first
 * server is the one the store talks to (and keeps the unsharded tables on); the others are reached only to create
 * their shard's tables.
 */
record ClickHouseLocation(List<Server> servers, String database, String user, String password, Optional<String> cluster) {
    static final int DEFAULT_HTTP_PORT = 8123;
    static final String DEFAULT_DATABASE = "playtrace";
    private static final String FORMAT = "clickhouse://host:8123/database (or clickhouse://host1:8123,host2:8123/database"
            + "?cluster=name for a sharded store)";

    /** One ClickHouse server's HTTP interface. */
    record Server(String host, int httpPort) {
        Server {
            requireNonNull(host, "host is null");
        }

        URI httpEndpoint() {
            return URI.create("http://" + host + ":" + httpPort + "/");
        }

        @Override
        public String toString() {
            return host + ":" + httpPort;
        }
    }

    ClickHouseLocation {
        servers = List.copyOf(servers);
        requireNonNull(database, "database is null");
        requireNonNull(cluster, "cluster is null");
        if (servers.isEmpty()) {
            throw invalid("a ClickHouse store URL names at least one server");
        }
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw invalid("the database name must be letters, digits and underscores, was '" + database + "'");
        }
        if (cluster.isEmpty() && servers.size() > 1) {
            throw invalid("a ClickHouse store URL with several servers (" + servers.size()
                    + ") is a sharded store and needs the cluster's name: ?cluster=name");
        }
        if (cluster.isPresent() && !cluster.get().matches("[A-Za-z0-9_.-]+")) {
            throw invalid("the cluster name must be letters, digits, '_', '.' and '-', was '" + cluster.get() + "'");
        }
    }

    /** One server, unsharded. */
    ClickHouseLocation(String host, int httpPort, String database, String user, String password) {
        this(List.of(new Server(host, httpPort)), database, user, password, Optional.empty());
    }

    /** Parses the location after {@code clickhouse:}, which starts with {@code //host}. */
    static ClickHouseLocation parse(String location) {
        requireNonNull(location, "location is null");
        if (!location.startsWith("//")) {
            throw invalid("a ClickHouse store URL is " + FORMAT + ", was 'clickhouse:" + location + "'");
        }
        URI uri;
        try {
            uri = new URI("http:" + location);
        } catch (URISyntaxException e) {
            throw invalid("a ClickHouse store URL is " + FORMAT + ": " + e.getMessage());
        }
        if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
            throw invalid("the ClickHouse store URL 'clickhouse:" + location + "' names no host");
        }
        List<Server> servers = new ArrayList<>();
        for (String hostAndPort : uri.getRawAuthority().split(",", -1)) {
            servers.add(server(hostAndPort, location));
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String user = "default";
        String password = "";
        Optional<String> cluster = Optional.empty();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                switch (name) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    case "cluster" -> cluster = Optional.of(value);
                    default -> throw invalid("unknown ClickHouse store URL parameter '" + name
                            + "' (known: user, password, cluster)");
                }
            }
        }
        return new ClickHouseLocation(servers, path.isEmpty() ? DEFAULT_DATABASE : path, user, password, cluster);
    }

    private static Server server(String hostAndPort, String location) {
        URI uri;
        try {
            uri = new URI("http://" + hostAndPort);
        } catch (URISyntaxException e) {
            throw invalid("'" + hostAndPort + "' in the ClickHouse store URL 'clickhouse:" + location
                    + "' is not host:port: " + e.getMessage());
        }
        if (uri.getHost() == null || uri.getUserInfo() != null || !uri.getRawPath().isEmpty()) {
            throw invalid("'" + hostAndPort + "' in the ClickHouse store URL 'clickhouse:" + location
                    + "' is not host:port (user and password go in ?user=...&password=...)");
        }
        return new Server(uri.getHost(), uri.getPort() < 0 ? DEFAULT_HTTP_PORT : uri.getPort());
    }

    /** The server the store sends every statement to. */
    Server entryServer() {
        return servers.getFirst();
    }

    URI httpEndpoint() {
        return entryServer().httpEndpoint();
    }

    boolean isSharded() {
        return cluster.isPresent();
    }

    /** The same database and credentials on one of the servers, unsharded: for creating that server's tables. */
    ClickHouseLocation onServer(Server server) {
        return new ClickHouseLocation(List.of(server), database, user, password, Optional.empty());
    }

    private static PlaytraceException invalid(String message) {
        return new PlaytraceException(ErrorCode.INVALID_PARAMETER, message);
    }

    @Override
    public String toString() {
        // never the password
        return "clickhouse://" + servers.stream().map(Server::toString).collect(Collectors.joining(",")) + "/" + database
                + cluster.map(name -> "?cluster=" + name).orElse("");
    }
}
