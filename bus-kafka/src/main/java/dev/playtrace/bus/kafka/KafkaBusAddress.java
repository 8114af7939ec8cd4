package dev.playtrace.bus.kafka;

import java.net.URI;
import java.net.URISyntaxException;

import static java.util.Objects.requireNonNull;

/**
 * Where the Kafka bus is: {@code kafka://host:port[,host:port...][/topic]}; the topic defaults to
 * {@value #DEFAULT_TOPIC}.
 */
public record KafkaBusAddress(String bootstrapServers, String topic) {
    public static final String DEFAULT_TOPIC = "playtrace-events";
    private static final String SCHEME = "kafka://";

    public KafkaBusAddress {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(topic, "topic is null");
        if (bootstrapServers.isBlank() || topic.isBlank()) {
            throw new IllegalArgumentException("a Kafka bus needs bootstrap servers and a topic");
        }
    }

    /** @throws IllegalArgumentException when {@code url} is not a {@code kafka://} address, naming what is wrong */
    public static KafkaBusAddress parse(String url) {
        requireNonNull(url, "url is null");
        if (!url.startsWith(SCHEME)) {
            throw new IllegalArgumentException("bus URL " + url + " does not start with " + SCHEME);
        }
        String rest = url.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String servers = slash < 0 ? rest : rest.substring(0, slash);
        String topic = slash < 0 || slash == rest.length() - 1 ? DEFAULT_TOPIC : rest.substring(slash + 1);
        for (String server : servers.split(",", -1)) {
            checkHostAndPort(url, server);
        }
        return new KafkaBusAddress(servers, topic);
    }

    private static void checkHostAndPort(String url, String server) {
        try {
            URI uri = new URI("kafka://" + server);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("bus URL " + url + ": " + server + " is not host:port");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bus URL " + url + ": " + server + " is not host:port", e);
        }
    }
}
