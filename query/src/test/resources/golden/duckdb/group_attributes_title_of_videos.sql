SELECT video_id AS field, video_title AS attribute_value, count(*) AS view_count
FROM views
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND video_title IS NOT NULL AND video_id IN (?, ?)
GROUP BY video_id, video_title
-- parameters: [project-a, 1704067200000, 1704070800000, US, DE, Safari, video-1, video-2]
