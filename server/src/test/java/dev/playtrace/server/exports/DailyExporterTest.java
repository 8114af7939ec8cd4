package dev.playtrace.server.exports;

import dev.playtrace.query.sql.DuckDbDialect;
import dev.playtrace.query.sql.ExportSqlGenerator;
import dev.playtrace.store.spi.ExportFormat;
import dev.playtrace.store.spi.ExportRepository;
import dev.playtrace.store.spi.ExportTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file protocol of a day: temporary names, rename into place, manifest last; a failure leaves no manifest. */
class DailyExporterTest {
    private static final LocalDate DAY = LocalDate.parse("2026-12-01");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T01:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    /** A hand-written store that writes "rows" as lines, and can fail after writing part of a target. */
    private static final class FakeExports implements ExportRepository {
        final List<List<Path>> calls = new ArrayList<>();
        String content = "a\nb\n";
        boolean failAfterFirstFile;

        @Override
        public List<Long> write(List<ExportTarget> targets) {
            List<Path> files = new ArrayList<>();
            List<Long> rows = new ArrayList<>();
            for (ExportTarget target : targets) {
                files.add(target.file());
                try {
                    Files.writeString(target.file(), content, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (failAfterFirstFile) {
                    throw new IllegalStateException("disk full");
                }
                rows.add(content.lines().count());
            }
            calls.add(files);
            return rows;
        }
    }

    @Test
    void filesAreWrittenUnderTemporaryNamesAndRenamedIntoPlaceWithTheManifestLast() throws IOException {
        FakeExports exports = new FakeExports();
        DailyExporter exporter = new DailyExporter(exports, new ExportSqlGenerator(DuckDbDialect.INSTANCE), CLOCK);

        DayManifest manifest = exporter.export("proj/../x", DAY, root, ExportFormat.CSV);

        Path day = DailyExporter.dayDirectory(root, "proj/../x", DAY);
        assertThat(day.getParent().getParent()).as("the project id cannot leave the root").isEqualTo(root);
        assertThat(exports.calls.getFirst()).allSatisfy(file -> {
            assertThat(file.getParent()).isEqualTo(day);
            assertThat(file.getFileName().toString()).startsWith(".").endsWith(".tmp");
        });
        assertThat(manifest.files()).extracting(DayManifest.FileEntry::file).containsExactly("views.csv", "events.csv");
        assertThat(manifest.files()).allSatisfy(entry -> {
            assertThat(entry.rows()).isEqualTo(2);
            assertThat(entry.bytes()).isEqualTo(4);
            // sha256sum of "a\nb\n"
            assertThat(entry.sha256Hex()).isEqualTo("911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2");
        });
        assertThat(listing(day)).containsExactly("events.csv", "manifest.json", "views.csv");
        assertThat(Files.readString(day.resolve("manifest.json"))).contains("\"rows\":2").contains("\"day\":\"2026-12-01\"");
    }

    @Test
    void aFailedFirstExportLeavesNoManifestAndNoTemporaryFile() throws IOException {
        FakeExports exports = new FakeExports();
        exports.failAfterFirstFile = true;
        DailyExporter exporter = new DailyExporter(exports, new ExportSqlGenerator(DuckDbDialect.INSTANCE), CLOCK);

        assertThatThrownBy(() -> exporter.export("p1", DAY, root, ExportFormat.PARQUET)).hasMessageContaining("disk full");

        assertThat(DailyExporter.isExported(root, "p1", DAY)).isFalse();
        assertThat(listing(DailyExporter.dayDirectory(root, "p1", DAY))).isEmpty();
    }

    @Test
    void aFailedReexportKeepsTheEarlierCompleteDayAndNoTemporaryFile() throws IOException {
        FakeExports exports = new FakeExports();
        DailyExporter exporter = new DailyExporter(exports, new ExportSqlGenerator(DuckDbDialect.INSTANCE), CLOCK);
        exporter.export("p1", DAY, root, ExportFormat.CSV);
        assertThat(DailyExporter.isExported(root, "p1", DAY)).isTrue();

        exports.failAfterFirstFile = true;
        assertThatThrownBy(() -> exporter.export("p1", DAY, root, ExportFormat.CSV)).hasMessageContaining("disk full");

        Path day = DailyExporter.dayDirectory(root, "p1", DAY);
        assertThat(listing(day)).as("the complete earlier files stay; nothing half-written is visible")
                .containsExactly("events.csv", "manifest.json", "views.csv");
        assertThat(Files.readString(day.resolve("views.csv"))).isEqualTo("a\nb\n");
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
