package dev.playtrace.store.duckdb;

import dev.playtrace.model.ApiToken;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.Query;
import dev.playtrace.query.ResultRow;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.store.conformance.ViewBuilder;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuckDbStoreTest {
    private static final long T0 = 1_704_067_200_000L;
    private static final TimeRange DAY = new TimeRange(T0, T0 + 86_400_000L);
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 86_400_000L), ZoneOffset.UTC);

    @TempDir
    Path dataDirectory;

    @Test
    void viewsProjectsAndTokensSurviveClosingAndReopeningTheFile() {
        Path file = dataDirectory.resolve("nested/playtrace.duckdb");
        View view = ViewBuilder.view("v1", T0 + 1000).started(800).playing(10_000).country("US").build();
        Project project = new Project("p1", "Demo", "ingest-key-1", T0);
        ApiToken token = new ApiToken("tok-1", "p1", "ab".repeat(32), ApiToken.TokenRole.ADMIN, T0);
        try (DuckDbStore store = DuckDbStore.open(file)) {
            store.upsertViews(List.of(view));
            store.saveProject(project);
            store.saveToken(token);
        }
        try (DuckDbStore store = DuckDbStore.open(file)) {
            QueryEngine engine = new QueryEngine(store, CLOCK);
            assertThat(engine.view("p1", "v1")).contains(view);
            assertThat(engine.run(Query.of("p1", "plays", DAY)).total().value()).isEqualTo(1.0);
            assertThat(store.findProject("p1")).contains(project);
            assertThat(store.findProjectByIngestKey("ingest-key-1")).contains(project);
            assertThat(store.findToken("tok-1")).contains(token);
            assertThat(store.listTokens("p1")).containsExactly(token);
            assertThat(store.listProjects()).containsExactly(project);
        }
    }

    @Test
    void theRollupAndItsHistogramsAreRebuiltFromViewsWrittenBehindTheStoresBack() throws Exception {
        Path file = dataDirectory.resolve("playtrace.duckdb");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            store.upsertViews(List.of(ViewBuilder.view("v1", T0 + 1_000).started(800).country("US").build(),
                    ViewBuilder.view("v2", T0 + 2_000).started(1_300).country("US").build()));
        }
        // as the bench's SQL copies do: views added directly, the rollup dropped, the histograms left as they were
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = connection.createStatement()) {
            List<String> columns = ViewTable.storedColumnNames();
            statement.execute("INSERT INTO views (" + String.join(", ", columns) + ") SELECT " + columns.stream()
                    .map(column -> switch (column) {
                        case "view_id" -> "'v3'";
                        case "startup_time_ms" -> "5000";
                        default -> column;
                    }).collect(Collectors.joining(", ")) + " FROM views WHERE view_id = 'v2'");
            statement.execute("DROP TABLE view_rollup_hourly");
        }
        try (DuckDbStore store = DuckDbStore.open(file)) {
            Query median = Query.of("p1", "video_startup_time", DAY);
            QueryEngine fromRollup = new QueryEngine(store, CLOCK, MetricCatalog.standard(),
                    QueryEngine.Rollups.WHEN_EXACT);
            assertThat(fromRollup.answersFromRollup(median)).isTrue();
            assertThat(fromRollup.run(median).total().value()).isEqualTo(1_300.0);
            assertThat(fromRollup.run(median.withMeasurement(Measurement.SUM)).total().value())
                    .isEqualTo(7_100.0);
        }
    }

    @Test
    void aViewsEventsAreFoundInItsTimeSpanAndOutsideItWhenTheViewCountsMore() {
        long hourMs = 3_600_000L;
        // the view spans T0 + 1 s to T0 + 11.8 s; ten hours of other views' events surround it
        View near = ViewBuilder.view("near", T0 + 1000).started(800).playing(10_000).events(3).build();
        View far = ViewBuilder.view("far", T0 + 1000).started(800).playing(10_000).events(3).build();
        List<PlayerEvent> nearEvents = List.of(event("near", 1, T0 + 1000), event("near", 2, T0 + 1800),
                event("near", 3, T0 + 11_800));
        // its last event was stored with a beacon's offset hours larger than the view's (a beacon held back): the
        // bounded scan misses it, the view counts three, so the whole table is read
        List<PlayerEvent> farEvents = List.of(event("far", 1, T0 + 1000), event("far", 2, T0 + 1800),
                event("far", 3, T0 + 11_800 + 5 * hourMs));
        List<PlayerEvent> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(event("other-" + i, 1, T0 - 5 * hourMs + i * hourMs));
        }
        try (DuckDbStore store = DuckDbStore.open(dataDirectory.resolve("playtrace.duckdb"))) {
            store.write(List.of(), others);
            store.write(List.of(near, far), List.of(nearEvents.get(2), farEvents.get(2), nearEvents.get(0),
                    farEvents.get(0), nearEvents.get(1), farEvents.get(1), nearEvents.get(0)));

            assertThat(store.loadEvents("p1", "near")).containsExactlyElementsOf(nearEvents);
            assertThat(store.loadEvents("p1", "far")).containsExactlyElementsOf(farEvents);
            assertThat(store.loadEvents(near)).as("with the row already read").containsExactlyElementsOf(nearEvents);
            assertThat(store.loadEvents(far)).as("with the row already read").containsExactlyElementsOf(farEvents);
            assertThat(store.loadEvents("p1", "other-3")).containsExactly(others.get(3));
            assertThat(store.loadEvents("p2", "near")).isEmpty();
        }
    }

    @Test
    void aViewWhoseStartKeepsMovingStaysOneRowInItsNewHourBeforeAndAfterReopening() {
        Path file = dataDirectory.resolve("playtrace.duckdb");
        long hourMs = 3_600_000L;
        // each version starts earlier (a beacon with a smaller clock offset, metrics.md §1), the second one an hour
        // earlier; a stale version with yet another start arrives last and must change nothing
        View first = moving(1, T0 + hourMs + 500);
        View anHourEarlier = moving(2, T0 + hourMs - 500);
        View earlierStill = moving(3, T0 + hourMs - 1_000);
        View stale = moving(2, T0 + 2 * hourMs);
        try (DuckDbStore store = DuckDbStore.open(file)) {
            for (View version : List.of(first, anHourEarlier, earlierStill)) {
                store.write(List.of(version), List.of());
                assertOneViewAt(store, version);
            }
            store.write(List.of(stale), List.of());
            assertOneViewAt(store, earlierStill);
        }
        // a new process knows no stored start: the first move is matched by key only, the next one by its start
        try (DuckDbStore store = DuckDbStore.open(file)) {
            for (View version : List.of(moving(4, T0 + 2_000), moving(5, T0 + 1_000))) {
                store.write(List.of(version), List.of());
                assertOneViewAt(store, version);
            }
        }
    }

    private static View moving(long version, long startMs) {
        return ViewBuilder.view("moving", startMs).version(version).viewer("viewer-1").started(700)
                .playing(10_000 + version).country("US").build();
    }

    private void assertOneViewAt(DuckDbStore store, View expected) {
        QueryEngine fromRollup = new QueryEngine(store, CLOCK, MetricCatalog.standard(), QueryEngine.Rollups.WHEN_EXACT);
        QueryEngine fromViews = new QueryEngine(store, CLOCK, MetricCatalog.standard(), QueryEngine.Rollups.NEVER);
        assertThat(fromViews.view("p1", "moving")).contains(expected);
        Query hourly = Query.of("p1", "views", DAY).withGranularity(Granularity.HOUR);
        assertThat(fromRollup.answersFromRollup(hourly)).isTrue();
        assertThat(fromRollup.run(hourly).rows()).isEqualTo(fromViews.run(hourly).rows());
        long expectedHourMs = expected.viewStartMs() - Math.floorMod(expected.viewStartMs() - T0, 3_600_000L);
        assertThat(fromViews.run(hourly).rows()).filteredOn(row -> row.views() > 0)
                .extracting(ResultRow::bucketStartMs).containsExactly(expectedHourMs);
        assertThat(fromRollup.run(Query.of("p1", "views", DAY)).total().value()).isEqualTo(1.0);
    }

    @Test
    void viewsWrittenWithoutRollupMaintenanceAreRolledUpWhenTheStoreNextKeepsTheRollup() {
        Path file = dataDirectory.resolve("playtrace.duckdb");
        List<View> views = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            views.add(ViewBuilder.view("v" + i, T0 + i * 1_000_000L).viewer("viewer-" + i % 7).started(500 + i)
                    .playing(10_000).country(i % 2 == 0 ? "US" : "DE").build());
        }
        try (DuckDbStore store = DuckDbStore.open(file, false)) {
            store.upsertViews(views);
            assertThat(store.maintainsViewRollup()).isFalse();
        }
        try (DuckDbStore store = DuckDbStore.open(file)) {
            QueryEngine fromRollup = new QueryEngine(store, CLOCK, MetricCatalog.standard(),
                    QueryEngine.Rollups.WHEN_EXACT);
            QueryEngine fromViews = new QueryEngine(store, CLOCK, MetricCatalog.standard(), QueryEngine.Rollups.NEVER);
            for (Query query : List.of(Query.of("p1", "unique_viewers", DAY), Query.of("p1", "views", DAY),
                    Query.of("p1", "unique_viewers", DAY).withGranularity(Granularity.HOUR),
                    Query.of("p1", "video_startup_time", DAY).withMeasurement(Measurement.P95))) {
                assertThat(fromRollup.answersFromRollup(query)).isTrue();
                assertThat(fromRollup.run(query).rows()).isEqualTo(fromViews.run(query).rows());
            }
            assertThat(fromRollup.run(Query.of("p1", "unique_viewers", DAY)).total().value()).isEqualTo(7.0);
        }
    }

    @Test
    void aViewerSequenceOfAnOlderBuildIsRebuiltWithNumbersAndKeptExactAfterwards() throws Exception {
        Path file = storeWithViewsOfViewers(30, 1_000_000L, 6);
        // the layout before 2026-12-07: the ids as text, and rows that no longer match the views
        changeBehindTheStore(file, "DROP TABLE viewer_sequence",
                "CREATE TABLE viewer_sequence (project_id VARCHAR NOT NULL, viewer_id VARCHAR NOT NULL,"
                        + " viewer_number BIGINT NOT NULL, view_id VARCHAR NOT NULL, play_requested_at_ms BIGINT NOT NULL,"
                        + " previous_play_requested_at_ms BIGINT)",
                "INSERT INTO viewer_sequence VALUES ('p1', 'viewer-x', 1, 'v0', " + T0 + ", NULL)");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            QueryEngine fromRollup = new QueryEngine(store, CLOCK, MetricCatalog.standard(),
                    QueryEngine.Rollups.WHEN_EXACT);
            QueryEngine fromViews = new QueryEngine(store, CLOCK, MetricCatalog.standard(), QueryEngine.Rollups.NEVER);
            Query viewers = Query.of("p1", "unique_viewers", DAY);
            assertThat(fromRollup.answersFromRollup(viewers)).isTrue();
            assertThat(fromRollup.run(viewers).total().value()).isEqualTo(6.0);
            // a new viewer, a returning one, and a view handed to another viewer
            store.upsertViews(List.of(
                    ViewBuilder.view("new", T0 + 50_000_000L).viewer("viewer-new").started(700).build(),
                    ViewBuilder.view("back", T0 + 51_000_000L).viewer("viewer-2").started(700).build(),
                    ViewBuilder.view("v5", T0 + 5_000_000L).version(2).viewer("viewer-other").started(505)
                            .playing(10_000).build()));
            for (Query query : List.of(viewers, viewers.withGranularity(Granularity.HOUR),
                    viewers.withRange(new TimeRange(T0 + 10_000_000L, T0 + 60_000_000L)))) {
                assertThat(fromRollup.run(query).rows()).isEqualTo(fromViews.run(query).rows());
            }
            assertThat(fromRollup.run(viewers).total().value()).isEqualTo(8.0);
        }
    }

    @Test
    void aViewerSequenceWithoutHourlyCountsGetsThemFromItsRowsAndKeepsThemExact() throws Exception {
        Path file = storeWithViewsOfViewers(40, 1_700_000L, 7);
        // a store of the build before the hourly counts
        changeBehindTheStore(file, "DROP TABLE viewer_sequence_hourly");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            assertThat(hourlyCountsOf(store)).isEqualTo(40L);
            QueryEngine fromRollup = new QueryEngine(store, CLOCK, MetricCatalog.standard(),
                    QueryEngine.Rollups.WHEN_EXACT);
            QueryEngine fromViews = new QueryEngine(store, CLOCK, MetricCatalog.standard(), QueryEngine.Rollups.NEVER);
            Query viewers = Query.of("p1", "unique_viewers", DAY);
            store.upsertViews(List.of(
                    ViewBuilder.view("new", T0 + 50_000_000L).viewer("viewer-new").started(700).build(),
                    ViewBuilder.view("v3", T0 + 20_000_000L).version(2).viewer("viewer-3").started(503)
                            .playing(10_000).build()));
            for (Query query : List.of(viewers, viewers.withGranularity(Granularity.HOUR),
                    viewers.withRange(new TimeRange(T0 + 10_000_123L, T0 + 60_000_000L)),
                    viewers.withRange(new TimeRange(T0 + 10_000_123L, T0 + 60_000_000L))
                            .withGranularity(Granularity.HOUR))) {
                assertThat(fromRollup.run(query).rows()).as("%s", query).isEqualTo(fromViews.run(query).rows());
            }
            assertThat(hourlyCountsOf(store)).isEqualTo(41L);
        }
    }

    /** A closed store in the data directory holding {@code count} views, {@code spacingMs} apart, of that many viewers. */
    private Path storeWithViewsOfViewers(int count, long spacingMs, int viewers) {
        Path file = dataDirectory.resolve("playtrace.duckdb");
        List<View> views = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            views.add(ViewBuilder.view("v" + i, T0 + i * spacingMs).viewer("viewer-" + i % viewers).started(500 + i)
                    .playing(10_000).build());
        }
        try (DuckDbStore store = DuckDbStore.open(file)) {
            store.upsertViews(views);
        }
        return file;
    }

    /** Runs statements on the closed store's file directly, as an older build or an operator would. */
    private static void changeBehindTheStore(Path file, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long hourlyCountsOf(DuckDbStore store) {
        return store.select(new SqlStatement("SELECT sum(views)::BIGINT AS counted FROM viewer_sequence_hourly",
                List.of())).getFirst().longOrZero("counted");
    }

    @Test
    void eventFieldsComeBackAsWrittenAndReadableBySql() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("video_title", "Trailer: The \"Last\" Light\n\t\\ 日本 é \u0001");
        fields.put("video_duration", 2_503_000L);
        fields.put("ratio", 0.25);
        fields.put("is_live", false);
        fields.put("emoji", "😀");
        PlayerEvent withFields = new PlayerEvent("p1", "fields-view", 1, EventName.VIEWSTART, T0, T0 - 200, null,
                T0 + 50, fields);
        try (DuckDbStore store = DuckDbStore.open(dataDirectory.resolve("playtrace.duckdb"))) {
            store.write(List.of(), List.of(withFields));

            assertThat(store.loadEvents("p1", "fields-view")).containsExactly(withFields);
            // the query side reads the stored text with DuckDB's JSON functions
            StoreRow stored = store.select(new SqlStatement("SELECT json_extract_string(fields_json, '$.video_title')"
                    + " AS title, json_extract_string(fields_json, '$.emoji') AS emoji FROM events WHERE view_id = ?",
                    List.of("fields-view"))).getFirst();
            assertThat(stored.text("title")).isEqualTo(fields.get("video_title"));
            assertThat(stored.text("emoji")).isEqualTo("😀");
        }
    }

    private static PlayerEvent event(String viewId, long sequenceNumber, long eventTimeMs) {
        return new PlayerEvent("p1", viewId, sequenceNumber, sequenceNumber == 1 ? EventName.VIEWSTART
                : EventName.HEARTBEAT, eventTimeMs, eventTimeMs - 200, null, eventTimeMs + 50, Map.of());
    }

    @Test
    void savingAProjectAgainUpdatesIt() {
        try (DuckDbStore store = DuckDbStore.inMemory()) {
            store.saveProject(new Project("p1", "Demo", "key-1", T0));
            store.saveProject(new Project("p1", "Renamed", "key-2", T0));
            store.saveProject(new Project("p2", "Other", "key-3", T0));
            assertThat(store.findProject("p1")).contains(new Project("p1", "Renamed", "key-2", T0));
            assertThat(store.findProjectByIngestKey("key-1")).isEmpty();
            assertThat(store.listProjects()).extracting(Project::id).containsExactly("p1", "p2");
            assertThat(store.findProject("p404")).isEmpty();
            assertThat(store.findToken("t404")).isEmpty();
        }
    }

    @Test
    void anIngestKeyBelongsToOneProjectOnly() {
        try (DuckDbStore store = DuckDbStore.inMemory()) {
            store.saveProject(new Project("p1", "Demo", "key-1", T0));
            assertThatThrownBy(() -> store.saveProject(new Project("p2", "Copy", "key-1", T0)))
                    .isInstanceOfSatisfying(PlaytraceException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            assertThat(store.findProject("p2")).isEmpty();
        }
    }

    @Test
    void readsRunWhileAnotherThreadWrites() throws Exception {
        try (DuckDbStore store = DuckDbStore.inMemory(); ExecutorService pool = Executors.newFixedThreadPool(4)) {
            QueryEngine engine = new QueryEngine(store, CLOCK);
            Future<?> writer = pool.submit(() -> {
                for (int batch = 0; batch < 20; batch++) {
                    List<View> views = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        views.add(ViewBuilder.view("v" + (batch * 500 + i), T0 + i).started(1000).playing(5000).build());
                    }
                    store.upsertViews(views);
                }
            });
            List<Future<Double>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(pool.submit(() -> {
                    double last = 0;
                    while (!writer.isDone()) {
                        double plays = engine.run(Query.of("p1", "plays", DAY)).total().value();
                        assertThat(plays).isGreaterThanOrEqualTo(last);
                        assertThat(plays % 500).isZero();
                        last = plays;
                    }
                    return last;
                }));
            }
            writer.get();
            for (Future<Double> reader : readers) {
                reader.get();
            }
            assertThat(engine.run(Query.of("p1", "plays", DAY)).total().value()).isEqualTo(10_000.0);
        }
    }

    @Test
    void aClosedStoreRefusesWork() {
        DuckDbStore store = DuckDbStore.inMemory();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.listProjects())
                .isInstanceOfSatisfying(PlaytraceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE));
    }
}
