SELECT field, first_sample, end_sample, count() AS view_count
FROM (SELECT field, intDiv(active_from_ms - ? + 59999, 60000) AS first_sample, intDiv(active_to_ms - ? + 59999, 60000) AS end_sample
FROM (SELECT greatest(first_frame_at_ms, ?) AS active_from_ms, least(CASE WHEN closed = 1 THEN view_end_ms ELSE ? END, ?) AS active_to_ms, country AS field, watch_time_ms, playing_time_ms
FROM views FINAL
WHERE project_id = ? AND first_frame_at_ms IS NOT NULL AND first_frame_at_ms < ? AND country IS NOT NULL AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))) AS active
WHERE active_to_ms > active_from_ms) AS samples
GROUP BY field, first_sample, end_sample
-- parameters: [1704067200000, 1704067200000, 1704067200000, 1704070805000, 1704070800000, project-a, 1704070800000, US, DE, Safari]
