SELECT (hour_start_ms) // 86400000 * 86400000 AS bucket_start_ms, CAST(sum(is_exit_before_video_start_views) AS DOUBLE) * 100.0 / NULLIF(sum(attempts), 0) AS metric_value_0, coalesce(sum(is_started_views), 0) AS metric_value_1, coalesce(sum(attempts), 0) AS view_count, coalesce(sum(watch_time_ms_sum), 0) AS total_watch_time_ms, coalesce(sum(playing_time_ms_sum), 0) AS total_playing_time_ms
FROM view_rollup_hourly
WHERE project_id = ? AND hour_start_ms >= ? AND hour_start_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))
GROUP BY bucket_start_ms
HAVING sum(attempts) > 0
ORDER BY bucket_start_ms
-- parameters: [project-a, 1704067200000, 1704070800000, US, DE, Safari]
