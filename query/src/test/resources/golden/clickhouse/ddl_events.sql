CREATE TABLE IF NOT EXISTS events (project_id String, view_id String, sequence_number Int64, event_name String, event_time_ms Int64, viewer_time_ms Int64, playhead_ms Nullable(Int64), received_at_ms Int64, fields_json String) ENGINE = MergeTree() ORDER BY (project_id, view_id, sequence_number)
-- parameters: []
