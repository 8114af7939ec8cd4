SELECT first_instant, end_instant, count(*) AS view_count
FROM (SELECT (play_requested_at_ms - ? + 59999) // 60000 AS first_instant, CASE WHEN first_frame_at_ms IS NOT NULL THEN (first_frame_at_ms - ? + 59999) // 60000 WHEN closed THEN (view_end_ms - ? + 59999) // 60000 ELSE ? END AS end_instant
FROM views
WHERE project_id = ? AND play_requested_at_ms IS NOT NULL AND play_requested_at_ms <= ? AND (first_frame_at_ms > ? OR (first_frame_at_ms IS NULL AND (NOT closed OR view_end_ms > ?))) AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))) AS starting
GROUP BY first_instant, end_instant
-- parameters: [1704067200000, 1704067200000, 1704067200000, 60, project-a, 1704070740000, 1704067200000, 1704067200000, US, DE, Safari]
