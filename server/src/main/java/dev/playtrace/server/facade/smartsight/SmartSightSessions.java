package dev.playtrace.server.facade.smartsight;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Page;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.ViewListQuery;
import dev.playtrace.query.ViewPage;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RequestParameters;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Generation 3 {@code GET /mm-apis/listsessions/{customerId}}: one row per view (session) whose end lies in the
 * period, newest first unless {@code order=asc}, in SmartSight's envelope. Rows show the view's stored primitives
 * (times in seconds); no aggregate is computed. {@code allstatus=1} adds views still open (RUNNING, LOADED).
 * The store selects, counts and pages the sessions; the envelope's page numbers are those of the metric endpoints.
 */
final class SmartSightSessions {
    private final QueryService queries;

    SmartSightSessions(QueryService queries) {
        this.queries = requireNonNull(queries, "queries is null");
    }

    ObjectNode list(String projectId, RequestParameters parameters) {
        TimeRange range = SmartSightRequest.period(parameters);
        List<Filter> filters = SmartSightRequest.filters(parameters);
        String sessionType = parameters.first("sessiontype").map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse("ended");
        if (!sessionType.equals("ended") && !sessionType.isEmpty()) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER,
                    "sessiontype '" + sessionType + "' is not supported; sessions are listed by their end (sessiontype=ended)");
        }
        boolean allStatus = parameters.integer("allstatus", 0, 1).orElse(0) == 1;
        boolean descending = switch (parameters.first("order").or(() -> parameters.first("orderas"))
                .map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse("desc")) {
            case "desc", "" -> true;
            case "asc" -> false;
            default -> throw new PlaytraceException(ErrorCode.INVALID_PARAMETER, "order must be asc or desc");
        };
        int limit = parameters.integer("limit", 1, SmartSightRequest.MAX_LIMIT).orElse(SmartSightRequest.DEFAULT_LIMIT);
        int offset = parameters.integer("offset", 0, Integer.MAX_VALUE).orElse(0);

        ViewListQuery query = new ViewListQuery(projectId, range, filters, null, null, descending, new Page(limit, offset));
        ViewPage sessions = queries.listViews(allStatus ? query : query.closedViewsOnly());
        long pages = SmartSightResults.pages(sessions.totalRowCount(), limit);

        ObjectNode body = Json.object();
        body.put("totalcount", sessions.totalRowCount());
        body.put("pagecount", pages);
        body.put("totalrecords", sessions.totalRowCount());
        ArrayNode response = body.putArray("response");
        for (View view : sessions.views()) {
            ObjectNode row = response.addObject();
            row.put("sessionid", view.viewId());
            putText(row, "subscriberid", view.dimensionValue(Dimension.VIEWER_USER_ID));
            putText(row, "assetid", view.dimensionValue(Dimension.VIDEO_ID));
            putText(row, "assetname", view.dimensionValue(Dimension.VIDEO_TITLE));
            row.put("starttime", Optional.ofNullable(view.playRequestedAtMs()).orElse(view.viewStartMs()) / 1000);
            row.put("endtime", view.viewEndMs() / 1000);
            row.put("status", status(view));
            row.put("watchtime", view.watchTimeMs() / 1000.0);
            row.put("playdur", view.playDurationMs() / 1000.0);
            if (view.startupTimeMs() == null) {
                row.putNull("latency");
            } else {
                row.put("latency", view.startupTimeMs() / 1000.0);
            }
            row.put("errors", view.errorCount() + view.warningCount());
            row.put("fatalerrors", view.errorCount());
            putText(row, "errorcode", view.dimensionValue(Dimension.ERROR_CODE));
            row.put("outcome", switch (view.outcome()) {
                case STARTED -> "started";
                case VIDEO_STARTUP_FAILURE -> "startupfailure";
                case EXIT_BEFORE_VIDEO_START -> "startupabandonment";
                case STARTING -> "starting";
                case NO_PLAY_REQUEST -> "noplayrequest";
            });
            if (view.scores().viewerExperienceScore() == null) {
                row.putNull("qualityofexperience");
            } else {
                row.put("qualityofexperience", view.scores().viewerExperienceScore());
            }
            putText(row, "cdn", view.dimensionValue(Dimension.CDN));
            putText(row, "device", view.dimensionValue(Dimension.DEVICE_CATEGORY));
            putText(row, "platform", view.dimensionValue(Dimension.OPERATING_SYSTEM));
            putText(row, "browser", view.dimensionValue(Dimension.BROWSER));
            putText(row, "country", view.dimensionValue(Dimension.COUNTRY));
            putText(row, "player", view.dimensionValue(Dimension.PLAYER_NAME));
            String streamType = view.dimensionValue(Dimension.STREAM_TYPE);
            putText(row, "streamtype", "on-demand".equals(streamType) ? "vod" : streamType);
            row.put("totalpages", pages);
        }
        return body;
    }

    private static String status(View view) {
        if (view.closed()) {
            return view.dropped() ? "DROPPED" : "ENDED";
        }
        return view.firstFrameAtMs() == null ? "LOADED" : "RUNNING";
    }

    private static void putText(ObjectNode row, String key, String value) {
        if (value == null) {
            row.putNull(key);
        } else {
            row.put(key, value);
        }
    }
}
