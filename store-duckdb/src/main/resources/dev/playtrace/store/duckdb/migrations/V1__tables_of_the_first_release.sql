-- Version 1: the tables of the last Playtrace release before versioned schemas (commit 8885822), column for
-- column. A database that release created has no schema history; Playtrace records it as version 1 (a Flyway
-- baseline, after checking these tables are there) and runs only the later scripts on it.
-- The views and events tables must stay equal to what the dialect generates from ViewTable and EventTable
-- (DuckDbMigrationsTest checks it): a column added there needs a new script here.

CREATE TABLE views (
    project_id VARCHAR NOT NULL,
    view_id VARCHAR NOT NULL,
    version BIGINT NOT NULL,
    viewer_id VARCHAR,
    video_id VARCHAR,
    video_title VARCHAR,
    video_series VARCHAR,
    stream_type VARCHAR,
    cdn VARCHAR,
    player_name VARCHAR,
    player_version VARCHAR,
    browser VARCHAR,
    browser_version VARCHAR,
    operating_system VARCHAR,
    operating_system_version VARCHAR,
    device_category VARCHAR,
    device_manufacturer VARCHAR,
    device_model VARCHAR,
    country VARCHAR,
    viewer_user_id VARCHAR,
    sub_property_id VARCHAR,
    page_type VARCHAR,
    experiment_name VARCHAR,
    error_code VARCHAR GENERATED ALWAYS AS (fatal_error_code) VIRTUAL,
    custom_1 VARCHAR,
    custom_2 VARCHAR,
    custom_3 VARCHAR,
    custom_4 VARCHAR,
    custom_5 VARCHAR,
    custom_6 VARCHAR,
    custom_7 VARCHAR,
    custom_8 VARCHAR,
    custom_9 VARCHAR,
    custom_10 VARCHAR,
    exit_before_video_start VARCHAR GENERATED ALWAYS AS (CASE WHEN (outcome = 'EXIT_BEFORE_VIDEO_START') THEN 'true' ELSE 'false' END) VIRTUAL,
    video_startup_failure VARCHAR GENERATED ALWAYS AS (CASE WHEN (outcome = 'VIDEO_STARTUP_FAILURE') THEN 'true' ELSE 'false' END) VIRTUAL,
    video_startup_business_exception VARCHAR GENERATED ALWAYS AS (CASE WHEN ((outcome = 'VIDEO_STARTUP_FAILURE') AND (coalesce(fatal_error_business, false))) THEN 'true' ELSE 'false' END) VIRTUAL,
    playback_failure VARCHAR GENERATED ALWAYS AS (CASE WHEN ((coalesce(has_fatal_error, false)) AND (NOT (coalesce(fatal_error_business, false)))) THEN 'true' ELSE 'false' END) VIRTUAL,
    playback_business_exception VARCHAR GENERATED ALWAYS AS (CASE WHEN (coalesce(fatal_error_business, false)) THEN 'true' ELSE 'false' END) VIRTUAL,
    view_dropped VARCHAR GENERATED ALWAYS AS (CASE WHEN (coalesce(dropped, false)) THEN 'true' ELSE 'false' END) VIRTUAL,
    view_start_ms BIGINT NOT NULL,
    view_end_ms BIGINT NOT NULL,
    last_event_at_ms BIGINT NOT NULL,
    play_requested_at_ms BIGINT,
    first_frame_at_ms BIGINT,
    startup_time_ms BIGINT,
    playing_time_ms BIGINT NOT NULL,
    rebuffer_count INTEGER NOT NULL,
    rebuffer_duration_ms BIGINT NOT NULL,
    seek_count INTEGER NOT NULL,
    seek_buffer_duration_ms BIGINT NOT NULL,
    watch_time_ms BIGINT NOT NULL,
    play_duration_ms BIGINT NOT NULL,
    avg_bitrate_bps DOUBLE,
    rendition_change_count INTEGER NOT NULL,
    upscale_pct DOUBLE,
    max_upscale_pct DOUBLE,
    has_fatal_error BOOLEAN NOT NULL,
    fatal_error_code VARCHAR,
    fatal_error_message VARCHAR,
    fatal_error_business BOOLEAN,
    fatal_error_before_first_frame BOOLEAN,
    fatal_error_at_ms BIGINT,
    error_count INTEGER NOT NULL,
    warning_count INTEGER NOT NULL,
    ended BOOLEAN NOT NULL,
    dropped BOOLEAN NOT NULL,
    closed BOOLEAN NOT NULL,
    outcome VARCHAR NOT NULL,
    playback_success_score DOUBLE,
    startup_time_score DOUBLE,
    smoothness_score DOUBLE,
    video_quality_score DOUBLE,
    viewer_experience_score DOUBLE,
    event_count INTEGER NOT NULL,
    is_attempt BOOLEAN GENERATED ALWAYS AS ((play_requested_at_ms IS NOT NULL)) VIRTUAL,
    is_started BOOLEAN GENERATED ALWAYS AS ((outcome = 'STARTED')) VIRTUAL,
    is_ended_play BOOLEAN GENERATED ALWAYS AS (((outcome = 'STARTED') AND (NOT (coalesce(has_fatal_error, false))) AND ((coalesce(ended, false)) OR ((coalesce(closed, false)) AND (NOT (coalesce(dropped, false))))))) VIRTUAL,
    is_exit_before_video_start BOOLEAN GENERATED ALWAYS AS ((outcome = 'EXIT_BEFORE_VIDEO_START')) VIRTUAL,
    is_video_startup_failure BOOLEAN GENERATED ALWAYS AS ((outcome = 'VIDEO_STARTUP_FAILURE')) VIRTUAL,
    is_video_startup_business_exception BOOLEAN GENERATED ALWAYS AS (((outcome = 'VIDEO_STARTUP_FAILURE') AND (coalesce(fatal_error_business, false)))) VIRTUAL,
    is_playback_failure BOOLEAN GENERATED ALWAYS AS (((coalesce(has_fatal_error, false)) AND (NOT (coalesce(fatal_error_business, false))))) VIRTUAL,
    is_playback_business_exception BOOLEAN GENERATED ALWAYS AS ((coalesce(fatal_error_business, false))) VIRTUAL,
    is_video_playback_failure BOOLEAN GENERATED ALWAYS AS (((outcome = 'STARTED') AND (coalesce(has_fatal_error, false)) AND (NOT (coalesce(fatal_error_before_first_frame, false))))) VIRTUAL,
    PRIMARY KEY (project_id, view_id)
);

