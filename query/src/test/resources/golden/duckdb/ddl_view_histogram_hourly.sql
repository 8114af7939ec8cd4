CREATE TABLE IF NOT EXISTS view_histogram_hourly (project_id VARCHAR NOT NULL, hour_start_ms BIGINT NOT NULL, country VARCHAR, device_category VARCHAR, browser VARCHAR, operating_system VARCHAR, stream_type VARCHAR, cdn VARCHAR, histogram VARCHAR NOT NULL, value BIGINT NOT NULL, views BIGINT NOT NULL)
-- parameters: []
