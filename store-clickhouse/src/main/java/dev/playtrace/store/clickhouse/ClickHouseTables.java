package dev.playtrace.store.clickhouse;

import dev.playtrace.store.clickhouse.VersionedTable.Column;

import java.util.List;

/** The keyed tables of every repository but the views: one {@link VersionedTable} each. */
final class ClickHouseTables {
    private static final String TEXT = "String";
    private static final String NULLABLE_TEXT = "Nullable(String)";
    private static final String BIGINT = "Int64";
    private static final String NULLABLE_BIGINT = "Nullable(Int64)";

    static final VersionedTable PROJECTS = new VersionedTable("projects", List.of(text("id")),
            List.of(text("name"), text("ingest_key"), bigint("created_at_ms")));
    static final VersionedTable API_TOKENS = new VersionedTable("api_tokens", List.of(text("token_id")),
            List.of(text("project_id"), text("secret_sha256_hex"), text("role"), bigint("created_at_ms")));
    static final VersionedTable CREDENTIALS = new VersionedTable("credentials", List.of(text("kind"), text("key_id")),
            List.of(text("project_id"), text("stored_secret"), bigint("created_at_ms")));
    static final VersionedTable ENCODING_CATEGORIES = new VersionedTable("encoding_categories",
            List.of(text("project_id"), bigint("category_id")), List.of(text("name"), bigint("created_at_ms")));
    static final VersionedTable ENCODING_JOBS = new VersionedTable("encoding_jobs",
            List.of(text("project_id"), text("file_id")),
            List.of(new Column("file_name", NULLABLE_TEXT), new Column("file_path", NULLABLE_TEXT),
                    new Column("category_id", NULLABLE_BIGINT), new Column("duration_seconds", "Nullable(Float64)"),
                    new Column("video_codec", NULLABLE_TEXT), new Column("video_bitrate_bps", NULLABLE_BIGINT),
                    new Column("profile", NULLABLE_TEXT), new Column("width", "Nullable(Int32)"),
                    new Column("height", "Nullable(Int32)"), new Column("framerate", "Nullable(Float64)"),
                    new Column("audio_codec", NULLABLE_TEXT), new Column("audio_bitrate_bps", NULLABLE_BIGINT),
                    text("status"), bigint("requested_at_ms"), new Column("started_at_ms", NULLABLE_BIGINT),
                    new Column("ended_at_ms", NULLABLE_BIGINT), new Column("failure_reason", NULLABLE_TEXT)));
    static final VersionedTable ISSUED_TOKENS = new VersionedTable("issued_tokens", List.of(text("token_sha256_hex")),
            List.of(text("kind"), text("project_id"), text("subject"), bigint("issued_at_ms"), bigint("expires_at_ms")));
    static final VersionedTable RATE_LIMIT_BUCKETS = new VersionedTable("rate_limit_buckets",
            List.of(text("bucket_key")), List.of(new Column("tokens", "Float64"), bigint("updated_at_ms")));
    static final VersionedTable ALERT_RULES = new VersionedTable("alert_rules",
            List.of(text("project_id"), text("rule_id")),
            List.of(text("name"), new Column("enabled", "UInt8"), text("definition_json"), bigint("created_at_ms"),
                    bigint("updated_at_ms")));
    static final VersionedTable ALERT_INCIDENTS = new VersionedTable("alert_incidents",
            List.of(text("project_id"), text("incident_id")),
            List.of(text("rule_id"), text("status"), bigint("opened_at_ms"), new Column("resolved_at_ms", NULLABLE_BIGINT),
                    bigint("updated_at_ms"), text("details_json")));
    static final VersionedTable WEBHOOK_DELIVERIES = new VersionedTable("webhook_deliveries",
            List.of(text("project_id"), text("delivery_id")),
            List.of(text("rule_id"), text("incident_id"), text("url"), new Column("stored_secret", NULLABLE_TEXT),
                    text("event"), text("payload_json"),
                    text("status"), new Column("attempts", "Int32"), bigint("created_at_ms"),
                    bigint("next_attempt_at_ms")));
    static final VersionedTable WEBHOOK_ATTEMPTS = new VersionedTable("webhook_attempts",
            List.of(text("delivery_id"), new Column("attempt", "Int32")),
            List.of(bigint("attempted_at_ms"), new Column("status_code", "Nullable(Int32)"),
                    new Column("error", NULLABLE_TEXT), bigint("duration_ms")));

    /**
     * Which incident holds a rule's one open slot, with that incident's first row as JSON (so that anyone can write
     * it if its opener died); taken by compare-and-write ({@link Claims}).
     */
    static final VersionedTable OPEN_INCIDENT_SLOTS = new VersionedTable("open_incident_slots",
            List.of(text("project_id"), text("rule_id")), List.of(text("incident_id"), text("incident_row_json")));

    static final List<VersionedTable> ALL = List.of(PROJECTS, API_TOKENS, CREDENTIALS, ENCODING_CATEGORIES,
            ENCODING_JOBS, ISSUED_TOKENS, RATE_LIMIT_BUCKETS, ALERT_RULES, ALERT_INCIDENTS, WEBHOOK_DELIVERIES,
            WEBHOOK_ATTEMPTS, OPEN_INCIDENT_SLOTS);

    private ClickHouseTables() {
    }

    private static Column text(String name) {
        return new Column(name, TEXT);
    }

    private static Column bigint(String name) {
        return new Column(name, BIGINT);
    }
}
