package dev.playtrace.store.spi;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.FatalError;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewOutcome;
import dev.playtrace.model.ViewScores;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.playtrace.store.spi.ColumnExpression.and;
import static dev.playtrace.store.spi.ColumnExpression.not;
import static dev.playtrace.store.spi.ColumnExpression.or;
import static dev.playtrace.store.spi.RowValues.bool;
import static dev.playtrace.store.spi.RowValues.doubleOrNull;
import static dev.playtrace.store.spi.RowValues.intOrZero;
import static dev.playtrace.store.spi.RowValues.longOrNull;
import static dev.playtrace.store.spi.RowValues.longOrZero;
import static dev.playtrace.store.spi.RowValues.text;

/**
 * The one definition of the views table: every column, its type, how it is read from a {@link View}, and how a row
 * (columns in {@link #STORED_COLUMNS} order) becomes a {@link View} again. Stores write and read columns generically from
 * this list; the SQL generator refers to columns only through these constants.
 */
public final class ViewTable {
    public static final String NAME = "views";

    public static final ViewColumn PROJECT_ID = textColumn("project_id", false, View::projectId);
    public static final ViewColumn VIEW_ID = textColumn("view_id", false, View::viewId);
    public static final ViewColumn VERSION = bigintColumn("version", false, View::version);
    public static final ViewColumn VIEWER_ID = textColumn("viewer_id", true, View::viewerId);

    public static final ViewColumn VIEW_START_MS = bigintColumn("view_start_ms", false, View::viewStartMs);
    public static final ViewColumn VIEW_END_MS = bigintColumn("view_end_ms", false, View::viewEndMs);
    public static final ViewColumn LAST_EVENT_AT_MS = bigintColumn("last_event_at_ms", false, View::lastEventAtMs);
    public static final ViewColumn PLAY_REQUESTED_AT_MS = bigintColumn("play_requested_at_ms", true, View::playRequestedAtMs);
    public static final ViewColumn FIRST_FRAME_AT_MS = bigintColumn("first_frame_at_ms", true, View::firstFrameAtMs);
    public static final ViewColumn STARTUP_TIME_MS = bigintColumn("startup_time_ms", true, View::startupTimeMs);
    public static final ViewColumn PLAYING_TIME_MS = bigintColumn("playing_time_ms", false, View::playingTimeMs);
    public static final ViewColumn REBUFFER_COUNT = intColumn("rebuffer_count", View::rebufferCount);
    public static final ViewColumn REBUFFER_DURATION_MS = bigintColumn("rebuffer_duration_ms", false, View::rebufferDurationMs);
    public static final ViewColumn SEEK_COUNT = intColumn("seek_count", View::seekCount);
    public static final ViewColumn SEEK_BUFFER_DURATION_MS =
            bigintColumn("seek_buffer_duration_ms", false, View::seekBufferDurationMs);
    public static final ViewColumn WATCH_TIME_MS = bigintColumn("watch_time_ms", false, View::watchTimeMs);
    public static final ViewColumn PLAY_DURATION_MS = bigintColumn("play_duration_ms", false, View::playDurationMs);
    public static final ViewColumn AVG_BITRATE_BPS = doubleColumn("avg_bitrate_bps", View::avgBitrateBps);
    public static final ViewColumn RENDITION_CHANGE_COUNT = intColumn("rendition_change_count", View::renditionChangeCount);
    public static final ViewColumn UPSCALE_PCT = doubleColumn("upscale_pct", View::upscalePct);
    public static final ViewColumn MAX_UPSCALE_PCT = doubleColumn("max_upscale_pct", View::maxUpscalePct);

