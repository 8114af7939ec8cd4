SELECT country AS field, coalesce(sum(attempts), 0) AS metric_value_0, (if(sum(watch_time_ms_sum) = 0, NULL, toFloat64(sum(rebuffer_duration_ms_sum)) * 100.0 / sum(watch_time_ms_sum))) AS metric_value_1, coalesce(sum(attempts), 0) AS view_count, coalesce(sum(watch_time_ms_sum), 0) AS total_watch_time_ms, coalesce(sum(playing_time_ms_sum), 0) AS total_playing_time_ms
FROM (SELECT country, attempts, playing_time_ms_sum, rebuffer_duration_ms_sum, watch_time_ms_sum
FROM view_rollup_hourly
WHERE project_id = ? AND hour_start_ms >= ? AND hour_start_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
UNION ALL
SELECT country, coalesce(sum(1), 0) AS attempts, coalesce(sum(1 * playing_time_ms), 0) AS playing_time_ms_sum, coalesce(sum(1 * rebuffer_duration_ms), 0) AS rebuffer_duration_ms_sum, coalesce(sum(1 * watch_time_ms), 0) AS watch_time_ms_sum
FROM views FINAL
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
GROUP BY country
UNION ALL
SELECT country, coalesce(sum(1), 0) AS attempts, coalesce(sum(1 * playing_time_ms), 0) AS playing_time_ms_sum, coalesce(sum(1 * rebuffer_duration_ms), 0) AS rebuffer_duration_ms_sum, coalesce(sum(1 * watch_time_ms), 0) AS watch_time_ms_sum
FROM views FINAL
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
GROUP BY country) AS view_rollup_hourly
GROUP BY field
HAVING sum(attempts) > 0
-- parameters: [project-a, 1704070800000, 1704153600000, US, DE, Safari, project-a, 1704068434567, 1704070800000, US, DE, Safari, project-a, 1704153600000, 1704154834567, US, DE, Safari]
