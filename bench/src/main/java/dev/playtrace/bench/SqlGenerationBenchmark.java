package dev.playtrace.bench;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.store.spi.PartitionPosition;
import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.query.sql.DuckDbDialect;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SQL generation: the query engine turns a query into SQL for DuckDB; the store stub stops it at the first statement
 * (a preallocated exception), so only the engine's work before the database is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SqlGenerationBenchmark {
    private static final long DAY_MS = 86_400_000L;

    private QueryEngine engine;
    private Query overall;
    private Query breakdown;
    private Query timeseries;
    private StatementCapture store;

    @Setup
    public void setUp() {
        long nowMs = 1_767_225_600_000L;
        store = new StatementCapture();
        engine = new QueryEngine(store, Clock.fixed(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC));
        TimeRange week = new TimeRange(nowMs - 7 * DAY_MS, nowMs);
        overall = Query.of(SimulatedTraffic.PROJECT_ID, "rebuffer_percentage", week);
        breakdown = Query.of(SimulatedTraffic.PROJECT_ID, "views", week).withGroupBy(Dimension.COUNTRY)
                .withPage(Page.number(100, 1));
        timeseries = Query.of(SimulatedTraffic.PROJECT_ID, "views", week).withGranularity(Granularity.HOUR);
        for (Query query : List.of(overall, breakdown, timeseries)) {
            store.last = null;
            if (generate(query) == null) {
                throw new IllegalStateException("no SQL generated for " + query);
            }
        }
    }

    @Benchmark
    public SqlStatement overall() {
        return generate(overall);
    }

    @Benchmark
    public SqlStatement breakdown() {
        return generate(breakdown);
    }

    @Benchmark
    public SqlStatement timeseries() {
        return generate(timeseries);
    }

    private SqlStatement generate(Query query) {
        try {
            engine.run(query);
        } catch (Generated stop) {
            return store.last;
        }
        return store.last;
    }

    /** Thrown by the stub store at the first statement; preallocated and stackless, so it costs next to nothing. */
    private static final class Generated extends RuntimeException {
        static final Generated INSTANCE = new Generated();

        private Generated() {
            super(null, null, false, false);
        }
    }

    /** A store that keeps the statement it is asked to run and stops the engine there. */
    private static final class StatementCapture implements ViewStore {
        SqlStatement last;

        @Override
        public SqlDialect dialect() {
            return DuckDbDialect.INSTANCE;
        }

        @Override
        public List<StoreRow> select(SqlStatement statement) {
            last = statement;
            throw Generated.INSTANCE;
        }

        @Override
        public void upsertViews(Collection<View> views) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void appendEvents(Collection<PlayerEvent> events) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(Collection<View> views, Collection<PlayerEvent> events, long busPosition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(Collection<View> views, Collection<PlayerEvent> events) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long storedBusPosition() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(Collection<View> views, Collection<PlayerEvent> events,
                PartitionPosition position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long storedBusPosition(int busPartition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long highestPartitionPositionVersion() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PlayerEvent> loadEvents(String projectId, String viewId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PlayerEvent> loadEvents(Collection<dev.playtrace.model.ViewKey> views) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Set<dev.playtrace.model.ViewKey> storedViews(Collection<dev.playtrace.model.ViewKey> views,
                long startFromMs, long startToMs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
