package dev.playtrace.bus.kafka;

import dev.playtrace.ingest.bus.DirectEventBus;
import dev.playtrace.ingest.session.EventSource;
import dev.playtrace.ingest.session.Sessionizer;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewKey;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.ViewTable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSessionizerWorkerTest {
    private static final int PARTITIONS = 4;
    private static final long FROM_MS = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
    private static final long TO_MS = FROM_MS + Duration.ofMinutes(20).toMillis();
    private static final Duration WAIT = Duration.ofSeconds(120);
    // no view times out while the stream runs (the clocks stand before every event); the worker that takes partitions
    // over has a clock 5 s behind the first one's, as a badly synchronised machine would, and must still write
    // versions above the first worker's
    private static final Clock FIRST_CLOCK = Clock.fixed(Instant.ofEpochMilli(FROM_MS - 60_000), ZoneOffset.UTC);
    private static final Clock LAGGING_CLOCK = Clock.offset(FIRST_CLOCK, Duration.ofSeconds(-5));
    private static final KafkaSessionizerWorker.Settings SETTINGS = KafkaSessionizerWorker.Settings.defaults()
            .withFlushPeriod(Duration.ofMillis(200));
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static List<List<PlayerEvent>> batches;
    private static PlaytraceStore reference;

    @BeforeAll
    static void simulateAndRunTheEmbeddedReference() {
        batches = SimulatedBatches.generate(15, FROM_MS, TO_MS, 400);
        reference = embeddedReference(batches, FIRST_CLOCK);
    }

    @AfterAll
    static void closeReference() {
        reference.close();
    }

    @Test
    void aWorkerThatCrashesMidStreamLeavesTheSameViewsAsOneEmbeddedSessionizer() throws Exception {
        KafkaBusAddress address = broker.address("crash-mid-stream");
        KafkaTopics.ensure(address, PARTITIONS, (short) 1);
        KafkaSessionizerWorker.Settings settings = SETTINGS.withGroupId("crash-mid-stream");

        try (PlaytraceStore store = PlaytraceStores.open("duckdb::memory:");
             KafkaEventBus bus = KafkaEventBus.connect(address, TestBusLimits.PATIENT)) {
            QueryEngine queries = new QueryEngine(store.views(), FIRST_CLOCK);
            KafkaSessionizerWorker first = KafkaSessionizerWorker.start(address, store.views(), queries::openViews,
                    FIRST_CLOCK, settings);
            Conditions.await("the first worker owns every partition", WAIT,
                    () -> first.ownedPartitions().size() == PARTITIONS);
            KafkaSessionizerWorker second = KafkaSessionizerWorker.start(address, store.views(), queries::openViews,
                    LAGGING_CLOCK, settings);
            Conditions.await("the partitions are shared", WAIT, () -> first.ownedPartitions().size() == PARTITIONS / 2
                    && second.ownedPartitions().size() == PARTITIONS / 2);
            Set<Integer> crashedPartitions = first.ownedPartitions();

            // the first worker stores a third of the stream, is sent the second third and dies right after Kafka
            // acknowledged it (consumed or not, stored or not); the last third goes to the second worker only
            int third = batches.size() / 3;
            publish(bus, batches.subList(0, third));
            Map<Integer, Long> thirdRecords = recordsPerPartition(batches.subList(0, third));
            Conditions.await("the first worker stored the first third of its partitions", WAIT,
                    () -> crashedPartitions.stream().allMatch(partition ->
                            store.views().storedBusPosition(partition) >= thirdRecords.get(partition)));
            publish(bus, batches.subList(third, 2 * third));
            first.crash();
            Conditions.await("the second worker took every partition over", WAIT,
                    () -> second.ownedPartitions().size() == PARTITIONS);
            publish(bus, batches.subList(2 * third, batches.size()));
            awaitEverythingStored(address, store);
            second.close();
            assertCommittedThroughTheEnd(address, second);

            assertSameAsEmbedded(store);
        }
    }

    @Test
    void aWorkerThatStoppedOnItsOwnSaysWhyAndAClosedOneDoesNot() {
        KafkaBusAddress address = broker.address("stopped-worker");
        KafkaTopics.ensure(address, PARTITIONS, (short) 1);
        KafkaSessionizerWorker.Settings settings = SETTINGS.withGroupId("stopped-worker");

        try (PlaytraceStore store = PlaytraceStores.open("duckdb::memory:")) {
            // the stored open views are read when partitions are assigned: a store that cannot be read ends the loop
            KafkaSessionizerWorker broken = KafkaSessionizerWorker.start(address, store.views(), () -> {
                throw new IllegalStateException("the store cannot be read");
            }, FIRST_CLOCK, settings);
            Conditions.await("the worker reports that it stopped", WAIT, () -> broken.failure().isPresent());
            assertThat(broken.failure().orElseThrow()).startsWith("the sessionizer worker stopped")
                    .contains("the store cannot be read");
            broken.close();

            QueryEngine queries = new QueryEngine(store.views(), FIRST_CLOCK);
            KafkaSessionizerWorker healthy = KafkaSessionizerWorker.start(address, store.views(), queries::openViews,
                    FIRST_CLOCK, settings);
            Conditions.await("the healthy worker owns every partition", WAIT,
                    () -> healthy.ownedPartitions().size() == PARTITIONS);
            assertThat(healthy.failure()).isEmpty();
            healthy.close();
            assertThat(healthy.failure()).as("closed, not failed").isEmpty();
        }
    }

    @Test
    void aNewOwnerResumesAfterWhatTheStoreHoldsWhenTheOffsetsWereNeverCommitted() throws Exception {
        KafkaBusAddress address = broker.address("never-committed");
        KafkaTopics.ensure(address, PARTITIONS, (short) 1);
        KafkaSessionizerWorker.Settings settings = SETTINGS.withGroupId("never-committed");

        try (PlaytraceStore store = PlaytraceStores.open("duckdb::memory:");
             KafkaEventBus bus = KafkaEventBus.connect(address, TestBusLimits.PATIENT)) {
            QueryEngine queries = new QueryEngine(store.views(), FIRST_CLOCK);
            KafkaSessionizerWorker first = KafkaSessionizerWorker.start(address, store.views(), queries::openViews,
                    FIRST_CLOCK, settings);
            int half = batches.size() / 2;
            publish(bus, batches.subList(0, half));
            awaitEverythingStored(address, store);
            first.crash();
            // what a crash between the store's write and the offset commit leaves: stored, never committed
            try (Admin admin = admin(address)) {
                admin.deleteConsumerGroups(List.of("never-committed")).all().get(30, TimeUnit.SECONDS);
            }

            KafkaSessionizerWorker second = KafkaSessionizerWorker.start(address, store.views(), queries::openViews,
                    LAGGING_CLOCK, settings);
            publish(bus, batches.subList(half, batches.size()));
            awaitEverythingStored(address, store);
            second.close();
            assertCommittedThroughTheEnd(address, second);

            assertSameAsEmbedded(store);
        }
    }

    @Test
    void aWorkerThatStallsPastLosingItsPartitionsWritesLateWithoutMovingAnythingBack() throws Exception {
        KafkaBusAddress address = broker.address("stalled-worker");
        KafkaTopics.ensure(address, PARTITIONS, (short) 1);
        // a worker whose loop hangs this long leaves the group (Kafka's default is 5 minutes)
        KafkaSessionizerWorker.Settings settings = SETTINGS.withGroupId("stalled-worker")
                .withMaxPollInterval(Duration.ofSeconds(6));

        try (PlaytraceStore store = PlaytraceStores.open("duckdb::memory:");
             KafkaEventBus bus = KafkaEventBus.connect(address, TestBusLimits.PATIENT)) {
            QueryEngine queries = new QueryEngine(store.views(), FIRST_CLOCK);
            StallingViewStore hanging = new StallingViewStore(store.views());
            // its clock is a minute ahead: versions taken from clocks would let its late views win
            KafkaSessionizerWorker stalled = KafkaSessionizerWorker.start(address, hanging, queries::openViews,
                    Clock.offset(FIRST_CLOCK, Duration.ofMinutes(1)), settings);
            Conditions.await("the first worker owns every partition", WAIT,
                    () -> stalled.ownedPartitions().size() == PARTITIONS);
            int third = batches.size() / 3;
            publish(bus, batches.subList(0, third));
            awaitEverythingStored(address, store);

            hanging.stall();
            publish(bus, batches.subList(third, 2 * third));
            Conditions.await("the first worker hangs in a store write", WAIT, hanging::isStalled);
            KafkaSessionizerWorker successor = KafkaSessionizerWorker.start(address, store.views(), queries::openViews,
                    FIRST_CLOCK, settings);
            Conditions.await("the second worker took every partition over", WAIT,
                    () -> successor.ownedPartitions().size() == PARTITIONS);
            publish(bus, batches.subList(2 * third, batches.size()));
            awaitEverythingStored(address, store);
            Map<Integer, Long> storedByTheSuccessor = storedPositions(store);
            List<View> storedViewsByTheSuccessor = allViews(store);

            hanging.release();
            int partitionsWithLateWrites = recordsPerPartition(batches.subList(third, 2 * third)).size();
            Conditions.await("the first worker wrote what it held", WAIT,
                    () -> hanging.writesAfterRelease() >= partitionsWithLateWrites);
            assertThat(storedPositions(store)).as("positions after the late writes").isEqualTo(storedByTheSuccessor);
            assertThat(allViews(store)).as("views after the late writes")
                    .containsExactlyInAnyOrderElementsOf(storedViewsByTheSuccessor);

            // the first worker polls again, rejoins and may take partitions back: it resumes after the successor
            publish(bus, batches.subList(0, 1));
            awaitEverythingStored(address, store);
            stalled.close();
            successor.close();
            // the late write appended events the successor had stored (DuckDB appends; ClickHouse's events view
            // collapses them); a deployment cannot do this to DuckDB, which one process alone opens
            assertSameViewsAsEmbedded(store);
            assertThat(distinctEventCount(store)).isEqualTo(eventCount(reference));
        }
    }

    private static Map<Integer, Long> storedPositions(PlaytraceStore store) {
        Map<Integer, Long> positions = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            positions.put(partition, store.views().storedBusPosition(partition));
        }
        return positions;
    }

    private static void awaitEverythingStored(KafkaBusAddress address, PlaytraceStore store) throws Exception {
        Map<Integer, Long> endOffsets = endOffsets(address);
        Conditions.await("every record is stored", WAIT, () -> endOffsets.entrySet().stream()
                .allMatch(end -> store.views().storedBusPosition(end.getKey()) == end.getValue()));
    }

    private static void assertCommittedThroughTheEnd(KafkaBusAddress address, KafkaSessionizerWorker worker)
            throws Exception {
        Map<Integer, Long> endOffsets = endOffsets(address);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            assertThat(worker.committedOffset(partition)).as("committed offset of partition %d", partition)
                    .isEqualTo(endOffsets.get(partition));
        }
    }

    private static void assertSameAsEmbedded(PlaytraceStore store) {
        assertSameViewsAsEmbedded(store);
        assertThat(eventCount(store)).as("stored events, none twice").isEqualTo(eventCount(reference));
    }

    private static void assertSameViewsAsEmbedded(PlaytraceStore store) {
        List<View> expected = allViews(reference);
        assertThat(expected).hasSizeGreaterThan(300);
        assertThat(allViews(store)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("version")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void publish(KafkaEventBus bus, List<List<PlayerEvent>> batches) throws Exception {
        List<CompletableFuture<Void>> acknowledgements = new ArrayList<>();
        for (List<PlayerEvent> batch : batches) {
            acknowledgements.add(bus.publish(batch));
        }
        CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new))
                .get(TestBusLimits.ACKNOWLEDGEMENTS_WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** How many records the batches make on each partition: one per view and batch. */
    private static Map<Integer, Long> recordsPerPartition(List<List<PlayerEvent>> batches) {
        Map<Integer, Long> records = new HashMap<>();
        for (List<PlayerEvent> batch : batches) {
            batch.stream().map(ViewKey::of).distinct().forEach(view ->
                    records.merge(ViewPartitioner.partitionOf(view, PARTITIONS), 1L, Long::sum));
        }
        return records;
    }

    /** The same batches through one embedded sessionizer, flushed as the server's scheduler would. */
    private static PlaytraceStore embeddedReference(List<List<PlayerEvent>> batches, Clock clock) {
        PlaytraceStore reference = PlaytraceStores.open("duckdb::memory:");
        Sessionizer sessionizer = new Sessionizer((views, events, position) -> reference.views().write(views, events,
                position), EventSource.of(reference.views()::loadEvents, reference.views()::storedViews), clock);
        DirectEventBus direct = new DirectEventBus(sessionizer::accept);
        for (int i = 0; i < batches.size(); i++) {
            direct.publish(batches.get(i));
            if (i % 50 == 49) {
                sessionizer.flush();
            }
        }
        sessionizer.close();
        return reference;
    }

    private static List<View> allViews(PlaytraceStore store) {
        return store.views().select(new SqlStatement("SELECT * FROM " + ViewTable.NAME, List.of())).stream()
                .map(ViewTable::toView).toList();
    }

    private static long eventCount(PlaytraceStore store) {
        return store.views().select(new SqlStatement("SELECT count(*) AS n FROM events", List.of())).getFirst()
                .longOrZero("n");
    }

    private static long distinctEventCount(PlaytraceStore store) {
        return store.views().select(new SqlStatement("SELECT count(*) AS n FROM (SELECT DISTINCT project_id, view_id,"
                + " sequence_number FROM events)", List.of())).getFirst().longOrZero("n");
    }

    private static Map<Integer, Long> endOffsets(KafkaBusAddress address) throws Exception {
        try (Admin admin = admin(address)) {
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

    private static Admin admin(KafkaBusAddress address) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address.bootstrapServers()));
    }
}
