package dev.playtrace.bus.kafka;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the Kafka bus on this machine (not a test: run by hand, numbers go to the report / BENCHMARKS.md):
 * acknowledged events/s from concurrent collector requests (each waits for its acknowledgement, as a 2xx does), then
 * stored events/s through one sessionizer worker and through two, each group reading the whole topic into a fresh
 * in-memory DuckDB store.
 *
 * <pre>java -cp bus-kafka/target/classes:bus-kafka/target/test-classes:$(cat bus-kafka/target/kafka-broker.classpath) \
 *   -Dkafka.broker.classpath.file=bus-kafka/target/kafka-broker.classpath dev.playtrace.bus.kafka.KafkaBusThroughput</pre>
 */
public final class KafkaBusThroughput {
    private static final int PARTITIONS = 4;
    private static final int CONCURRENT_REQUESTS = 64;
    private static final long FROM_MS = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();

    private KafkaBusThroughput() {
    }

    public static void main(String[] arguments) throws Exception {
        int views = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 2_000;
        int copies = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 10;
        List<List<PlayerEvent>> original = SimulatedBatches.generate(7, FROM_MS, FROM_MS + Duration.ofHours(1).toMillis(),
                views);
        List<List<PlayerEvent>> batches = copies(original, copies);
        long events = batches.stream().mapToLong(List::size).sum();
        System.out.printf("%,d batches, %,d events (%,d simulated views x %d copies)%n", batches.size(), events, views,
                copies);
        try (KafkaBroker broker = KafkaBroker.start()) {
            KafkaBusAddress address = broker.address("throughput");
            KafkaTopics.ensure(address, PARTITIONS, (short) 1);
            double acknowledgedPerSecond = publish(address, batches, events);
            System.out.printf("acknowledged: %,.0f events/s (%d concurrent requests, acks=all, idempotent)%n",
                    acknowledgedPerSecond, CONCURRENT_REQUESTS);
            KafkaBusAddress batchedAddress = broker.address("throughput-batched");
            KafkaTopics.ensure(batchedAddress, PARTITIONS, (short) 1);
            List<List<PlayerEvent>> merged = merged(batches, 50);
            System.out.printf("acknowledged in beacons of 50 events: %,.0f events/s%n",
                    publish(batchedAddress, merged, events));
            System.out.printf("stored by one embedded sessionizer (no bus, flush every 500 ms): %,.0f events/s%n",
                    embedded(batches, events));
            Map<Integer, Long> endOffsets = endOffsets(address);
            for (int workers = 1; workers <= 2; workers++) {
                double storedPerSecond = consume(address, workers, endOffsets, events);
                System.out.printf("stored with %d worker(s): %,.0f events/s%n", workers, storedPerSecond);
            }
        }
    }

    /** Consecutive batches joined into beacons of {@code size} events (a batching SDK's). */
    private static List<List<PlayerEvent>> merged(List<List<PlayerEvent>> batches, int size) {
        List<List<PlayerEvent>> merged = new ArrayList<>();
        List<PlayerEvent> current = new ArrayList<>();
        for (List<PlayerEvent> batch : batches) {
            current.addAll(batch);
            if (current.size() >= size) {
                merged.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            merged.add(current);
        }
        return merged;
    }

    private static double embedded(List<List<PlayerEvent>> batches, long events) {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(FROM_MS - 60_000), ZoneOffset.UTC);
        try (PlaytraceStore store = PlaytraceStores.open("duckdb::memory:")) {
            dev.playtrace.ingest.session.Sessionizer sessionizer = new dev.playtrace.ingest.session.Sessionizer(
                    (views, newEvents, position) -> store.views().write(views, newEvents, position),
                    store.views()::loadEvents, clock);
            long startNs = System.nanoTime();
            long lastFlushNs = startNs;
            long position = 0;
            for (List<PlayerEvent> batch : batches) {
                sessionizer.accept(batch, ++position);
                if (System.nanoTime() - lastFlushNs >= 500_000_000L) {
                    sessionizer.flush();
                    lastFlushNs = System.nanoTime();
                }
            }
            sessionizer.close();
            return events / ((System.nanoTime() - startNs) / 1e9);
        }
    }

    private static List<List<PlayerEvent>> copies(List<List<PlayerEvent>> original, int copies) {
        List<List<PlayerEvent>> batches = new ArrayList<>();
        for (int copy = 0; copy < copies; copy++) {
            String suffix = "-c" + copy;
            for (List<PlayerEvent> batch : original) {
                batches.add(batch.stream().map(event -> new PlayerEvent(event.projectId(), event.viewId() + suffix,
                        event.sequenceNumber(), event.name(), event.eventTimeMs(), event.viewerTimeMs(),
                        event.playheadMs(), event.receivedAtMs(), event.fields())).toList());
            }
        }
        return batches;
    }

    private static double publish(KafkaBusAddress address, List<List<PlayerEvent>> batches, long events)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (KafkaEventBus bus = KafkaEventBus.connect(address, KafkaEventBus.Limits.DEFAULTS);
             ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            long startNs = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int request = 0; request < CONCURRENT_REQUESTS; request++) {
                running.add(requests.submit(() -> {
                    for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                        bus.publish(batches.get(i)).join();
                    }
                    return null;
                }));
            }
            for (Future<?> request : running) {
                request.get();
            }
            return events / ((System.nanoTime() - startNs) / 1e9);
        }
    }

    private static double consume(KafkaBusAddress address, int workerCount, Map<Integer, Long> endOffsets,
            long events) {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(FROM_MS - 60_000), ZoneOffset.UTC);
        KafkaSessionizerWorker.Settings settings = KafkaSessionizerWorker.Settings.defaults()
                .withGroupId("throughput-" + workerCount);
        try (PlaytraceStore store = PlaytraceStores.open("duckdb::memory:")) {
            QueryEngine queries = new QueryEngine(store.views(), clock);
            long startNs = System.nanoTime();
            List<KafkaSessionizerWorker> workers = new ArrayList<>();
            for (int i = 0; i < workerCount; i++) {
                workers.add(KafkaSessionizerWorker.start(address, store.views(), queries::openViews, clock, settings));
            }
            Conditions.await("every record stored", Duration.ofMinutes(30), () -> endOffsets.entrySet().stream()
                    .allMatch(end -> store.views().storedBusPosition(end.getKey()) == end.getValue()));
            double perSecond = events / ((System.nanoTime() - startNs) / 1e9);
            workers.forEach(KafkaSessionizerWorker::close);
            return perSecond;
        }
    }

    private static Map<Integer, Long> endOffsets(KafkaBusAddress address) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                request.put(new TopicPartition(address.topic(), partition), OffsetSpec.latest());
            }
            Map<Integer, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
            return ends;
        }
    }
}
