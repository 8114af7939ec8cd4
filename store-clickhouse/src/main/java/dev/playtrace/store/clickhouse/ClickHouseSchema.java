package dev.playtrace.store.clickhouse;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.query.sql.ClickHouseDialect;
import dev.playtrace.store.spi.EventTable;
import dev.playtrace.store.spi.TableLayout;
import dev.playtrace.store.spi.ViewTable;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates the database and its tables when the store opens, and records the schema version in {@code schema_version}
 * so a later release can migrate. Every step is one statement that is safe to run again ({@code IF NOT EXISTS}):
 * ClickHouse has no transactional DDL, so a start that failed half-way is finished by the next one. Flyway's
 * ClickHouse module is not used: it talks through the official JDBC driver, which fails against 18.16 (docs/scale-out.md).
 * Only SQL that 18.16 and current ClickHouse both accept: no DateTime64, Bool or LowCardinality. On a sharded store
 * the views and events live on every shard behind Distributed tables of the same names ({@link ClickHouseShards}); every
 * other table is on the entry server only.
 */
final class ClickHouseSchema {
    /** The version this build creates; a database at a newer version is refused. */
    static final int VERSION = 1;

    static final String EVENT_LOG = "event_log";
    static final String INGEST_POSITION = "ingest_position";
    static final String SCHEMA_VERSION = "schema_version";

    private ClickHouseSchema() {
    }

    static void createOrVerify(ClickHouseHttp http, ClickHouseLocation location) {
        String database = location.database();
        http.executeWithoutDatabase("CREATE DATABASE IF NOT EXISTS " + database);
        http.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA_VERSION
                + " (version Int32, description String, applied_at_ms Int64) ENGINE = MergeTree() ORDER BY version");
        long stored = http.select("SELECT max(version) AS version FROM " + SCHEMA_VERSION).getFirst().longOrZero("version");
        if (stored > VERSION) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the ClickHouse database '" + database
                    + "' is at schema version " + stored + ", newer than this build's " + VERSION
                    + "; run a newer Playtrace");
        }
        ClickHouseShards.verifyLayout(http, location);
        if (location.isSharded()) {
            ClickHouseShards.create(http, location, List.of(viewsTable(ClickHouseShards.localName(ViewTable.NAME)),
                    eventLogTable(ClickHouseShards.localName(EVENT_LOG))));
        }
        for (String statement : versionOne(location)) {
            http.execute(statement);
        }
        if (stored < VERSION) {
            http.insert(SCHEMA_VERSION, List.of("version", "description", "applied_at_ms"),
                    List.of("Int32", "String", "Int64"),
                    List.<Object[]>of(new Object[] {VERSION, "views, events, ingest position, repositories",
                            System.currentTimeMillis()}));
        }
    }

    /**
     * Version 1. Views are versioned rows, one per (project, view) after FINAL: not partitioned, because a view's start
     * can move between versions and ReplacingMergeTree only replaces rows within one partition. Events are partitioned
     * by the month of their time and ordered by (project, view, sequence); a resent event is collapsed at read
     * ({@code events} is a view that keeps one row per sequence number).
     */
    private static List<String> versionOne(ClickHouseLocation location) {
        List<String> statements = new ArrayList<>();
        if (location.isSharded()) {
            statements.add(ClickHouseShards.distributedTable(location, ViewTable.NAME));
            statements.add(ClickHouseShards.distributedTable(location, EVENT_LOG));
        } else {
            statements.add(viewsTable(ViewTable.NAME));
            statements.add(eventLogTable(EVENT_LOG));
        }
        statements.add("CREATE VIEW IF NOT EXISTS " + EventTable.NAME + " AS SELECT * FROM " + EVENT_LOG
                + " LIMIT 1 BY project_id, view_id, sequence_number");
        statements.add("CREATE TABLE IF NOT EXISTS " + INGEST_POSITION
                + " (id Int32, position Int64, row_version UInt64) ENGINE = ReplacingMergeTree(row_version) ORDER BY id");
        ClickHouseTables.ALL.forEach(table -> statements.add(table.createStatement()));
        statements.add(Claims.createStatement());
        return statements;
    }

    private static String viewsTable(String name) {
        TableLayout layout = ViewTable.layout();
        return ClickHouseDialect.INSTANCE.createTable(new TableLayout(name, layout.columns(), layout.keyColumns(),
                layout.versionColumn()));
    }

    private static String eventLogTable(String name) {
        return "CREATE TABLE IF NOT EXISTS " + name + " (project_id String, view_id String,"
                + " sequence_number Int64, event_name String, event_time_ms Int64, viewer_time_ms Int64,"
                + " playhead_ms Nullable(Int64), received_at_ms Int64, fields_json String)"
                + " ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(toDateTime(intDiv(event_time_ms, 1000)))"
                + " ORDER BY (project_id, view_id, sequence_number)";
    }
}
