package dev.playtrace.bus.kafka;

import dev.playtrace.ingest.bus.EventCodec;
import dev.playtrace.ingest.session.Sessionizer;
import dev.playtrace.ingest.session.SessionizerSettings;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.store.spi.ViewStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * A sessionizer worker of a consumer group: owns the views of the partitions Kafka assigns it (one {@link Sessionizer}
 * per partition, see {@link OwnedPartitions}), feeds it the polled records, flushes every partition on a period and
 * commits each partition's offset only after the store write that covers it. A revoked partition is flushed and
 * committed before it goes; a partition taken over resumes after what its last owner stored.
 *
 * <p>Everything Kafka-related runs on the worker's own thread (a consumer is single-threaded): the rebalance callbacks
 * run inside {@code poll}.
 */
public final class KafkaSessionizerWorker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KafkaSessionizerWorker.class.getName());
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final OwnedPartitions owned;
    private final Duration flushPeriod;
    private final Thread thread;
    /** What ended the worker's loop while it was meant to run; null otherwise. */
    private volatile RuntimeException stoppedBy;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean crashing = new AtomicBoolean();
    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private final AtomicLong eventsConsumed = new AtomicLong();
    private volatile int liveViews;
    private final Map<Integer, Long> committed = new ConcurrentHashMap<>();
    private final Set<Integer> ownedView = ConcurrentHashMap.newKeySet();

    /**
     * Which group a worker joins, how often it flushes, how its sessionizers close views, and how long its loop may
     * stall (a store write that hangs) before the group moves its partitions to the other workers.
     */
    public record Settings(String groupId, Duration flushPeriod, SessionizerSettings sessionizer,
            Duration maxPollInterval) {
        public static final String DEFAULT_GROUP_ID = "playtrace-sessionizers";

        public Settings {
            requireNonNull(groupId, "groupId is null");
            requireNonNull(flushPeriod, "flushPeriod is null");
            requireNonNull(sessionizer, "sessionizer is null");
            requireNonNull(maxPollInterval, "maxPollInterval is null");
        }

        /** Kafka's own default poll interval, 5 minutes: a flush taking partitions over may read many open views. */
        public static Settings defaults() {
            return new Settings(DEFAULT_GROUP_ID, Duration.ofMillis(500), SessionizerSettings.DEFAULTS,
                    Duration.ofMinutes(5));
        }

        public Settings withGroupId(String group) {
            return new Settings(group, flushPeriod, sessionizer, maxPollInterval);
        }

        public Settings withFlushPeriod(Duration period) {
            return new Settings(groupId, period, sessionizer, maxPollInterval);
        }

        public Settings withSessionizer(SessionizerSettings settings) {
            return new Settings(groupId, flushPeriod, settings, maxPollInterval);
        }

        public Settings withMaxPollInterval(Duration interval) {
            return new Settings(groupId, flushPeriod, sessionizer, interval);
        }
    }

    private KafkaSessionizerWorker(KafkaConsumer<byte[], byte[]> consumer, String topic, OwnedPartitions owned,
            Duration flushPeriod, String name) {
        this.consumer = consumer;
        this.topic = topic;
        this.owned = owned;
        this.flushPeriod = flushPeriod;
        this.thread = new Thread(this::run, name);
    }

    /**
     * Joins the group and starts consuming.
     *
     * @param storedOpenViews the views stored as open (the query engine's {@code openViews()}), read when partitions
     *        are assigned to rebuild their live views
     */
    public static KafkaSessionizerWorker start(KafkaBusAddress address, ViewStore store,
            Supplier<? extends Collection<View>> storedOpenViews, Clock clock, Settings settings) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(address, settings));
        OwnedPartitions owned = new OwnedPartitions(store, storedOpenViews, clock, settings.sessionizer());
        KafkaSessionizerWorker worker = new KafkaSessionizerWorker(consumer, address.topic(), owned,
                settings.flushPeriod(), "playtrace-kafka-sessionizer");
        worker.thread.start();
        return worker;
    }

    static Properties consumerProperties(KafkaBusAddress address, Settings settings) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, address.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // only the partitions that move are revoked in a rebalance; the others keep their live views
        properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // a dead worker's partitions move after 10 s without heartbeats (Kafka's default: 45 s of views not updated);
        // a spurious move is harmless, the new owner resumes after what the store holds
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Math.toIntExact(settings.maxPollInterval().toMillis()));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalances());
            long lastFlushNs = System.nanoTime();
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                accept(records);
                if (flushRequested.getAndSet(false) || System.nanoTime() - lastFlushNs >= flushPeriod.toNanos()) {
                    flushAndCommit();
                    lastFlushNs = System.nanoTime();
                }
            }
        } catch (RuntimeException e) {
            stoppedBy = e;
            LOG.log(Level.SEVERE, "the sessionizer worker stopped; its partitions go to the other workers", e);
        } finally {
            stopConsumer();
        }
    }

    private void accept(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            Sessionizer sessionizer = owned.sessionizer(partition.partition());
            if (sessionizer == null) {
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                List<PlayerEvent> events;
                try {
                    events = EventCodec.decode(record.value());
                } catch (IllegalArgumentException e) {
                    LOG.log(Level.SEVERE, "skipping undecodable record " + partition + "@" + record.offset(), e);
                    events = List.of();
                }
                sessionizer.accept(events, record.offset() + 1);
                eventsConsumed.addAndGet(events.size());
            }
        }
    }

    private void flushAndCommit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int partition : owned.partitions()) {
            Sessionizer sessionizer = owned.sessionizer(partition);
            try {
                sessionizer.flush();
            } catch (RuntimeException e) {
                // the sessionizer offers the same batch again at the next flush; nothing newer is committed meanwhile
                LOG.log(Level.SEVERE, "flush of partition " + partition + " failed; retrying at the next flush", e);
            }
            addIfAdvanced(offsets, partition, sessionizer.storedThroughPosition());
        }
        commit(offsets);
        liveViews = owned.liveViewCount();
        owned.renewEpochIfDue();
    }

    private void addIfAdvanced(Map<TopicPartition, OffsetAndMetadata> offsets, int partition, long storedThrough) {
        if (storedThrough > committed.getOrDefault(partition, 0L)) {
            offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(storedThrough));
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((partition, offset) -> committed.put(partition.partition(), offset.offset()));
        } catch (KafkaException e) {
            // a rebalance under way, typically; the store holds the positions too, the next owner resumes after them
            LOG.warning(() -> "offset commit failed (" + e + "); the store's positions still hold");
        }
    }

    private void stopConsumer() {
        try {
            if (crashing.get()) {
                owned.abandonAll();
            } else {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (int partition : owned.partitions()) {
                    addIfAdvanced(offsets, partition, owned.release(partition));
                }
                commit(offsets);
            }
        } finally {
            ownedView.clear();
            consumer.close();
        }
    }

    /** The partitions this worker owns now. */
    public Set<Integer> ownedPartitions() {
        return Set.copyOf(ownedView);
    }

    /**
     * Why the worker stopped consuming although it was not closed (an exception out of its loop, or its thread ended
     * by an error); empty while it runs. A process whose worker stopped still answers HTTP: {@code /health} says so.
     */
    public Optional<String> failure() {
        if (thread.isAlive() || !running.get()) {
            return Optional.empty();
        }
        RuntimeException cause = stoppedBy;
        return Optional.of("the sessionizer worker stopped: " + (cause == null ? "its thread ended" : chain(cause)));
    }

    /** The exception and its causes ({@code poll} wraps what a rebalance callback threw). */
    private static String chain(Throwable exception) {
        StringBuilder text = new StringBuilder(exception.toString());
        for (Throwable cause = exception.getCause(); cause != null && cause != exception; cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
            exception = cause;
        }
        return text.toString();
    }

    /** Views open in this worker's sessionizers at the last flush. */
    public int liveViewCount() {
        return liveViews;
    }

    /** Events consumed from Kafka and handed to a sessionizer (duplicates included). */
    public long eventsConsumed() {
        return eventsConsumed.get();
    }

    /** The offset last committed for the partition by this worker (0: none). */
    public long committedOffset(int partition) {
        return committed.getOrDefault(partition, 0L);
    }

    /** Asks the worker thread to flush and commit at its next turn (within the poll timeout). */
    public void requestFlush() {
        flushRequested.set(true);
    }

    /** Flushes and commits every partition, leaves the group and stops. */
    @Override
    public void close() {
        // no wakeup(): it would abort a commit in progress; the loop sees the flag within one poll timeout
        running.set(false);
        join();
    }

    /**
     * Stops as a crash would: nothing pending is flushed, no offset committed; the group notices at once (the
     * consumer leaves) instead of after the session timeout.
     */
    public void crash() {
        crashing.set(true);
        close();
    }

    private void join() {
        try {
            thread.join(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs inside {@code poll} on the worker thread. */
    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<Integer> numbers = new HashSet<>();
            partitions.forEach(partition -> numbers.add(partition.partition()));
            Map<Integer, Long> committedOffsets = new HashMap<>();
            consumer.committed(Set.copyOf(partitions)).forEach((partition, offset) -> {
                if (offset != null) {
                    committedOffsets.put(partition.partition(), offset.offset());
                }
            });
            int partitionCount = consumer.partitionsFor(topic).size();
            long startNs = System.nanoTime();
            Map<Integer, Long> seekTo = owned.take(numbers, partitionCount, committedOffsets);
            long rebuildMs = (System.nanoTime() - startNs) / 1_000_000;
            seekTo.forEach((partition, offset) -> {
                consumer.seek(new TopicPartition(topic, partition), offset);
                committed.put(partition, committedOffsets.getOrDefault(partition, 0L));
            });
            ownedView.addAll(numbers);
            LOG.info(() -> "took partitions " + numbers + " of " + topic + " (live views rebuilt in " + rebuildMs
                    + " ms), resuming at " + seekTo);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (crashing.get()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                ownedView.remove(partition.partition());
                addIfAdvanced(offsets, partition.partition(), owned.release(partition.partition()));
            }
            commit(offsets);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                ownedView.remove(partition.partition());
                owned.abandon(partition.partition());
            }
        }
    }
}
