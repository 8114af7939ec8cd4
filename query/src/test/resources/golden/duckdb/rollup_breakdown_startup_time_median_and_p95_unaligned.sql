SELECT c.field, c.metric_value_0, h1.metric_value_1, h2.metric_value_2, c.view_count, c.total_watch_time_ms, c.total_playing_time_ms
FROM (SELECT country AS field, coalesce(sum(attempts), 0) AS metric_value_0, coalesce(sum(attempts), 0) AS view_count, coalesce(sum(watch_time_ms_sum), 0) AS total_watch_time_ms, coalesce(sum(playing_time_ms_sum), 0) AS total_playing_time_ms
FROM (SELECT country, attempts, playing_time_ms_sum, watch_time_ms_sum
FROM view_rollup_hourly
WHERE project_id = ? AND hour_start_ms >= ? AND hour_start_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
UNION ALL
SELECT country, coalesce(sum(1), 0) AS attempts, coalesce(sum(1 * playing_time_ms), 0) AS playing_time_ms_sum, coalesce(sum(1 * watch_time_ms), 0) AS watch_time_ms_sum
FROM views
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
GROUP BY country
UNION ALL
SELECT country, coalesce(sum(1), 0) AS attempts, coalesce(sum(1 * playing_time_ms), 0) AS playing_time_ms_sum, coalesce(sum(1 * watch_time_ms), 0) AS watch_time_ms_sum
FROM views
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
GROUP BY country) AS view_rollup_hourly
GROUP BY field
HAVING sum(attempts) > 0) AS c
LEFT JOIN (SELECT field, lo * (1 - (rn - floor(rn))) + hi * (rn - floor(rn)) AS metric_value_1
FROM (SELECT field, max(rn) AS rn, CAST(min(CASE WHEN upto > floor(rn) THEN value END) AS DOUBLE) AS lo, CAST(min(CASE WHEN upto > ceil(rn) THEN value END) AS DOUBLE) AS hi
FROM (SELECT field, value, upto, CAST(max(upto) OVER (PARTITION BY field) - 1 AS DOUBLE) * CAST(0.5 AS DOUBLE) AS rn
FROM (SELECT field, value, sum(n) OVER (PARTITION BY field ORDER BY value ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto
FROM (SELECT country AS field, value, sum(views) AS n
FROM (SELECT country, value, views
FROM view_histogram_hourly
WHERE project_id = ? AND hour_start_ms >= ? AND hour_start_ms < ? AND histogram = 'startup_time_ms' AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
UNION ALL
SELECT country, startup_time_ms AS value, count(*) AS views
FROM views
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND startup_time_ms IS NOT NULL AND (outcome = 'STARTED') AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
GROUP BY country, startup_time_ms
UNION ALL
SELECT country, startup_time_ms AS value, count(*) AS views
FROM views
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND startup_time_ms IS NOT NULL AND (outcome = 'STARTED') AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
GROUP BY country, startup_time_ms) AS view_histogram_hourly
GROUP BY field, value) AS merged) AS running) AS ranked
GROUP BY field) AS ranks) AS h1 ON h1.field = c.field
LEFT JOIN (SELECT field, lo * (1 - (rn - floor(rn))) + hi * (rn - floor(rn)) AS metric_value_2
FROM (SELECT field, max(rn) AS rn, CAST(min(CASE WHEN upto > floor(rn) THEN value END) AS DOUBLE) AS lo, CAST(min(CASE WHEN upto > ceil(rn) THEN value END) AS DOUBLE) AS hi
FROM (SELECT field, value, upto, CAST(max(upto) OVER (PARTITION BY field) - 1 AS DOUBLE) * CAST(0.95 AS DOUBLE) AS rn
FROM (SELECT field, value, sum(n) OVER (PARTITION BY field ORDER BY value ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto
FROM (SELECT country AS field, value, sum(views) AS n
FROM (SELECT country, value, views
FROM view_histogram_hourly
WHERE project_id = ? AND hour_start_ms >= ? AND hour_start_ms < ? AND histogram = 'startup_time_ms' AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
UNION ALL
SELECT country, startup_time_ms AS value, count(*) AS views
FROM views
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND startup_time_ms IS NOT NULL AND (outcome = 'STARTED') AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
GROUP BY country, startup_time_ms
UNION ALL
SELECT country, startup_time_ms AS value, count(*) AS views
FROM views
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND startup_time_ms IS NOT NULL AND (outcome = 'STARTED') AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?)) AND country IS NOT NULL
GROUP BY country, startup_time_ms) AS view_histogram_hourly
GROUP BY field, value) AS merged) AS running) AS ranked
GROUP BY field) AS ranks) AS h2 ON h2.field = c.field
-- parameters: [project-a, 1704070800000, 1704240000000, US, DE, Safari, project-a, 1704068434567, 1704070800000, US, DE, Safari, project-a, 1704240000000, 1704241234567, US, DE, Safari, project-a, 1704070800000, 1704240000000, US, DE, Safari, project-a, 1704068434567, 1704070800000, US, DE, Safari, project-a, 1704240000000, 1704241234567, US, DE, Safari, project-a, 1704070800000, 1704240000000, US, DE, Safari, project-a, 1704068434567, 1704070800000, US, DE, Safari, project-a, 1704240000000, 1704241234567, US, DE, Safari]
