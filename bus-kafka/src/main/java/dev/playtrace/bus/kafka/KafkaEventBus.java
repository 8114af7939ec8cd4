package dev.playtrace.bus.kafka;

import dev.playtrace.ingest.bus.BusOverloadedException;
import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.ingest.bus.EventCodec;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.ViewKey;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * The collector's side of the Kafka bus: each published batch becomes one record per view (key: project and view id,
 * value: the view's events in {@link EventCodec} form) on that view's partition, sent by an idempotent producer with
 * {@code acks=all}. The returned future completes when Kafka acknowledged every record of the batch, and fails when
 * any record failed (once every record is resolved), so a collector answers 2xx only for what the brokers hold.
 *
 * <p>Backpressure: the bytes sent and not yet acknowledged are bounded; past the bound {@link #publish} fails at once
 * with {@link BusOverloadedException}. What the sessionizers have not consumed yet is Kafka's to keep (retention),
 * not this process's memory.
 */
public final class KafkaEventBus implements EventBus {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final int partitionCount;
    private final Limits limits;
    private final AtomicLong inFlightBytes = new AtomicLong();

    /** How many encoded bytes may wait for Kafka's acknowledgement, and how long a record may take to be acknowledged. */
    public record Limits(long maxInFlightBytes, Duration deliveryTimeout, Duration retryAfter) {
        /** 32 MiB is the producer's own buffer: past it a send would block the request thread instead. */
        public static final Limits DEFAULTS = new Limits(32L << 20, Duration.ofSeconds(30), Duration.ofSeconds(1));

        public Limits {
            requireNonNull(deliveryTimeout, "deliveryTimeout is null");
            requireNonNull(retryAfter, "retryAfter is null");
            if (maxInFlightBytes <= 0 || deliveryTimeout.toMillis() < 1_000) {
                throw new IllegalArgumentException("in-flight bytes must be positive and the delivery timeout >= 1 s");
            }
        }
    }

    KafkaEventBus(Producer<byte[], byte[]> producer, String topic, Limits limits) {
        this.producer = requireNonNull(producer, "producer is null");
        this.topic = requireNonNull(topic, "topic is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.partitionCount = producer.partitionsFor(topic).size();
    }

    /** Connects to the topic (which must exist: {@link KafkaTopics#ensure}) and learns its partition count. */
    public static KafkaEventBus connect(KafkaBusAddress address, Limits limits) {
        return new KafkaEventBus(new KafkaProducer<>(producerProperties(address, limits)), address.topic(), limits);
    }

    static Properties producerProperties(KafkaBusAddress address, Limits limits) {
        long deliveryMs = limits.deliveryTimeout().toMillis();
        long lingerMs = 2;
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address.bootstrapServers());
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        // concurrent requests share a produce request: the price is at most this long before the 2xx
        properties.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryMs);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, deliveryMs - lingerMs));
        // a send blocks only for metadata or a full buffer; a collector request must not hang on either
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(5_000, deliveryMs));
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(limits.maxInFlightBytes() * 2, 32L << 20));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return properties;
    }

    @Override
    public CompletableFuture<Void> publish(List<PlayerEvent> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<ProducerRecord<byte[], byte[]>> records;
        try {
            records = records(events);
        } catch (IllegalArgumentException e) {
            // a field value of a type events never carry: a bug upstream, answered as not stored, never a crash
            return CompletableFuture.failedFuture(e);
        }
        long batchBytes = 0;
        for (ProducerRecord<byte[], byte[]> record : records) {
            batchBytes += record.value().length;
        }
        if (!reserve(batchBytes)) {
            return CompletableFuture.failedFuture(new BusOverloadedException(String.format(
                    "%,d bytes wait for Kafka's acknowledgement; retry later", inFlightBytes.get()),
                    limits.retryAfter()));
        }
        return send(records);
    }

    private List<ProducerRecord<byte[], byte[]>> records(List<PlayerEvent> events) {
        Map<ViewKey, List<PlayerEvent>> byView = new LinkedHashMap<>();
        for (PlayerEvent event : events) {
            byView.computeIfAbsent(ViewKey.of(event), key -> new ArrayList<>()).add(event);
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(byView.size());
        for (Map.Entry<ViewKey, List<PlayerEvent>> view : byView.entrySet()) {
            records.add(new ProducerRecord<>(topic, ViewPartitioner.partitionOf(view.getKey(), partitionCount),
                    ViewPartitioner.recordKey(view.getKey()), EventCodec.encode(view.getValue())));
        }
        return records;
    }

    /** A batch larger than the bound alone is taken when nothing else is in flight, or it could never be. */
    private boolean reserve(long bytes) {
        while (true) {
            long current = inFlightBytes.get();
            if (current > 0 && current + bytes > limits.maxInFlightBytes()) {
                return false;
            }
            if (inFlightBytes.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /** Completes once every record was acknowledged or failed: failed when any failed, with the first failure. */
    private CompletableFuture<Void> send(List<ProducerRecord<byte[], byte[]>> records) {
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        AtomicInteger unresolved = new AtomicInteger(records.size());
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<byte[], byte[]> record = records.get(i);
            long recordBytes = record.value().length;
            try {
                producer.send(record, (metadata, failure) -> {
                    inFlightBytes.addAndGet(-recordBytes);
                    if (failure != null) {
                        firstFailure.compareAndSet(null, failure);
                    }
                    resolve(outcome, unresolved, firstFailure, 1);
                });
            } catch (RuntimeException e) {
                // the producer is closed, or metadata or buffer space did not come in time: not sent, not counted
                for (int unsent = i; unsent < records.size(); unsent++) {
                    inFlightBytes.addAndGet(-records.get(unsent).value().length);
                }
                firstFailure.compareAndSet(null, e);
                resolve(outcome, unresolved, firstFailure, records.size() - i);
                break;
            }
        }
        return outcome;
    }

    private static void resolve(CompletableFuture<Void> outcome, AtomicInteger unresolved,
            AtomicReference<Exception> firstFailure, int records) {
        if (unresolved.addAndGet(-records) == 0) {
            Exception failure = firstFailure.get();
            if (failure == null) {
                outcome.complete(null);
            } else {
                outcome.completeExceptionally(failure);
            }
        }
    }

    /** Bytes sent and not yet acknowledged (or failed) by Kafka. */
    public long inFlightBytes() {
        return inFlightBytes.get();
    }

    /** Sends what is buffered (waiting at most the delivery timeout) and closes the producer. */
    @Override
    public void close() {
        producer.close(limits.deliveryTimeout());
    }
}
