package dev.playtrace.query.sql;

/** The column names (aliases) of the statements {@link QuerySqlGenerator} builds, for reading their rows by name. */
public final class ResultColumns {
    public static final String FIELD = "field";
    public static final String VIEW_COUNT = "view_count";
    public static final String TOTAL_WATCH_TIME_MS = "total_watch_time_ms";
    public static final String TOTAL_PLAYING_TIME_MS = "total_playing_time_ms";
    public static final String BUCKET_START_MS = "bucket_start_ms";
    public static final String ATTRIBUTE_VALUE = "attribute_value";
    public static final String ACTIVE_MS = "active_ms";
    public static final String FIRST_BUCKET = "first_bucket";
    public static final String LAST_BUCKET = "last_bucket";
    public static final String FROM_OFFSET_MS = "from_offset_ms";
    public static final String TO_OFFSET_MS = "to_offset_ms";
    public static final String FIRST_SAMPLE = "first_sample";
    public static final String END_SAMPLE = "end_sample";
    public static final String FIRST_INSTANT = "first_instant";
    public static final String END_INSTANT = "end_instant";
    public static final String DIMENSION_VALUE = "dimension_value";
    public static final String VALUE_COUNT = "value_count";
    public static final String ERROR_CODE_VALUE = "error_code_value";
    public static final String LAST_SEEN_MS = "last_seen_ms";
    public static final String LAST_MESSAGE = "last_message";
    public static final String BIN = "bin";

    private ResultColumns() {
    }

    /** The value of the statement's metric at this index. */
    public static String metricValue(int index) {
        return "metric_value_" + index;
    }
}
