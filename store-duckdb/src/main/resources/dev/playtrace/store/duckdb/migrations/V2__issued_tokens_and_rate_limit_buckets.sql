-- Version 2: tokens the server issued (kept only as SHA-256, with expiry) and api.video's rate-limit buckets, so
-- that both survive a restart and are shared by servers on one store.
-- IF NOT EXISTS: builds of main between the first release and versioned schemas created these tables without
-- recording a version; such a database is baselined at version 1 like the release's, and this script keeps its rows.

CREATE TABLE IF NOT EXISTS issued_tokens (
    token_sha256_hex VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    project_id VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    issued_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS rate_limit_buckets (
    bucket_key VARCHAR PRIMARY KEY,
    tokens DOUBLE NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
