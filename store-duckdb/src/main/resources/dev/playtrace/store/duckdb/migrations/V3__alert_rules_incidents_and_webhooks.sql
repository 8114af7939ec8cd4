-- Version 3: alert rules, the incidents they open, and webhook deliveries with every attempt.
CREATE TABLE IF NOT EXISTS alert_rules (project_id VARCHAR NOT NULL, rule_id VARCHAR NOT NULL, name VARCHAR NOT NULL,
    enabled BOOLEAN NOT NULL, definition_json VARCHAR NOT NULL, created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL, PRIMARY KEY (project_id, rule_id));
CREATE TABLE IF NOT EXISTS alert_incidents (project_id VARCHAR NOT NULL, incident_id VARCHAR NOT NULL,
    rule_id VARCHAR NOT NULL, status VARCHAR NOT NULL, opened_at_ms BIGINT NOT NULL, resolved_at_ms BIGINT,
    updated_at_ms BIGINT NOT NULL, details_json VARCHAR NOT NULL, PRIMARY KEY (project_id, incident_id));
CREATE TABLE IF NOT EXISTS webhook_deliveries (project_id VARCHAR NOT NULL, delivery_id VARCHAR NOT NULL,
    rule_id VARCHAR NOT NULL, incident_id VARCHAR NOT NULL, url VARCHAR NOT NULL, event VARCHAR NOT NULL,
    payload_json VARCHAR NOT NULL, status VARCHAR NOT NULL, attempts INTEGER NOT NULL, created_at_ms BIGINT NOT NULL,
    next_attempt_at_ms BIGINT NOT NULL, PRIMARY KEY (project_id, delivery_id));
CREATE TABLE IF NOT EXISTS webhook_attempts (delivery_id VARCHAR NOT NULL, attempt INTEGER NOT NULL,
    attempted_at_ms BIGINT NOT NULL, status_code INTEGER, error VARCHAR, duration_ms BIGINT NOT NULL,
    PRIMARY KEY (delivery_id, attempt));
