-- Partitions a consumer stopped at a record it could not apply after its retries (ProjectionConsumer): the audit
-- store never skips a record, and no projection skips one because its database refuses it. The partition stays
-- stopped, the health says so, until an operator removes the row (`java -jar query-side.jar retry-stalled`, or
-- DELETE here) after fixing the cause; then the consumer tries that record again. Other partitions go on.
-- (Versions are shared with db/readmodels and db/audit, which run in the same Flyway history: hence 7.)
CREATE TABLE consumer_stalls (
    consumer      TEXT        NOT NULL,
    topic         TEXT        NOT NULL,
    partition     INTEGER     NOT NULL,
    record_offset BIGINT      NOT NULL,
    reason        TEXT        NOT NULL,
    stalled_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, topic, partition)
);
