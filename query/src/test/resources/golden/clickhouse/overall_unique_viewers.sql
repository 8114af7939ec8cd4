SELECT coalesce(uniqExact(viewer_id), 0) AS metric_value_0, count() AS view_count, coalesce(sum(watch_time_ms), 0) AS total_watch_time_ms, coalesce(sum(playing_time_ms), 0) AS total_playing_time_ms
FROM views FINAL
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))
-- parameters: [project-a, 1704067200000, 1704070800000, US, DE, Safari]
