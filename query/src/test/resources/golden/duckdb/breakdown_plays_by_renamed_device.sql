SELECT CASE device_category WHEN ? THEN ? ELSE device_category END AS field, count(*) FILTER (WHERE is_started) AS metric_value_0, count(*) AS view_count, coalesce(sum(watch_time_ms), 0) AS total_watch_time_ms, coalesce(sum(playing_time_ms), 0) AS total_playing_time_ms
FROM views
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND device_category IS NOT NULL
GROUP BY field
-- parameters: [desktop, computer, project-a, 1704067200000, 1704070800000, US, DE, Safari]
