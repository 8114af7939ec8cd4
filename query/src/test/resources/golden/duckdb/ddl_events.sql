CREATE TABLE IF NOT EXISTS events (project_id VARCHAR NOT NULL, view_id VARCHAR NOT NULL, sequence_number BIGINT NOT NULL, event_name VARCHAR NOT NULL, event_time_ms BIGINT NOT NULL, viewer_time_ms BIGINT NOT NULL, playhead_ms BIGINT, received_at_ms BIGINT NOT NULL, fields_json VARCHAR NOT NULL)
-- parameters: []
