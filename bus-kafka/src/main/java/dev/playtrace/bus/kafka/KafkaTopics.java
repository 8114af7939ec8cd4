package dev.playtrace.bus.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the event topic when it does not exist yet; an existing topic is left as it is (its partition count too). */
public final class KafkaTopics {
    private KafkaTopics() {
    }

    /** @return the topic's partition count */
    public static int ensure(KafkaBusAddress address, int partitions, short replicationFactor) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address.bootstrapServers()))) {
            try {
                admin.createTopics(List.of(new NewTopic(address.topic(), partitions, replicationFactor)))
                        .all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + address.topic(), e.getCause());
                }
            }
            return admin.describeTopics(List.of(address.topic())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(address.topic()).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + address.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + address.topic(), e);
        }
    }
}
