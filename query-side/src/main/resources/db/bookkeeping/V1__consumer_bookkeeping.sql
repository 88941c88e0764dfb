-- What every consumer keeps beside its writes, in the same transaction: in each database a consumer writes to
-- (read models and audit), migrated there from this one location.

-- The next Kafka offset to read per partition: where a consumer resumes after a restart.
CREATE TABLE consumer_offsets (
    consumer    TEXT    NOT NULL,
    topic       TEXT    NOT NULL,
    partition   INTEGER NOT NULL,
    next_offset BIGINT  NOT NULL,
    PRIMARY KEY (consumer, topic, partition)
);

-- Event ids already applied: a redelivered event (the relay retried a batch) is skipped.
CREATE TABLE applied_events (
    consumer TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

-- Records that could not be read; they do not stop their partition.
CREATE TABLE dead_letters (
    id          BIGSERIAL   PRIMARY KEY,
    consumer    TEXT        NOT NULL,
    topic       TEXT        NOT NULL,
    partition   INTEGER     NOT NULL,
    record_offset BIGINT    NOT NULL,
    record_key  TEXT,
    record_value BYTEA,
    reason      TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (consumer, topic, partition, record_offset)
);
