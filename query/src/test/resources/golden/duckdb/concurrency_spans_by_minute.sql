SELECT first_bucket, last_bucket, count(*) AS view_count, sum(active_from_ms - first_bucket * 60000) AS from_offset_ms, sum(active_to_ms - last_bucket * 60000) AS to_offset_ms, sum(active_to_ms - active_from_ms) AS active_ms
FROM (SELECT active_from_ms, active_to_ms, (active_from_ms) // 60000 AS first_bucket, (active_to_ms - 1) // 60000 AS last_bucket
FROM (SELECT greatest(first_frame_at_ms, ?) AS active_from_ms, least(CASE WHEN closed THEN view_end_ms ELSE ? END, ?) AS active_to_ms, watch_time_ms, playing_time_ms
FROM views
WHERE project_id = ? AND first_frame_at_ms IS NOT NULL AND first_frame_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))) AS active
WHERE active_to_ms > active_from_ms) AS spans
GROUP BY first_bucket, last_bucket
-- parameters: [1704067200000, 1704070805000, 1704070800000, project-a, 1704070800000, US, DE, Safari]
