SELECT country AS field, (CAST(sum(rebuffer_duration_ms_sum) AS DOUBLE) * 100.0 / NULLIF(sum(watch_time_ms_sum), 0)) AS metric_value_0, coalesce(sum(attempts), 0) AS view_count, coalesce(sum(watch_time_ms_sum), 0) AS total_watch_time_ms, coalesce(sum(playing_time_ms_sum), 0) AS total_playing_time_ms
FROM view_rollup_hourly
WHERE project_id = ? AND hour_start_ms >= ? AND hour_start_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
GROUP BY field
HAVING sum(attempts) > 0
-- parameters: [project-a, 1704067200000, 1704070800000, US, DE, Safari]