    public static final ViewColumn HAS_FATAL_ERROR = flagColumn("has_fatal_error", view -> view.fatalError() != null);
    public static final ViewColumn FATAL_ERROR_CODE = fatalColumn("fatal_error_code", ColumnType.TEXT, FatalError::code);
    public static final ViewColumn FATAL_ERROR_MESSAGE = fatalColumn("fatal_error_message", ColumnType.TEXT, FatalError::message);
    public static final ViewColumn FATAL_ERROR_BUSINESS =
            fatalColumn("fatal_error_business", ColumnType.BOOLEAN, FatalError::businessException);
    public static final ViewColumn FATAL_ERROR_BEFORE_FIRST_FRAME =
            fatalColumn("fatal_error_before_first_frame", ColumnType.BOOLEAN, FatalError::beforeFirstFrame);
    public static final ViewColumn FATAL_ERROR_AT_MS = fatalColumn("fatal_error_at_ms", ColumnType.BIGINT, FatalError::atMs);
    public static final ViewColumn ERROR_COUNT = intColumn("error_count", View::errorCount);
    public static final ViewColumn WARNING_COUNT = intColumn("warning_count", View::warningCount);
    public static final ViewColumn ENDED = flagColumn("ended", View::ended);
    public static final ViewColumn DROPPED = flagColumn("dropped", View::dropped);
    public static final ViewColumn CLOSED = flagColumn("closed", View::closed);
    public static final ViewColumn OUTCOME = textColumn("outcome", false, view -> view.outcome().name());

    public static final ViewColumn PLAYBACK_SUCCESS_SCORE =
            doubleColumn("playback_success_score", view -> view.scores().playbackSuccessScore());
    public static final ViewColumn STARTUP_TIME_SCORE = doubleColumn("startup_time_score", view -> view.scores().startupTimeScore());
    public static final ViewColumn SMOOTHNESS_SCORE = doubleColumn("smoothness_score", view -> view.scores().smoothnessScore());
    public static final ViewColumn VIDEO_QUALITY_SCORE = doubleColumn("video_quality_score", view -> view.scores().videoQualityScore());
    public static final ViewColumn VIEWER_EXPERIENCE_SCORE =
            doubleColumn("viewer_experience_score", view -> view.scores().viewerExperienceScore());
    public static final ViewColumn EVENT_COUNT = intColumn("event_count", View::eventCount);

    // Helper flags for metric SQL. They are derived by the store from stored columns (virtual, never written),
    // which keeps wide upserts fast; a conformance test checks them against View's own methods.
    public static final ViewColumn IS_ATTEMPT = derivedFlag("is_attempt", View::isAttempt,
            new ColumnExpression.IsNotNull(PLAY_REQUESTED_AT_MS.name()));
    public static final ViewColumn IS_STARTED = derivedFlag("is_started", View::isStarted, outcomeIs(ViewOutcome.STARTED));
    /** Started, no fatal error, and ended or closed by viewend (metrics.md §3a.5). */
    public static final ViewColumn IS_ENDED_PLAY = derivedFlag("is_ended_play", View::isEndedPlay,
            and(outcomeIs(ViewOutcome.STARTED), not(isTrue(HAS_FATAL_ERROR)),
                    or(isTrue(ENDED), and(isTrue(CLOSED), not(isTrue(DROPPED))))));
    public static final ViewColumn IS_EXIT_BEFORE_VIDEO_START = derivedFlag("is_exit_before_video_start",
            view -> view.outcome() == ViewOutcome.EXIT_BEFORE_VIDEO_START, outcomeIs(ViewOutcome.EXIT_BEFORE_VIDEO_START));
    public static final ViewColumn IS_VIDEO_STARTUP_FAILURE = derivedFlag("is_video_startup_failure",
            view -> view.outcome() == ViewOutcome.VIDEO_STARTUP_FAILURE, outcomeIs(ViewOutcome.VIDEO_STARTUP_FAILURE));
    public static final ViewColumn IS_VIDEO_STARTUP_BUSINESS_EXCEPTION = derivedFlag(
            "is_video_startup_business_exception",
            view -> view.outcome() == ViewOutcome.VIDEO_STARTUP_FAILURE && isBusinessException(view),
            and(outcomeIs(ViewOutcome.VIDEO_STARTUP_FAILURE), isTrue(FATAL_ERROR_BUSINESS)));
    /** A fatal error that is not a business exception. */
    public static final ViewColumn IS_PLAYBACK_FAILURE = derivedFlag("is_playback_failure",
            view -> view.fatalError() != null && !view.fatalError().businessException(),
            and(isTrue(HAS_FATAL_ERROR), not(isTrue(FATAL_ERROR_BUSINESS))));
    public static final ViewColumn IS_PLAYBACK_BUSINESS_EXCEPTION = derivedFlag("is_playback_business_exception",
            ViewTable::isBusinessException, isTrue(FATAL_ERROR_BUSINESS));
    /** Started and then failed: a fatal error after the first frame (Conviva-style VPF numerator). */
    public static final ViewColumn IS_VIDEO_PLAYBACK_FAILURE = derivedFlag("is_video_playback_failure",
            view -> view.isStarted() && view.fatalError() != null && !view.fatalError().beforeFirstFrame(),
            and(outcomeIs(ViewOutcome.STARTED), isTrue(HAS_FATAL_ERROR), not(isTrue(FATAL_ERROR_BEFORE_FIRST_FRAME))));

