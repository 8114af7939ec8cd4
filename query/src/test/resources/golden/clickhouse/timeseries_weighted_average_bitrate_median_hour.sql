SELECT intDiv(play_requested_at_ms, 3600000) * 3600000 AS bucket_start_ms, if(countIf(avg_bitrate_bps IS NOT NULL) = 0, NULL, arrayElement(arraySort(groupArray(toFloat64(avg_bitrate_bps))), toUInt64(floor(0.5 * (length(arraySort(groupArray(toFloat64(avg_bitrate_bps)))) - 1))) + 1) + (0.5 * (length(arraySort(groupArray(toFloat64(avg_bitrate_bps)))) - 1) - floor(0.5 * (length(arraySort(groupArray(toFloat64(avg_bitrate_bps)))) - 1))) * (arrayElement(arraySort(groupArray(toFloat64(avg_bitrate_bps))), toUInt64(ceil(0.5 * (length(arraySort(groupArray(toFloat64(avg_bitrate_bps)))) - 1))) + 1) - arrayElement(arraySort(groupArray(toFloat64(avg_bitrate_bps))), toUInt64(floor(0.5 * (length(arraySort(groupArray(toFloat64(avg_bitrate_bps)))) - 1))) + 1))) AS metric_value_0, count() AS view_count, coalesce(sum(watch_time_ms), 0) AS total_watch_time_ms, coalesce(sum(playing_time_ms), 0) AS total_playing_time_ms
FROM views FINAL
WHERE project_id = ? AND play_requested_at_ms >= ? AND play_requested_at_ms < ? AND country IN (?, ?) AND (browser IS NULL OR browser NOT IN (?))
GROUP BY bucket_start_ms
ORDER BY bucket_start_ms
-- parameters: [project-a, 1704067200000, 1704070800000, US, DE, Safari]
