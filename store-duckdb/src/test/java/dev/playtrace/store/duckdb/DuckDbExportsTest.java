package dev.playtrace.store.duckdb;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.Filter;
import dev.playtrace.query.sql.ExportSqlGenerator;
import dev.playtrace.query.sql.ViewSelection;
import dev.playtrace.store.conformance.ViewBuilder;
import dev.playtrace.store.spi.ExportFormat;
import dev.playtrace.store.spi.ExportTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Exports through DuckDB's COPY writers, read back with DuckDB's own readers on a separate in-memory database. */
class DuckDbExportsTest {
    private static final long T0 = 1_764_547_200_000L; // 2025-12-01T00:00:00Z
    private static final long DAY_MS = 86_400_000L;
    private static final TimeRange DAY = new TimeRange(T0, T0 + DAY_MS);

    @TempDir
    Path directory;

    private DuckDbStore store;
    private long dayWatchTimeMs;
    private long p2WatchTimeMs;
    private ExportSqlGenerator generator;
    private Connection reader;

    @BeforeEach
    void fillStore() throws SQLException {
        store = DuckDbStore.inMemory();
        generator = new ExportSqlGenerator(store.dialect());
        View first = ViewBuilder.view("v1", T0 + 1_000).started(800).playing(60_000).rebuffering(2, 1_500)
                .country("US").dimension(Dimension.VIDEO_TITLE, "It's a title").build();
        View second = ViewBuilder.view("v2", T0 + 2_000).startupFailure("E42", false, 300)
                .fatalErrorMessage("no \"media\", sorry").country("DE").build();
        View nextDay = ViewBuilder.view("v3", T0 + DAY_MS + 5).started(100).playing(1_000).country("US").build();
        View otherProject = ViewBuilder.view("v1", T0 + 3_000).project("p2").started(100).playing(99_000).build();
        View noPlayRequest = ViewBuilder.withoutPlayRequest("v4", T0 + 4_000).build();
        dayWatchTimeMs = first.watchTimeMs() + second.watchTimeMs();
        p2WatchTimeMs = otherProject.watchTimeMs();
        store.write(List.of(first, second, nextDay, otherProject, noPlayRequest), List.of(
                event("p1", "v1", 1, EventName.VIEWSTART, T0 + 1_000, Map.of("video_title", "It's a title")),
                event("p1", "v1", 2, EventName.PLAY, T0 + 1_000, Map.of()),
                event("p1", "v1", 3, EventName.PLAYING, T0 + 1_800, Map.of("nested", Map.of("a", List.of(1, 2)))),
                event("p1", "v2", 1, EventName.PLAY, T0 + 2_000, Map.of()),
                event("p1", "v3", 1, EventName.PLAY, T0 + DAY_MS + 5, Map.of()),
                event("p2", "v1", 1, EventName.PLAY, T0 + 3_000, Map.of("secret", "of p2"))));
        reader = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws SQLException {
        reader.close();
        store.close();
    }

    private static PlayerEvent event(String project, String view, long sequence, EventName name, long atMs,
                                     Map<String, Object> fields) {
        return new PlayerEvent(project, view, sequence, name, atMs, atMs - 7, sequence == 1 ? null : 10L * sequence,
                atMs + 50, fields);
    }

    @Test
    void parquetHoldsTheDaysViewsOfOneProjectWithTypedColumns() throws SQLException {
        Path file = directory.resolve("views.parquet");
        List<Long> rows = store.exports().write(List.of(new ExportTarget(
                generator.views(new ViewSelection("p1", DAY, List.of())), ExportFormat.PARQUET, file)));

        assertThat(rows).containsExactly(2L);
        assertThat(query("SELECT count(*), sum(watch_time), sum(buffering_count), string_agg(id, ',' ORDER BY id),"
                + " count(DISTINCT property_id) FROM read_parquet(?)", file))
                .containsExactly(List.of(2L, dayWatchTimeMs, 2L, "v1,v2", 1L));
        assertThat(query("SELECT typeof(view_start), typeof(watch_time), typeof(watched), typeof(rebuffer_percentage)"
                + " FROM read_parquet(?) LIMIT 1", file))
                .containsExactly(List.of("TIMESTAMP WITH TIME ZONE", "BIGINT", "BOOLEAN", "DOUBLE"));
        assertThat(query("SELECT epoch_ms(play_requested_at), outcome, video_startup_failure, player_error_code,"
                + " video_title FROM read_parquet(?) ORDER BY id", file)).containsExactly(
                Arrays.asList(T0 + 1_000, "started", false, null, "It's a title"),
                Arrays.asList(T0 + 2_000, "video_startup_failure", true, "E42", null));
        assertThat(columnNames("read_parquet(?)", file)).startsWith("id", "view_id", "property_id")
                .containsAll(generator.viewColumns().stream().map(c -> c.name()).toList())
                .hasSize(generator.viewColumns().size());
    }

    @Test
    void csvAndNdjsonSpellTimestampsInIsoAndKeepNullsAndQuotes() throws SQLException, java.io.IOException {
        Path csv = directory.resolve("views.csv");
        Path ndjson = directory.resolve("views.ndjson");
        ViewSelection selection = new ViewSelection("p1", DAY, List.of());
        List<Long> rows = store.exports().write(List.of(
                new ExportTarget(generator.views(selection), ExportFormat.CSV, csv),
                new ExportTarget(generator.views(selection), ExportFormat.NDJSON, ndjson)));

        assertThat(rows).containsExactly(2L, 2L);
        List<String> csvLines = Files.readAllLines(csv);
        assertThat(csvLines).hasSize(3);
        assertThat(csvLines.getFirst()).startsWith("id,view_id,property_id,environment_id,viewer_id,version,view_start,");
        assertThat(csvLines.get(2)).contains("2025-12-01T00:00:02.000Z").contains("\"no \"\"media\"\", sorry\"");
        List<String> jsonLines = Files.readAllLines(ndjson);
        assertThat(jsonLines).hasSize(2);
        assertThat(jsonLines.getFirst()).startsWith("{\"id\":\"v1\",\"view_id\":\"v1\",\"property_id\":\"p1\"")
                .contains("\"play_requested_at\":\"2025-12-01T00:00:01.000Z\"").contains("\"first_frame_at\":\"2025-12-01T00:00:01.800Z\"")
                .contains("\"player_error_code\":null").contains("\"watched\":true");
    }

    @Test
    void eventsAreThoseOfTheSelectedViewsWithDetailsAsJson() throws SQLException {
        Path parquet = directory.resolve("events.parquet");
        Path ndjson = directory.resolve("events.ndjson");
        ViewSelection usOnly = new ViewSelection("p1", DAY, List.of(Filter.equalTo(Dimension.COUNTRY, "US")));
        List<Long> rows = store.exports().write(List.of(
                new ExportTarget(generator.events(usOnly), ExportFormat.PARQUET, parquet),
                new ExportTarget(generator.events(usOnly), ExportFormat.NDJSON, ndjson)));

        assertThat(rows).containsExactly(3L, 3L);
        assertThat(query("SELECT view_id, name, sequence_number, event_time, playback_time,"
                + " json_extract_string(details, '$.nested.a[1]') FROM read_parquet(?) ORDER BY view_id, sequence_number", parquet)).containsExactly(
                Arrays.asList("v1", "viewstart", 1L, T0 + 1_000, null, null),
                Arrays.asList("v1", "play", 2L, T0 + 1_000, 20L, null),
                Arrays.asList("v1", "playing", 3L, T0 + 1_800, 30L, "2"));
        assertThat(query("SELECT count(*), sum(sequence_number) FROM read_json(?, format = 'newline_delimited')", ndjson))
                .containsExactly(List.of(3L, 6L));
    }

    @Test
    void filterValuesAreBoundNeverSpliced() {
        Path file = directory.resolve("views.csv");
        String hostile = "US') OR 1=1 OR ('x'='x";
        List<Long> rows = store.exports().write(List.of(new ExportTarget(generator.views(new ViewSelection("p1", DAY,
                List.of(Filter.equalTo(Dimension.COUNTRY, hostile)))), ExportFormat.CSV, file)));

        assertThat(rows).containsExactly(0L);
        assertThat(generator.views(new ViewSelection("p1", DAY, List.of(Filter.equalTo(Dimension.COUNTRY, hostile))))
                .select().sql()).doesNotContain(hostile).doesNotContain("p1");
    }

    @Test
    void anExistingFileIsReplaced() throws SQLException, java.io.IOException {
        Path file = directory.resolve("views.parquet");
        Files.writeString(file, "not parquet");
        store.exports().write(List.of(new ExportTarget(
                generator.views(new ViewSelection("p2", DAY, List.of())), ExportFormat.PARQUET, file)));

        assertThat(query("SELECT count(*), sum(watch_time) FROM read_parquet(?)", file)).containsExactly(List.of(1L, p2WatchTimeMs));
    }

    private List<List<Object>> query(String sql, Path file) throws SQLException {
        try (PreparedStatement statement = reader.prepareStatement(sql)) {
            statement.setString(1, file.toString());
            try (ResultSet result = statement.executeQuery()) {
                List<List<Object>> rows = new ArrayList<>();
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        Object value = result.getObject(i);
                        row.add(value instanceof Integer number ? Long.valueOf(number) : value instanceof java.math.BigInteger big
                                ? Long.valueOf(big.longValueExact()) : value instanceof java.math.BigDecimal decimal
                                ? Long.valueOf(decimal.longValueExact()) : value);
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private List<String> columnNames(String source, Path file) throws SQLException {
        try (PreparedStatement statement = reader.prepareStatement("SELECT * FROM " + source + " LIMIT 0")) {
            statement.setString(1, file.toString());
            try (ResultSet result = statement.executeQuery()) {
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    names.add(result.getMetaData().getColumnName(i));
                }
                return names;
            }
        }
    }
}
