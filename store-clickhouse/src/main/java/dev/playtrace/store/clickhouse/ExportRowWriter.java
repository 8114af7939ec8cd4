package dev.playtrace.store.clickhouse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.playtrace.store.spi.ExportColumn;
import dev.playtrace.store.spi.ExportFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes exported rows, given as ClickHouse's text fields, in CSV or NDJSON with the columns' types: epoch
 * milliseconds as ISO-8601 UTC text ({@code 2026-12-01T10:00:00.123Z}), UInt8 flags as booleans, JSON columns
 * embedded in NDJSON and as text in CSV, nulls as empty CSV fields or JSON null (what DuckDB's writers produce).
 */
abstract sealed class ExportRowWriter {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    final List<ExportColumn> columns;

    private ExportRowWriter(List<ExportColumn> columns) {
        this.columns = columns;
    }

    static ExportRowWriter of(ExportFormat format, List<ExportColumn> columns, OutputStream out) throws IOException {
        return switch (format) {
            case CSV -> new Csv(columns, out);
            case NDJSON -> new NdJson(columns, out);
            case PARQUET -> throw new IllegalArgumentException("ClickHouse writes Parquet itself");
        };
    }

    abstract void begin() throws IOException;

    abstract void row(List<String> fields) throws IOException;

    abstract void end() throws IOException;

    static String timestamp(String epochMs) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(Long.parseLong(epochMs)));
    }

    static boolean flag(String field) {
        return !field.equals("0");
    }

    /** RFC 4180: a header row; fields with a comma, quote or line break in quotes, quotes doubled. */
    static final class Csv extends ExportRowWriter {
        private final Writer out;

        Csv(List<ExportColumn> columns, OutputStream out) {
            super(columns);
            this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        }

        @Override
        void begin() throws IOException {
            out.write(String.join(",", columns.stream().map(ExportColumn::name).toList()));
            out.write('\n');
        }

        @Override
        void row(List<String> fields) throws IOException {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                String field = fields.get(i);
                if (field != null) {
                    out.write(switch (columns.get(i).type()) {
                        case TIMESTAMP_MS -> timestamp(field);
                        case BOOLEAN -> Boolean.toString(flag(field));
                        case DOUBLE -> Double.toString(Double.parseDouble(field));
                        case TEXT, JSON -> quoted(field);
                        case BIGINT, INTEGER -> field;
                    });
                }
            }
            out.write('\n');
        }

        @Override
        void end() throws IOException {
            out.flush();
        }

        private static String quoted(String text) {
            if (text.isEmpty() || text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
                return "\"" + text.replace("\"", "\"\"") + "\"";
            }
            return text;
        }
    }

    /** One JSON object per line, keys in column order. */
    static final class NdJson extends ExportRowWriter {
        private final JsonGenerator json;
        private boolean wroteRows;

        NdJson(List<ExportColumn> columns, OutputStream out) throws IOException {
            super(columns);
            this.json = new JsonFactory().createGenerator(out);
            json.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
        }

        @Override
        void begin() {
        }

        @Override
        void row(List<String> fields) throws IOException {
            json.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                ExportColumn column = columns.get(i);
                String field = fields.get(i);
                json.writeFieldName(column.name());
                if (field == null) {
                    json.writeNull();
                    continue;
                }
                switch (column.type()) {
                    case TEXT -> json.writeString(field);
                    case BIGINT, INTEGER -> json.writeNumber(Long.parseLong(field));
                    case DOUBLE -> json.writeNumber(Double.parseDouble(field));
                    case BOOLEAN -> json.writeBoolean(flag(field));
                    case TIMESTAMP_MS -> json.writeString(timestamp(field));
                    case JSON -> json.writeRawValue(field);
                }
            }
            json.writeEndObject();
            wroteRows = true;
        }

        @Override
        void end() throws IOException {
            if (wroteRows) {
                json.writeRaw('\n');
            }
            json.flush();
        }
    }
}
