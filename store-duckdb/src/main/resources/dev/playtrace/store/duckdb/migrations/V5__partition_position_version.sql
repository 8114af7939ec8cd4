-- Version 5: a partition's position carries its owner's version and is replaced only by a higher one, so a Kafka
-- worker that stalled past losing its partition cannot move the position back by writing late.
ALTER TABLE ingest_position ADD COLUMN IF NOT EXISTS position_version BIGINT DEFAULT 0;
