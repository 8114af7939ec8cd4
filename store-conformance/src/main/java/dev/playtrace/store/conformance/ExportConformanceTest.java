package dev.playtrace.store.conformance;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.Filter;
import dev.playtrace.query.sql.ExportSqlGenerator;
import dev.playtrace.query.sql.ViewSelection;
import dev.playtrace.store.spi.ExportColumn;
import dev.playtrace.store.spi.ExportFormat;
import dev.playtrace.store.spi.ExportTarget;
import dev.playtrace.store.spi.PlaytraceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every store's {@link dev.playtrace.store.spi.ExportRepository} must write, checked on the files' text (CSV,
 * NDJSON) and Parquet's framing; reading Parquet back is each store module's own test (DuckDB: {@code read_parquet}).
 */
public abstract class ExportConformanceTest {
    private static final long T0 = 1_764_547_200_000L; // 2025-12-01T00:00:00Z
    private static final TimeRange DAY = new TimeRange(T0, T0 + 86_400_000L);

    @TempDir
    protected Path directory;

    protected PlaytraceStore store;
    private ExportSqlGenerator generator;
    private View first;

    /** A new, empty store. */
    protected abstract PlaytraceStore openStore();

    /** Whether the store under test supports the behaviour; override to name what it lacks. */
    protected boolean hasBehavior(StoreBehavior behavior) {
        return true;
    }

    @BeforeEach
    void fill() {
        store = openStore();
        generator = new ExportSqlGenerator(store.views().dialect());
        first = ViewBuilder.view("v1", T0 + 1_000).started(800).playing(60_000).country("US")
                .dimension(Dimension.VIDEO_TITLE, "A \"quoted\", title").build();
        View second = ViewBuilder.view("v2", T0 + 2_000).country("DE").build();
        View otherProject = ViewBuilder.view("v1", T0 + 3_000).project("p2").country("US").build();
        View nextDay = ViewBuilder.view("v3", DAY.toMs()).build();
        store.views().write(List.of(first, second, otherProject, nextDay), List.of(
                new PlayerEvent("p1", "v1", 1, EventName.PLAY, T0 + 1_000, T0 + 990, null, T0 + 1_050,
                        Map.of("video_title", "A \"quoted\", title")),
                new PlayerEvent("p1", "v2", 1, EventName.PLAY, T0 + 2_000, T0 + 1_990, 0L, T0 + 2_050, Map.of()),
                new PlayerEvent("p2", "v1", 1, EventName.PLAY, T0 + 3_000, T0 + 2_990, null, T0 + 3_050, Map.of())));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void csvHasAHeaderOfTheColumnNamesAndOneRowPerSelectedView() throws IOException {
        Path file = directory.resolve("views.csv");
        List<Long> rows = write(generator.views(new ViewSelection("p1", DAY, List.of())), ExportFormat.CSV, file);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(rows).containsExactly(2L);
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst()).isEqualTo(generator.viewColumns().stream().map(ExportColumn::name)
                .collect(Collectors.joining(",")));
        assertThat(lines.get(1)).startsWith("v1,v1,p1,p1,").contains(",2025-12-01T00:00:01.000Z,")
                .contains("\"A \"\"quoted\"\", title\"").contains("," + first.watchTimeMs() + ",");
        assertThat(lines.get(2)).startsWith("v2,v2,p1,p1,");
    }

    @Test
    void ndjsonHasOneObjectPerLineWithIsoTimesNullsAndEmbeddedJson() throws IOException {
        Path views = directory.resolve("views.ndjson");
        Path events = directory.resolve("events.ndjson");
        ViewSelection selection = new ViewSelection("p1", DAY, List.of(Filter.equalTo(Dimension.COUNTRY, "US")));
        List<Long> rows = store.exports().write(List.of(
                new ExportTarget(generator.views(selection), ExportFormat.NDJSON, views),
                new ExportTarget(generator.events(selection), ExportFormat.NDJSON, events)));

        assertThat(rows).containsExactly(1L, 1L);
        String view = Files.readString(views, StandardCharsets.UTF_8).strip();
        assertThat(view).startsWith("{\"id\":\"v1\",").endsWith("}").doesNotContain("\n")
                .contains("\"play_requested_at\":\"2025-12-01T00:00:01.000Z\"").contains("\"player_error_code\":null")
                .contains("\"watch_time\":" + first.watchTimeMs()).contains("\"video_title\":\"A \\\"quoted\\\", title\"");
        assertThat(Files.readString(events, StandardCharsets.UTF_8).strip()).startsWith("{\"view_id\":\"v1\",\"name\":\"play\",")
                .contains("\"playback_time\":null").contains("\"details\":{\"video_title\":\"A \\\"quoted\\\", title\"}");
    }

    @Test
    void parquetIsAParquetFileWithTheRowCount() throws IOException {
        assumeTrue(hasBehavior(StoreBehavior.SUPPORTS_PARQUET_EXPORT), "the store's server writes no Parquet");
        Path file = directory.resolve("views.parquet");
        List<Long> rows = write(generator.views(new ViewSelection("p2", DAY, List.of())), ExportFormat.PARQUET, file);

        byte[] bytes = Files.readAllBytes(file);
        byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
        assertThat(rows).containsExactly(1L);
        assertThat(Arrays.copyOfRange(bytes, 0, 4)).isEqualTo(magic);
        assertThat(Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length)).isEqualTo(magic);
    }

    @Test
    void filterValuesAreDataAndAnExistingFileIsReplaced() throws IOException {
        Path file = directory.resolve("views.csv");
        Files.writeString(file, "old content that must go\n".repeat(100));
        List<Long> rows = write(generator.views(new ViewSelection("p1", DAY,
                List.of(Filter.equalTo(Dimension.COUNTRY, "US' OR '1'='1")))), ExportFormat.CSV, file);

        assertThat(rows).containsExactly(0L);
        assertThat(Files.readAllLines(file)).hasSize(1).first().asString().startsWith("id,view_id,");
    }

    private List<Long> write(dev.playtrace.store.spi.ExportQuery query, ExportFormat format, Path file) {
        return store.exports().write(List.of(new ExportTarget(query, format, file)));
    }
}
