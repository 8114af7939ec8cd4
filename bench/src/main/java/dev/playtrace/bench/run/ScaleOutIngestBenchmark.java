package dev.playtrace.bench.run;

import dev.playtrace.bus.kafka.KafkaBusAddress;
import dev.playtrace.bus.kafka.KafkaEventBus;
import dev.playtrace.bus.kafka.KafkaSessionizerWorker;
import dev.playtrace.bus.kafka.KafkaTopics;
import dev.playtrace.bus.local.LocalLogBus;
import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.ingest.session.EventSource;
import dev.playtrace.ingest.session.Sessionizer;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.store.spi.EventTable;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Ingest through Kafka into ClickHouse, against the embedded path in the same run: acknowledged events/s of concurrent
 * collector requests (Kafka {@code acks=all} against the embedded ingest log's fsync), stored events/s through one
 * and two sessionizer workers (against one sessionizer with no bus writing to the same ClickHouse), and how long a
 * partition's new owner takes to rebuild the moved live views and resume (against a worker joining an empty group).
 */
final class ScaleOutIngestBenchmark {
    static final int PARTITIONS = 4;
    private static final int CONCURRENT_REQUESTS = 64;
    private static final long FROM_MS = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(15);
    /** Ownership is in memory: polled often, for millisecond figures; the store's positions cost a ClickHouse query. */
    private static final Duration OWNERSHIP_POLL = Duration.ofMillis(5);
    private static final Duration STORE_POLL = Duration.ofMillis(100);
    /** Before the first simulated event: no view times out while measuring, so every view is live at the takeover. */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(FROM_MS - 60_000), ZoneOffset.UTC);

    private final Path workDir;
    private final int views;
    private final int copies;

    ScaleOutIngestBenchmark(Path workDir, int views, int copies) {
        this.workDir = workDir;
        this.views = views;
        this.copies = copies;
    }

    Section run(KafkaBusAddress bus, int clickHouseHttpPort) throws Exception {
        Progress.say("scale-out ingest: simulating %,d views x %d copies", views, copies);
        List<List<PlayerEvent>> batches = BusBatches.generate(7, FROM_MS, FROM_MS + Duration.ofHours(1).toMillis(),
                views, copies);
        long events = BusBatches.eventCount(batches);
        Section section = new Section(ScaleOutBenchmark.INGEST_TITLE, method(batches.size(), events));
        KafkaTopics.ensure(bus, PARTITIONS, (short) 1);

        double kafkaAcked = publish(KafkaEventBus.connect(bus, KafkaEventBus.Limits.DEFAULTS), batches, events);
        double logAcked = publishToLocalLog(batches, events);
        Progress.say("scale-out ingest: acknowledged %,.0f events/s by Kafka, %,.0f by the embedded log", kafkaAcked, logAcked);
        section.row(new Row("acknowledged, collector → Kafka (acks=all), events/s", Row.number(kafkaAcked),
                "embedded ingest log (fsync), events/s", Row.number(logAcked), Row.ratio(kafkaAcked, logAcked), "–", "–"));

        Map<Integer, Long> endOffsets = endOffsets(bus);
        String storeBase = "clickhouse://127.0.0.1:" + clickHouseHttpPort + "/bench_";
        Stored embedded = storeWithoutBus(storeBase + "embedded", batches, events);
        Progress.say("scale-out ingest: stored %,.0f events/s by one sessionizer without a bus", embedded.eventsPerSecond());
        try (PlaytraceStore one = PlaytraceStores.open(storeBase + "workers_1");
             PlaytraceStore two = PlaytraceStores.open(storeBase + "workers_2")) {
            WorkerRun oneWorker = consume(bus, one, 1, endOffsets, events);
            oneWorker.closeAll();
            WorkerRun twoWorkers = consume(bus, two, 2, endOffsets, events);
            Progress.say("scale-out ingest: stored %,.0f events/s by 1 worker, %,.0f by 2", oneWorker.eventsPerSecond(),
                    twoWorkers.eventsPerSecond());
            section.row(new Row(storedMeasure(1, oneWorker), Row.number(oneWorker.eventsPerSecond()),
                    "one sessionizer, no bus → ClickHouse, events/s", Row.number(embedded.eventsPerSecond()),
                    Row.ratio(oneWorker.eventsPerSecond(), embedded.eventsPerSecond()), "–", "–"));
            section.row(new Row(storedMeasure(2, twoWorkers), Row.number(twoWorkers.eventsPerSecond()),
                    "1 worker (above), events/s", Row.number(oneWorker.eventsPerSecond()),
                    Row.ratio(twoWorkers.eventsPerSecond(), oneWorker.eventsPerSecond()), "–", "–"));
            section.row(new Row("stored, 2 workers, from their start (with the rebalance), events/s",
                    Row.number(twoWorkers.wholeRunEventsPerSecond()), "1 worker from its start, events/s",
                    Row.number(oneWorker.wholeRunEventsPerSecond()),
                    Row.ratio(twoWorkers.wholeRunEventsPerSecond(), oneWorker.wholeRunEventsPerSecond()), "–", "–"));
            long storedByOne = count(one);
            long storedByTwo = count(two);
            section.row(new Row("events in ClickHouse, 1 worker / 2 workers", Row.number(storedByOne) + " / "
                    + Row.number(storedByTwo), "one sessionizer, no bus", Row.number(embedded.storedEvents()), "–",
                    "= no-bus run", Row.met(storedByOne == embedded.storedEvents() && storedByTwo == embedded.storedEvents())));
            takeovers(section, bus, two, twoWorkers, oneWorker.joinMs());
        }
        section.remark(String.format(Locale.ROOT, "Where the time goes: one worker runs its partitions' sessionizers,"
                + " their flushes (every 500 ms: views, events and the partition's position in one ClickHouse write)"
                + " and its offset commits on one thread; two workers split the %d partitions, but here they share 2"
                + " cores with the broker, ClickHouse and the benchmark itself. Acknowledgements wait for one produce"
                + " round trip per beacon (2 ms linger), the embedded log for a shared fsync.", PARTITIONS));
        return section;
    }

    private String method(int batchCount, long events) {
        return String.format(Locale.ROOT, "One Kafka 4.x broker (KRaft, its own JVM, `KafkaBroker`, topic of %d"
                        + " partitions) and one ClickHouse (`clickhouse-server` from the scratch config of the store's"
                        + " tests) on this machine, with the benchmark in a third JVM. Input: %,d simulated views x %d"
                        + " copies with fresh view ids = %,d beacons of %,d events (duplicates, late beacons, skewed"
                        + " clocks), each through the real ingest pipeline. Acknowledged: %d concurrent requests, each"
                        + " publishing one beacon and waiting for its acknowledgement (the collector's 2xx), into Kafka"
                        + " (`KafkaEventBus`: idempotent, acks=all) and, as the baseline, into the embedded ingest log"
                        + " (`LocalLogBus`, group-committed fsync; its consumer marks each record stored at once)."
                        + " Stored: the whole topic, already published, read by a fresh consumer group"
                        + " (`KafkaSessionizerWorker`) into a fresh ClickHouse database per run, until the store's"
                        + " position of every partition reached the topic's end; counted from the moment every worker"
                        + " owns partitions (the records stored after it, converted to events at the topic's average),"
                        + " and, in a third row, from the workers' start. Baseline: one `Sessionizer` fed the same"
                        + " beacons without a bus, flushing every 500 ms to its own ClickHouse database. Takeover: the two-worker group after it stored everything,"
                        + " every view still live (the workers' clock stands before the first event, so none times out).",
                PARTITIONS, views, copies, batchCount, events, CONCURRENT_REQUESTS);
    }

    /** Publishes every batch from concurrent requests, each waiting for its acknowledgement; events/s. Closes the bus. */
    private static double publish(EventBus bus, List<List<PlayerEvent>> batches, long events) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (bus; ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
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
            return events / seconds(startNs);
        }
    }

    private double publishToLocalLog(List<List<PlayerEvent>> batches, long events) throws Exception {
        AtomicReference<LocalLogBus> log = new AtomicReference<>();
        // the consumer stores nothing: this measures the acknowledgement alone, as Kafka's figure does
        LocalLogBus bus = LocalLogBus.open(Files.createTempDirectory(workDir, "ingest-log"), 0,
                (published, position) -> log.get().stored(position), LocalLogBus.Limits.DEFAULTS);
        log.set(bus);
        return publish(bus, batches, events);
    }

    private record Stored(double eventsPerSecond, long storedEvents) {
    }

    private static Stored storeWithoutBus(String storeUrl, List<List<PlayerEvent>> batches, long events) {
        try (PlaytraceStore store = PlaytraceStores.open(storeUrl)) {
            Sessionizer sessionizer = new Sessionizer((changed, newEvents, position) ->
                    store.views().write(changed, newEvents, position),
                    EventSource.of(store.views()::loadEvents, store.views()::storedViews), CLOCK);
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
            sessionizer.flush();
            double perSecond = events / seconds(startNs);
            return new Stored(perSecond, count(store));
        }
    }

    /**
     * Workers of one group, started together, once they stored every record. The rate counts from the moment every
     * worker owns partitions: the first to join takes them all, and the rebalance that hands the others their share
     * takes seconds (the handover row); {@code settledShare} is the part of the records stored after that moment.
     */
    private record WorkerRun(List<KafkaSessionizerWorker> workers, double eventsPerSecond, double joinMs,
            double settledShare, double wholeRunEventsPerSecond) {
        void closeAll() {
            closeTogether(workers);
        }
    }

    private static WorkerRun consume(KafkaBusAddress bus, PlaytraceStore store, int workerCount,
            Map<Integer, Long> endOffsets, long events) {
        QueryEngine queries = new QueryEngine(store.views(), CLOCK);
        KafkaSessionizerWorker.Settings settings = KafkaSessionizerWorker.Settings.defaults()
                .withGroupId("bench-" + workerCount + "-workers");
        long startNs = System.nanoTime();
        List<KafkaSessionizerWorker> workers = new ArrayList<>();
        for (int i = 0; i < workerCount; i++) {
            workers.add(KafkaSessionizerWorker.start(bus, store.views(), queries::openViews, CLOCK, settings));
        }
        await("the group owns every partition", OWNERSHIP_POLL, () -> owned(workers) == PARTITIONS);
        double joinMs = (System.nanoTime() - startNs) / 1e6;
        await("every worker owns partitions", OWNERSHIP_POLL, () -> owned(workers) == PARTITIONS
                && workers.stream().noneMatch(worker -> worker.ownedPartitions().isEmpty()));
        long settledNs = System.nanoTime();
        long records = endOffsets.values().stream().mapToLong(Long::longValue).sum();
        long storedBeforeSettled = endOffsets.keySet().stream().mapToLong(store.views()::storedBusPosition).sum();
        await("every record stored", STORE_POLL, () -> endOffsets.entrySet().stream()
                .allMatch(end -> store.views().storedBusPosition(end.getKey()) >= end.getValue()));
        double eventsPerRecord = (double) events / records;
        double settledShare = (double) (records - storedBeforeSettled) / records;
        return new WorkerRun(workers, (records - storedBeforeSettled) * eventsPerRecord / seconds(settledNs), joinMs,
                settledShare, events / seconds(startNs));
    }

    /**
     * A worker of the two crashes (no flush, no commit; its consumer leaves the group at once, where a killed process
     * is noticed after the 10 s session timeout); then a new worker joins and takes half the partitions from the
     * survivor (a clean handover: flushed and committed before they move).
     */
    private static void takeovers(Section section, KafkaBusAddress bus, PlaytraceStore store, WorkerRun twoWorkers,
            double coldJoinMs) {
        KafkaSessionizerWorker survivor = twoWorkers.workers().get(0);
        KafkaSessionizerWorker crashed = twoWorkers.workers().get(1);
        // the first worker to join owns every partition until the group's rebalance hands the second its share
        await("both workers own partitions", OWNERSHIP_POLL, () -> !survivor.ownedPartitions().isEmpty()
                && !crashed.ownedPartitions().isEmpty() && owned(twoWorkers.workers()) == PARTITIONS);
        int moved = crashed.ownedPartitions().size();
        QueryEngine queries = new QueryEngine(store.views(), CLOCK);
        long readStartNs = System.nanoTime();
        int openViews = queries.openViews().size();
        double readOpenViewsMs = (System.nanoTime() - readStartNs) / 1e6;
        long crashNs = System.nanoTime();
        crashed.crash();
        await("the survivor owns every partition", OWNERSHIP_POLL, () -> survivor.ownedPartitions().size() == PARTITIONS);
        double takeoverMs = (System.nanoTime() - crashNs) / 1e6;
        Progress.say("scale-out ingest: %d partitions taken over in %,.0f ms (a worker joining took %,.0f ms)", moved,
                takeoverMs, coldJoinMs);
        section.row(new Row(String.format(Locale.ROOT, "takeover: a worker crashed → the other owns its %d partitions,"
                        + " live views rebuilt, consuming", moved), Row.ms(takeoverMs),
                "a worker joining an empty group until it owns every partition", Row.ms(coldJoinMs),
                Row.ratio(takeoverMs, coldJoinMs), "–", "–"));

        KafkaSessionizerWorker.Settings settings = KafkaSessionizerWorker.Settings.defaults()
                .withGroupId("bench-2-workers");
        long joinNs = System.nanoTime();
        KafkaSessionizerWorker joining = KafkaSessionizerWorker.start(bus, store.views(), queries::openViews, CLOCK, settings);
        try {
            await("the joining worker owns its share", OWNERSHIP_POLL, () -> !joining.ownedPartitions().isEmpty()
                    && joining.ownedPartitions().size() + survivor.ownedPartitions().size() == PARTITIONS);
            double handoverMs = (System.nanoTime() - joinNs) / 1e6;
            section.row(new Row(String.format(Locale.ROOT, "handover: a worker joins → owns %d partitions (flushed and"
                            + " committed by the other), live views rebuilt", joining.ownedPartitions().size()),
                    Row.ms(handoverMs), "a worker joining an empty group until it owns every partition",
                    Row.ms(coldJoinMs), Row.ratio(handoverMs, coldJoinMs), "–", "–"));
        } finally {
            closeTogether(List.of(joining, survivor));
        }
        section.remark(String.format(Locale.ROOT, "A new owner rebuilds a partition's live views from the store's"
                + " open views (all %,d of them here, read with `FINAL` in %,.0f ms in the same run, then filtered by"
                + " partition) and seeks after the stored position. Most of a takeover is the group's protocol: a member"
                + " learns of a rebalance at its next heartbeat (every 3 s), and a cooperative handover to a joining"
                + " worker takes two rebalances (revoke, then assign). A killed process (`kill -9`) adds the group's"
                + " 10 s session timeout before any of it starts (`docs/scale-out.md`).", openViews, readOpenViewsMs));
    }

    private static String storedMeasure(int workers, WorkerRun run) {
        return String.format(Locale.ROOT, "stored, Kafka → %d sessionizer worker%s → ClickHouse, events/s (once every"
                + " worker owned partitions: %.0f %% of the records)", workers, workers == 1 ? "" : "s",
                100 * run.settledShare());
    }

    /**
     * Closes the workers at once: one after the other, the second would stop in the middle of the rebalance the first
     * one's leaving started, and its consumer waits up to 30 s for it.
     */
    private static void closeTogether(List<KafkaSessionizerWorker> workers) {
        long startNs = System.nanoTime();
        try (ExecutorService closing = Executors.newVirtualThreadPerTaskExecutor()) {
            workers.forEach(worker -> closing.submit(worker::close));
        }
        Progress.say("scale-out ingest: %d worker(s) closed in %,.0f ms", workers.size(), (System.nanoTime() - startNs) / 1e6);
    }

    private static int owned(List<KafkaSessionizerWorker> workers) {
        return workers.stream().mapToInt(worker -> worker.ownedPartitions().size()).sum();
    }

    private static long count(PlaytraceStore store) {
        return BenchDataset.count(store.views(), EventTable.NAME);
    }

    private static Map<Integer, Long> endOffsets(KafkaBusAddress bus) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bus.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                request.put(new TopicPartition(bus.topic(), partition), OffsetSpec.latest());
            }
            Map<Integer, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
            return ends;
        }
    }

    /** Polls the condition until it holds. */
    private static void await(String what, Duration poll, BooleanSupplier condition) {
        long deadline = System.nanoTime() + STORE_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("scale-out: not done within " + STORE_TIMEOUT + ": " + what);
            }
            LockSupport.parkNanos(poll.toNanos());
        }
    }

    private static double seconds(long startNs) {
        return (System.nanoTime() - startNs) / 1e9;
    }
}
