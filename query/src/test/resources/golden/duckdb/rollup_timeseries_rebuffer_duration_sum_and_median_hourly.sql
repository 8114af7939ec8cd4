SELECT c.bucket_start_ms, coalesce(h0.metric_value_0, 0) AS metric_value_0, h1.metric_value_1, c.view_count, c.total_watch_time_ms, c.total_playing_time_ms
FROM (SELECT (hour_start_ms) // 3600000 * 3600000 AS bucket_start_ms, coalesce(sum(attempts), 0) AS view_count, coalesce(sum(watch_time_ms_sum), 0) AS total_watch_time_ms, coalesce(sum(playing_time_ms_sum), 0) AS total_playing_time_ms
FROM view_rollup_hourly
WHERE project_id = ? AND hour_start_ms >= ? AND hour_start_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))
GROUP BY bucket_start_ms
HAVING sum(attempts) > 0) AS c
LEFT JOIN (SELECT bucket_start_ms, coalesce(sum(value * n), 0) AS metric_value_0
FROM (SELECT (hour_start_ms) // 3600000 * 3600000 AS bucket_start_ms, value, sum(views) AS n
FROM (SELECT hour_start_ms, value, views
FROM view_histogram_hourly
WHERE project_id = ? AND hour_start_ms >= ? AND hour_start_ms < ? AND histogram = 'rebuffer_duration_ms' AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))) AS view_histogram_hourly
GROUP BY bucket_start_ms, value) AS merged
GROUP BY bucket_start_ms) AS h0 ON h0.bucket_start_ms = c.bucket_start_ms
LEFT JOIN (SELECT bucket_start_ms, lo * (1 - (rn - floor(rn))) + hi * (rn - floor(rn)) AS metric_value_1
FROM (SELECT bucket_start_ms, max(rn) AS rn, CAST(min(CASE WHEN upto > floor(rn) THEN value END) AS DOUBLE) AS lo, CAST(min(CASE WHEN upto > ceil(rn) THEN value END) AS DOUBLE) AS hi
FROM (SELECT bucket_start_ms, value, upto, CAST(max(upto) OVER (PARTITION BY bucket_start_ms) - 1 AS DOUBLE) * CAST(0.5 AS DOUBLE) AS rn
FROM (SELECT bucket_start_ms, value, sum(n) OVER (PARTITION BY bucket_start_ms ORDER BY value ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto
FROM (SELECT (hour_start_ms) // 3600000 * 3600000 AS bucket_start_ms, value, sum(views) AS n
FROM (SELECT hour_start_ms, value, views
FROM view_histogram_hourly
WHERE project_id = ? AND hour_start_ms >= ? AND hour_start_ms < ? AND histogram = 'rebuffer_count' AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))) AS view_histogram_hourly
GROUP BY bucket_start_ms, value) AS merged) AS running) AS ranked
GROUP BY bucket_start_ms) AS ranks) AS h1 ON h1.bucket_start_ms = c.bucket_start_ms
ORDER BY c.bucket_start_ms
-- parameters: [project-a, 1704067200000, 1704070800000, US, DE, Safari, project-a, 1704067200000, 1704070800000, US, DE, Safari, project-a, 1704067200000, 1704070800000, US, DE, Safari]
