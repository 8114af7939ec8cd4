SELECT field, first_instant, end_instant, count(*) AS view_count
FROM (SELECT country AS field, (first_frame_at_ms - ? + 59999) // 60000 AS first_instant, CASE WHEN closed THEN (view_end_ms - ? + 59999) // 60000 ELSE ? END AS end_instant
FROM views
WHERE project_id = ? AND first_frame_at_ms IS NOT NULL AND first_frame_at_ms <= ? AND (NOT closed OR view_end_ms > ?) AND country IS NOT NULL AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))) AS covered
GROUP BY field, first_instant, end_instant
-- parameters: [1704067200000, 1704067200000, 60, project-a, 1704070740000, 1704067200000, US, DE, Safari]