    private static final Map<Dimension, ViewColumn> DIMENSION_COLUMNS = dimensionColumns();

    /** Every column in table order, derived ones included. */
    public static final List<ViewColumn> COLUMNS = List.copyOf(allColumns());

    /** The columns a store writes and reads a view back from, in table order. */
    public static final List<ViewColumn> STORED_COLUMNS =
            COLUMNS.stream().filter(column -> !column.isDerived()).toList();

    private static final Map<String, Integer> INDEX_BY_NAME = indexByName();

    private ViewTable() {
    }

    /**
     * The text column named {@link Dimension#id()} with the value of {@link View#dimensionValue(Dimension)}; outcome
     * flags and {@code error_code} are derived from the stored outcome and fatal error columns.
     */
    public static ViewColumn dimension(Dimension dimension) {
        return DIMENSION_COLUMNS.get(dimension);
    }

    public static TableLayout layout() {
        return new TableLayout(NAME, COLUMNS.stream().map(ViewColumn::spec).toList(),
                List.of(PROJECT_ID.name(), VIEW_ID.name()), VERSION.name());
    }

    /** Names of {@link #STORED_COLUMNS}, in order. */
    public static List<String> storedColumnNames() {
        return STORED_COLUMNS.stream().map(ViewColumn::name).toList();
    }

    /** The columns the store computes from stored ones, in table order. */
    public static List<ViewColumn> derivedColumns() {
        return COLUMNS.stream().filter(ViewColumn::isDerived).toList();
    }

    /** The row a store writes for the view, values in {@link #STORED_COLUMNS} order. */
    public static Object[] toRow(View view) {
        Object[] row = new Object[STORED_COLUMNS.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = STORED_COLUMNS.get(i).valueOf(view);
        }
        return row;
    }