CREATE TABLE events (
    project_id VARCHAR NOT NULL,
    view_id VARCHAR NOT NULL,
    sequence_number BIGINT NOT NULL,
    event_name VARCHAR NOT NULL,
    event_time_ms BIGINT NOT NULL,
    viewer_time_ms BIGINT NOT NULL,
    playhead_ms BIGINT,
    received_at_ms BIGINT NOT NULL,
    fields_json VARCHAR NOT NULL
);

CREATE TABLE projects (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    ingest_key VARCHAR NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    token_id VARCHAR PRIMARY KEY,
    project_id VARCHAR NOT NULL,
    secret_sha256_hex VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE credentials (
    kind VARCHAR NOT NULL,
    key_id VARCHAR NOT NULL,
    project_id VARCHAR NOT NULL,
    stored_secret VARCHAR NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (kind, key_id)
);

CREATE TABLE encoding_categories (
    project_id VARCHAR NOT NULL,
    category_id BIGINT NOT NULL,
    name VARCHAR NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (project_id, category_id)
);

CREATE TABLE encoding_jobs (
    project_id VARCHAR NOT NULL,
    file_id VARCHAR NOT NULL,
    file_name VARCHAR,
    file_path VARCHAR,
    category_id BIGINT,
    duration_seconds DOUBLE,
    video_codec VARCHAR,
    video_bitrate_bps BIGINT,
    profile VARCHAR,
    width INTEGER,
    height INTEGER,
    framerate DOUBLE,
    audio_codec VARCHAR,
    audio_bitrate_bps BIGINT,
    status VARCHAR NOT NULL,
    requested_at_ms BIGINT NOT NULL,
    started_at_ms BIGINT,
    ended_at_ms BIGINT,
    failure_reason VARCHAR,
    PRIMARY KEY (project_id, file_id)
);

CREATE TABLE ingest_position (
    id INTEGER PRIMARY KEY,
    bus_position BIGINT NOT NULL
);
