SELECT country AS dimension_value, count() AS view_count
FROM views FINAL
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
GROUP BY country
ORDER BY view_count DESC, dimension_value ASC
LIMIT ?, ?
-- parameters: [project-a, 1704067200000, 1704070800000, US, DE, Safari, 5, 5]