    /**
     * Rebuilds a view from a row that selected every stored column by name. Outcome flags and {@code error_code} are
     * derived by {@link View}, so they are not put back into {@link View#dimensions()}.
     */
    public static View toView(StoreRow row) {
        Function<ViewColumn, Object> get = column -> row.value(column.name());
        Map<Dimension, String> dimensions = new EnumMap<>(Dimension.class);
        for (Dimension dimension : Dimension.values()) {
            ViewColumn column = dimension(dimension);
            String value = column.isDerived() ? null : text(get.apply(column));
            if (value != null) {
                dimensions.put(dimension, value);
            }
        }
        FatalError fatalError = bool(get.apply(HAS_FATAL_ERROR))
                ? new FatalError(text(get.apply(FATAL_ERROR_CODE)), text(get.apply(FATAL_ERROR_MESSAGE)),
                        bool(get.apply(FATAL_ERROR_BUSINESS)), bool(get.apply(FATAL_ERROR_BEFORE_FIRST_FRAME)),
                        longOrZero(get.apply(FATAL_ERROR_AT_MS)))
                : null;
        ViewScores scores = new ViewScores(
                doubleOrNull(get.apply(PLAYBACK_SUCCESS_SCORE)),
                doubleOrNull(get.apply(STARTUP_TIME_SCORE)),
                doubleOrNull(get.apply(SMOOTHNESS_SCORE)),
                doubleOrNull(get.apply(VIDEO_QUALITY_SCORE)),
                doubleOrNull(get.apply(VIEWER_EXPERIENCE_SCORE)));
        return new View(
                text(get.apply(PROJECT_ID)),
                text(get.apply(VIEW_ID)),
                longOrZero(get.apply(VERSION)),
                text(get.apply(VIEWER_ID)),
                dimensions,
                longOrZero(get.apply(VIEW_START_MS)),
                longOrZero(get.apply(VIEW_END_MS)),
                longOrZero(get.apply(LAST_EVENT_AT_MS)),
                longOrNull(get.apply(PLAY_REQUESTED_AT_MS)),
                longOrNull(get.apply(FIRST_FRAME_AT_MS)),
                longOrNull(get.apply(STARTUP_TIME_MS)),
                longOrZero(get.apply(PLAYING_TIME_MS)),
                intOrZero(get.apply(REBUFFER_COUNT)),
                longOrZero(get.apply(REBUFFER_DURATION_MS)),
                intOrZero(get.apply(SEEK_COUNT)),
                longOrZero(get.apply(SEEK_BUFFER_DURATION_MS)),
                longOrZero(get.apply(WATCH_TIME_MS)),
                longOrZero(get.apply(PLAY_DURATION_MS)),
                doubleOrNull(get.apply(AVG_BITRATE_BPS)),
                intOrZero(get.apply(RENDITION_CHANGE_COUNT)),
                doubleOrNull(get.apply(UPSCALE_PCT)),
                doubleOrNull(get.apply(MAX_UPSCALE_PCT)),
                fatalError,
                intOrZero(get.apply(ERROR_COUNT)),
                intOrZero(get.apply(WARNING_COUNT)),
                bool(get.apply(ENDED)),
                bool(get.apply(DROPPED)),
                bool(get.apply(CLOSED)),
                ViewOutcome.valueOf(text(get.apply(OUTCOME))),
                scores,
                intOrZero(get.apply(EVENT_COUNT)));
    }

    private static boolean isBusinessException(View view) {
        return view.fatalError() != null && view.fatalError().businessException();
    }

    private static List<ViewColumn> allColumns() {
        List<ViewColumn> columns = new ArrayList<>(List.of(PROJECT_ID, VIEW_ID, VERSION, VIEWER_ID));
        columns.addAll(DIMENSION_COLUMNS.values());
        columns.addAll(List.of(
                VIEW_START_MS, VIEW_END_MS, LAST_EVENT_AT_MS, PLAY_REQUESTED_AT_MS, FIRST_FRAME_AT_MS, STARTUP_TIME_MS,
                PLAYING_TIME_MS, REBUFFER_COUNT, REBUFFER_DURATION_MS, SEEK_COUNT, SEEK_BUFFER_DURATION_MS,
                WATCH_TIME_MS, PLAY_DURATION_MS, AVG_BITRATE_BPS, RENDITION_CHANGE_COUNT, UPSCALE_PCT, MAX_UPSCALE_PCT,
                HAS_FATAL_ERROR, FATAL_ERROR_CODE, FATAL_ERROR_MESSAGE, FATAL_ERROR_BUSINESS,
                FATAL_ERROR_BEFORE_FIRST_FRAME, FATAL_ERROR_AT_MS, ERROR_COUNT, WARNING_COUNT, ENDED, DROPPED, CLOSED,
                OUTCOME, PLAYBACK_SUCCESS_SCORE, STARTUP_TIME_SCORE, SMOOTHNESS_SCORE, VIDEO_QUALITY_SCORE,
                VIEWER_EXPERIENCE_SCORE, EVENT_COUNT,
                IS_ATTEMPT, IS_STARTED, IS_ENDED_PLAY, IS_EXIT_BEFORE_VIDEO_START, IS_VIDEO_STARTUP_FAILURE,
                IS_VIDEO_STARTUP_BUSINESS_EXCEPTION, IS_PLAYBACK_FAILURE, IS_PLAYBACK_BUSINESS_EXCEPTION,
                IS_VIDEO_PLAYBACK_FAILURE));
        return columns;
    }

    private static Map<Dimension, ViewColumn> dimensionColumns() {
        Map<Dimension, ViewColumn> columns = new EnumMap<>(Dimension.class);
        for (Dimension dimension : Dimension.values()) {
            columns.put(dimension, new ViewColumn(dimension.id(), ColumnType.TEXT, true,
                    view -> view.dimensionValue(dimension), dimensionDerivation(dimension)));
        }
        return Collections.unmodifiableMap(columns);
    }

