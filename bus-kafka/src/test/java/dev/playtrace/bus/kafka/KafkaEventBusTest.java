package dev.playtrace.bus.kafka;

import dev.playtrace.ingest.bus.BusOverloadedException;
import dev.playtrace.ingest.bus.EventCodec;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.ViewKey;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaEventBusTest {
    private static final long T0 = 1_780_000_000_000L;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void everyAcknowledgedEventIsReadBackByAFreshConsumerWithEachViewOnOnePartition() throws Exception {
        KafkaBusAddress address = broker.address("acknowledged");
        assertThat(KafkaTopics.ensure(address, 4, (short) 1)).isEqualTo(4);
        List<PlayerEvent> published = new ArrayList<>();
        try (KafkaEventBus bus = KafkaEventBus.connect(address, TestBusLimits.PATIENT)) {
            List<CompletableFuture<Void>> acknowledgements = new ArrayList<>();
            for (int beacon = 0; beacon < 200; beacon++) {
                // a beacon of two views' events: one record each
                List<PlayerEvent> batch = List.of(event("v" + beacon % 37, beacon * 2 + 1),
                        event("w" + beacon % 11, beacon * 2 + 2), event("v" + beacon % 37, beacon * 2 + 3));
                published.addAll(batch);
                acknowledgements.add(bus.publish(batch));
            }
            CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new))
                    .get(TestBusLimits.ACKNOWLEDGEMENTS_WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(bus.inFlightBytes()).isZero();
        }

        List<PlayerEvent> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = freshConsumer()) {
            List<TopicPartition> partitions = List.of(0, 1, 2, 3).stream()
                    .map(p -> new TopicPartition(address.topic(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    List<PlayerEvent> events = EventCodec.decode(record.value());
                    for (PlayerEvent event : events) {
                        assertThat(record.partition()).as("partition of %s", event.viewId())
                                .isEqualTo(ViewPartitioner.partitionOf(ViewKey.of(event), 4));
                        assertThat(record.key()).isEqualTo(ViewPartitioner.recordKey(ViewKey.of(event)));
                    }
                    read.addAll(events);
                }
            }
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(published);
    }

    @Test
    void pastTheInFlightBoundAPublishIsRefusedAtOnceWithRetryAfter() throws Exception {
        KafkaBusAddress address = broker.address("bounded");
        KafkaTopics.ensure(address, 4, (short) 1);
        KafkaEventBus.Limits limits = new KafkaEventBus.Limits(200, Duration.ofSeconds(60), Duration.ofSeconds(2));
        try (KafkaEventBus bus = KafkaEventBus.connect(address, limits)) {
            bus.publish(List.of(event("warm", 1))).get(30, TimeUnit.SECONDS);
            signal("STOP", broker.pid());
            CompletableFuture<Void> waiting;
            try {
                // alone it is taken even past the bound; while it waits for its ack, the next one is refused
                waiting = bus.publish(List.of(event("a", 1), event("a", 2), event("a", 3), event("a", 4)));
                CompletableFuture<Void> refused = bus.publish(List.of(event("b", 1)));
                assertThat(refused).isCompletedExceptionally();
                assertThatThrownBy(refused::join).cause().isInstanceOfSatisfying(BusOverloadedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
            } finally {
                signal("CONT", broker.pid());
            }
            waiting.get(60, TimeUnit.SECONDS);
            assertThat(bus.inFlightBytes()).isZero();
            bus.publish(List.of(event("b", 1))).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBatchWhoseBrokerIsKilledBeforeItsAcknowledgementFails() throws Exception {
        try (KafkaBroker doomed = KafkaBroker.start()) {
            KafkaBusAddress address = doomed.address("doomed");
            KafkaTopics.ensure(address, 2, (short) 1);
            KafkaEventBus.Limits limits = new KafkaEventBus.Limits(1 << 20, Duration.ofSeconds(5), Duration.ofSeconds(1));
            try (KafkaEventBus bus = KafkaEventBus.connect(address, limits)) {
                bus.publish(List.of(event("before", 1))).get(30, TimeUnit.SECONDS);
                // frozen, the broker cannot acknowledge what is published now; then it dies
                signal("STOP", doomed.pid());
                CompletableFuture<Void> unacknowledged = bus.publish(List.of(event("x", 1), event("y", 1)));
                doomed.killHard();

                assertThatThrownBy(() -> unacknowledged.get(60, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);
                assertThat(bus.inFlightBytes()).isZero();
            }
        }
    }

    private static PlayerEvent event(String viewId, long sequence) {
        return new PlayerEvent("p1", viewId, sequence, EventName.HEARTBEAT, T0 + sequence, T0 + sequence, sequence * 10,
                T0 + sequence + 5, Map.of("video_id", "vid-" + viewId, "bitrate", 1_000L + sequence));
    }

    private static KafkaConsumer<byte[], byte[]> freshConsumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }

    static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
