SELECT (hour_start_ms) // 3600000 * 3600000 AS bucket_start_ms, CAST(sum(is_playback_failure_views) AS DOUBLE) * 100.0 / NULLIF(sum(attempts), 0) AS metric_value_0, coalesce(sum(attempts), 0) AS view_count, coalesce(sum(watch_time_ms_sum), 0) AS total_watch_time_ms, coalesce(sum(playing_time_ms_sum), 0) AS total_playing_time_ms
FROM (SELECT hour_start_ms, attempts, is_playback_failure_views, playing_time_ms_sum, watch_time_ms_sum
FROM view_rollup_hourly
WHERE project_id = ? AND hour_start_ms >= ? AND hour_start_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))
UNION ALL
SELECT (play_requested_at_ms) // 3600000 * 3600000 AS hour_start_ms, coalesce(sum(1), 0) AS attempts, coalesce(sum(1) FILTER (WHERE ((coalesce(has_fatal_error, false)) AND (NOT (coalesce(fatal_error_business, false))))), 0) AS is_playback_failure_views, coalesce(sum(1 * playing_time_ms), 0) AS playing_time_ms_sum, coalesce(sum(1 * watch_time_ms), 0) AS watch_time_ms_sum
FROM views
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))
GROUP BY hour_start_ms
UNION ALL
SELECT (play_requested_at_ms) // 3600000 * 3600000 AS hour_start_ms, coalesce(sum(1), 0) AS attempts, coalesce(sum(1) FILTER (WHERE ((coalesce(has_fatal_error, false)) AND (NOT (coalesce(fatal_error_business, false))))), 0) AS is_playback_failure_views, coalesce(sum(1 * playing_time_ms), 0) AS playing_time_ms_sum, coalesce(sum(1 * watch_time_ms), 0) AS watch_time_ms_sum
FROM views
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))
GROUP BY hour_start_ms) AS view_rollup_hourly
GROUP BY bucket_start_ms
HAVING sum(attempts) > 0
ORDER BY bucket_start_ms
-- parameters: [project-a, 1704070800000, 1704240000000, US, DE, Safari, project-a, 1704068434567, 1704070800000, US, DE, Safari, project-a, 1704240000000, 1704241234567, US, DE, Safari]