    /** How the store computes a dimension that {@link View#dimensionValue(Dimension)} derives; null when stored. */
    private static ColumnExpression dimensionDerivation(Dimension dimension) {
        return switch (dimension) {
            case EXIT_BEFORE_VIDEO_START -> flagText(IS_EXIT_BEFORE_VIDEO_START);
            case VIDEO_STARTUP_FAILURE -> flagText(IS_VIDEO_STARTUP_FAILURE);
            case VIDEO_STARTUP_BUSINESS_EXCEPTION -> flagText(IS_VIDEO_STARTUP_BUSINESS_EXCEPTION);
            case PLAYBACK_FAILURE -> flagText(IS_PLAYBACK_FAILURE);
            case PLAYBACK_BUSINESS_EXCEPTION -> flagText(IS_PLAYBACK_BUSINESS_EXCEPTION);
            case VIEW_DROPPED -> new ColumnExpression.FlagText(isTrue(DROPPED));
            case ERROR_CODE -> new ColumnExpression.CopyOf(FATAL_ERROR_CODE.name());
            case VIDEO_ID, VIDEO_TITLE, VIDEO_SERIES, STREAM_TYPE, CDN, PLAYER_NAME, PLAYER_VERSION, BROWSER,
                 BROWSER_VERSION, OPERATING_SYSTEM, OPERATING_SYSTEM_VERSION, DEVICE_CATEGORY, DEVICE_MANUFACTURER,
                 DEVICE_MODEL, COUNTRY, VIEWER_USER_ID, SUB_PROPERTY_ID, PAGE_TYPE, EXPERIMENT_NAME, CUSTOM_1, CUSTOM_2,
                 CUSTOM_3, CUSTOM_4, CUSTOM_5, CUSTOM_6, CUSTOM_7, CUSTOM_8, CUSTOM_9, CUSTOM_10 -> null;
        };
    }

    private static Map<String, Integer> indexByName() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < STORED_COLUMNS.size(); i++) {
            index.put(STORED_COLUMNS.get(i).name(), i);
        }
        if (COLUMNS.stream().map(ViewColumn::name).distinct().count() != COLUMNS.size()) {
            throw new IllegalStateException("duplicate views column names");
        }
        return Map.copyOf(index);
    }

    private static ColumnExpression outcomeIs(ViewOutcome outcome) {
        return new ColumnExpression.TextEquals(OUTCOME.name(), outcome.name());
    }

    private static ColumnExpression isTrue(ViewColumn column) {
        return new ColumnExpression.IsTrue(column.name());
    }

    private static ColumnExpression flagText(ViewColumn flag) {
        return new ColumnExpression.FlagText(flag.derivation());
    }

    private static ViewColumn derivedFlag(String name, Function<View, Object> reader, ColumnExpression derivation) {
        return new ViewColumn(name, ColumnType.BOOLEAN, false, reader, derivation);
    }

    private static ViewColumn textColumn(String name, boolean nullable, Function<View, Object> reader) {
        return new ViewColumn(name, ColumnType.TEXT, nullable, reader);
    }

    private static ViewColumn bigintColumn(String name, boolean nullable, Function<View, Object> reader) {
        return new ViewColumn(name, ColumnType.BIGINT, nullable, reader);
    }

    private static ViewColumn intColumn(String name, Function<View, Object> reader) {
        return new ViewColumn(name, ColumnType.INTEGER, false, reader);
    }

    private static ViewColumn doubleColumn(String name, Function<View, Object> reader) {
        return new ViewColumn(name, ColumnType.DOUBLE, true, reader);
    }

    private static ViewColumn flagColumn(String name, Function<View, Object> reader) {
        return new ViewColumn(name, ColumnType.BOOLEAN, false, reader);
    }

    private static ViewColumn fatalColumn(String name, ColumnType type, Function<FatalError, Object> reader) {
        return new ViewColumn(name, type, true, view -> view.fatalError() == null ? null : reader.apply(view.fatalError()));
    }
}
