package dev.playtrace.store.clickhouse;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.store.spi.ExportColumn;
import dev.playtrace.store.spi.ExportFormat;
import dev.playtrace.store.spi.ExportRepository;
import dev.playtrace.store.spi.ExportTarget;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports over ClickHouse's HTTP interface. CSV and NDJSON: ClickHouse streams the rows as TabSeparated and
 * {@link ExportRowWriter} writes each line as it arrives (the rows pass through the JVM one at a time, never held).
 * Parquet: ClickHouse writes it itself ({@code FORMAT Parquet}, from 19.x; 18.16 refuses with "Unknown format
 * Parquet", which the caller gets as STORE_FAILURE), and a count of the same SELECT gives the rows. ClickHouse has no
 * read snapshots: the targets are written one after another, and a write in between may show in a later file.
 */
final class ClickHouseExports implements ExportRepository {
    private final ClickHouseHttp http;

    ClickHouseExports(ClickHouseHttp http) {
        this.http = http;
    }

    @Override
    public List<Long> write(List<ExportTarget> targets) {
        List<Long> rows = new ArrayList<>();
        for (ExportTarget target : targets) {
            rows.add(write(target));
        }
        return rows;
    }

    private long write(ExportTarget target) {
        String select = SqlLiterals.bind(target.query().select().sql(), target.query().select().parameters());
        List<ExportColumn> columns = target.query().columns();
        long[] rows = {0};
        try (OutputStream file = Files.newOutputStream(target.file())) {
            if (target.format() == ExportFormat.PARQUET) {
                http.stream(select, "Parquet", body -> body.transferTo(file));
                return http.select("SELECT count() AS n FROM (" + select + ")").getFirst().longOrZero("n");
            }
            ExportRowWriter writer = ExportRowWriter.of(target.format(), columns, file);
            writer.begin();
            http.stream(select, "TabSeparated", body -> {
                BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    writer.row(TabSeparated.splitRow(line));
                    rows[0]++;
                }
            });
            writer.end();
            return rows[0];
        } catch (IOException | UncheckedIOException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "cannot write the export file " + target.file(), e);
        }
    }
}
