-- The audit store keeps every Kafka record exactly as it arrived (envelope_bytes), beside the searchable columns,
-- whose text PostgreSQL must be able to hold (a NUL or half a surrogate pair becomes U+FFFD there). Records appended
-- before this migration are format 1 (no exact bytes; hashed as before); every record appended after is format 2,
-- whose hash covers the exact bytes too (AuditRecordHash). A record that is no envelope at all is kept as well, with
-- the outcome 'unreadable', so the trail never skips a record of the topic.
-- Adding a column with a constant default rewrites no row and fires no trigger: the table stays append-only.
ALTER TABLE audit_records ADD COLUMN format SMALLINT NOT NULL DEFAULT 1 CHECK (format IN (1, 2));
ALTER TABLE audit_records ADD COLUMN envelope_bytes BYTEA CHECK (format = 1 OR envelope_bytes IS NOT NULL);
ALTER TABLE audit_records DROP CONSTRAINT audit_records_outcome_check;
ALTER TABLE audit_records ADD CONSTRAINT audit_records_outcome_check
    CHECK (outcome IN ('accepted', 'refused', 'unreadable'));
