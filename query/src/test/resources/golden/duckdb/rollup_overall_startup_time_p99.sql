SELECT h0.metric_value_0, c.view_count, c.total_watch_time_ms, c.total_playing_time_ms
FROM (SELECT coalesce(sum(attempts), 0) AS view_count, coalesce(sum(watch_time_ms_sum), 0) AS total_watch_time_ms, coalesce(sum(playing_time_ms_sum), 0) AS total_playing_time_ms
FROM view_rollup_hourly
WHERE project_id = ? AND hour_start_ms >= ? AND hour_start_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))) AS c
CROSS JOIN (SELECT lo * (1 - (rn - floor(rn))) + hi * (rn - floor(rn)) AS metric_value_0
FROM (SELECT max(rn) AS rn, CAST(min(CASE WHEN upto > floor(rn) THEN value END) AS DOUBLE) AS lo, CAST(min(CASE WHEN upto > ceil(rn) THEN value END) AS DOUBLE) AS hi
FROM (SELECT value, upto, CAST(max(upto) OVER () - 1 AS DOUBLE) * CAST(0.99 AS DOUBLE) AS rn
FROM (SELECT value, sum(n) OVER (ORDER BY value ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto
FROM (SELECT value, sum(views) AS n
FROM (SELECT value, views
FROM view_histogram_hourly
WHERE project_id = ? AND hour_start_ms >= ? AND hour_start_ms < ? AND histogram = 'startup_time_ms' AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))) AS view_histogram_hourly
GROUP BY value) AS merged) AS running) AS ranked) AS ranks) AS h0
-- parameters: [project-a, 1704067200000, 1704070800000, US, DE, Safari, project-a, 1704067200000, 1704070800000, US, DE, Safari]
