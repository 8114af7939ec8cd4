SELECT count() AS view_count, coalesce(sum(active_to_ms - active_from_ms), 0) AS active_ms, coalesce(sum(watch_time_ms), 0) AS total_watch_time_ms, coalesce(sum(playing_time_ms), 0) AS total_playing_time_ms
FROM (SELECT greatest(first_frame_at_ms, ?) AS active_from_ms, least(CASE WHEN closed = 1 THEN view_end_ms ELSE ? END, ?) AS active_to_ms, watch_time_ms, playing_time_ms
FROM views FINAL
WHERE project_id = ? AND first_frame_at_ms IS NOT NULL AND first_frame_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))) AS active
WHERE active_to_ms > active_from_ms
-- parameters: [1704067200000, 1704070805000, 1704070800000, project-a, 1704070800000, US, DE, Safari]
