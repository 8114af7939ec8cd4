package dev.playtrace.server.nativeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewOutcome;
import dev.playtrace.model.ViewScores;
import dev.playtrace.query.sql.DuckDbDialect;
import dev.playtrace.query.sql.ExportSqlGenerator;
import dev.playtrace.server.http.RequestParameters;
import dev.playtrace.store.spi.ExportColumn;
import dev.playtrace.store.spi.ExportFormat;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exports carry the names {@code GET /data/v1/video-views/{id}} documents, in its order; formats are negotiated. */
class ExportColumnsTest {
    private final ExportSqlGenerator generator = new ExportSqlGenerator(DuckDbDialect.INSTANCE);

    @Test
    void viewColumnsAreVideoViewFieldsWithTheSameNames() {
        // The view export holds what the view row stores, under the names /data/v1/video-views/{id} uses; the Mux
        // fields that route fills from the player's latest beacon are in the events export, not repeated per view.
        View view = view();
        ObjectNode full = ViewJson.full(view, List.of());
        List<String> fields = new ArrayList<>();
        full.fieldNames().forEachRemaining(fields::add);
        fields.remove("events");

        List<String> columns = generator.viewColumns().stream().map(ExportColumn::name).toList();
        assertThat(fields).containsAll(columns);
        assertThat(columns).contains("view_id", "viewer_id", "view_start", "view_end", "watch_time",
                "view_playing_time", "rebuffer_count", "video_startup_time", "player_error_code", "cdn");
    }

    @Test
    void eventColumnsAreTheViewIdThenTheFieldsOfAnEventsItem() {
        View view = view();
        PlayerEvent event = new PlayerEvent("p1", "v1", 1, EventName.PLAY, 1_000, 990, 0L, 1_010, Map.of("a", 1));
        JsonNode item = ViewJson.full(view, List.of(event)).path("events").get(0);
        List<String> fields = new ArrayList<>(List.of("view_id"));
        item.fieldNames().forEachRemaining(fields::add);

        assertThat(generator.eventColumns().stream().map(ExportColumn::name).toList()).isEqualTo(fields);
    }

    private static View view() {
        return new View("p1", "v1", 1, "viewer", Map.of(), 1_000, 20_000, 20_000, 1_000L, 1_500L, 500L, 10_000, 0, 0,
                0, 0, 19_000, 10_000, null, 0, null, null, null, 0, 0, true, false, true, ViewOutcome.STARTED,
                ViewScores.NONE, 5);
    }

    @Test
    void theFormatParameterWinsThenTheAcceptHeaderThenCsv() {
        assertThat(ExportsApi.format(RequestParameters.parse("format=PARQUET"), Optional.of("text/csv")))
                .isEqualTo(ExportFormat.PARQUET);
        assertThat(ExportsApi.format(RequestParameters.parse(""), Optional.of("text/html, application/x-ndjson;q=0.9")))
                .isEqualTo(ExportFormat.NDJSON);
        assertThat(ExportsApi.format(RequestParameters.parse(""), Optional.of("application/vnd.apache.parquet")))
                .isEqualTo(ExportFormat.PARQUET);
        assertThat(ExportsApi.format(RequestParameters.parse(""), Optional.of("*/*"))).isEqualTo(ExportFormat.CSV);
        assertThat(ExportsApi.format(RequestParameters.parse(""), Optional.empty())).isEqualTo(ExportFormat.CSV);
        assertThatThrownBy(() -> ExportsApi.format(RequestParameters.parse("format=xml"), Optional.empty()))
                .hasMessageContaining("format must be csv, ndjson or parquet");
    }
}
