package dev.playtrace.bus.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the event topic when it does not exist yet (an existing topic is left as it is, its partition count too),
 * and waits until every partition has a leader, so the first publish does not race the topic's creation.
 */
public final class KafkaTopics {
    private KafkaTopics() {
    }

    private static int awaitLeaders(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            TopicDescription description = describeIfKnown(admin, topic);
            if (description != null
                    && description.partitions().stream().allMatch(partition -> partition.leader() != null)) {
                return description.partitions().size();
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topic " + topic + " has partitions without a leader after 60 s");
            }
            Thread.sleep(100); // polling the controller's view: there is no notification to wait on
        }
    }

    /** The topic as the broker describes it, or null while a topic just created is not in its metadata yet. */
    private static TopicDescription describeIfKnown(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
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
            return awaitLeaders(admin, address.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + address.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + address.topic(), e);
        }
    }
}
