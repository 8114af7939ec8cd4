package dev.playtrace.server.pipeline;

import dev.playtrace.bus.kafka.KafkaBusAddress;
import dev.playtrace.bus.kafka.KafkaEventBus;
import dev.playtrace.bus.kafka.KafkaSessionizerWorker;
import dev.playtrace.bus.kafka.KafkaTopics;
import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.ingest.session.SessionizerSettings;
import dev.playtrace.model.View;
import dev.playtrace.server.ServerRole;
import dev.playtrace.store.spi.ViewStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * This node's roles on a Kafka bus: a collector publishes to the topic ({@link KafkaEventBus}); a sessionizer runs a
 * worker of the consumer group ({@link KafkaSessionizerWorker}); {@link ServerRole#ALL} does both.
 */
public final class KafkaIngest implements IngestPath {
    /** Partitions of a topic this node creates (an existing topic keeps its own): the most sessionizers that help. */
    public static final int DEFAULT_PARTITIONS = 8;

    private final EventBus bus;
    private final KafkaSessionizerWorker worker;

    private KafkaIngest(EventBus bus, KafkaSessionizerWorker worker) {
        this.bus = bus;
        this.worker = worker;
    }

    public static KafkaIngest open(ServerRole role, KafkaBusAddress address, ViewStore views,
            Supplier<? extends Collection<View>> storedOpenViews, Clock clock, SessionizerSettings settings,
            Duration flushPeriod) {
        KafkaTopics.ensure(address, DEFAULT_PARTITIONS, (short) 1);
        EventBus bus = role.collects() ? KafkaEventBus.connect(address, KafkaEventBus.Limits.DEFAULTS)
                : new NotACollector(role);
        KafkaSessionizerWorker worker = role.sessionizes()
                ? KafkaSessionizerWorker.start(address, views, storedOpenViews, clock, KafkaSessionizerWorker.Settings
                        .defaults().withFlushPeriod(flushPeriod)
                        .withSessionizer(settings))
                : null;
        return new KafkaIngest(bus, worker);
    }

    @Override
    public EventBus bus() {
        return bus;
    }

    @Override
    public int liveViewCount() {
        return worker == null ? 0 : worker.liveViewCount();
    }

    @Override
    public long unstoredEvents() {
        return 0;
    }

    @Override
    public Optional<String> failure() {
        return worker == null ? Optional.empty() : worker.failure();
    }

    /** Asks the worker to flush at its next turn; the store shows it within a poll timeout. */
    @Override
    public void flushNow() {
        if (worker != null) {
            worker.requestFlush();
        }
    }

    @Override
    public void close() {
        bus.close();
        if (worker != null) {
            worker.close();
        }
    }
}
