SELECT fatal_error_code AS error_code_value, count(*) AS view_count, max(fatal_error_at_ms) AS last_seen_ms, arg_max(fatal_error_message, fatal_error_at_ms) AS last_message
FROM views
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND has_fatal_error
GROUP BY fatal_error_code
ORDER BY view_count DESC, error_code_value ASC
-- parameters: [project-a, 1704067200000, 1704070800000, US, DE, Safari]
