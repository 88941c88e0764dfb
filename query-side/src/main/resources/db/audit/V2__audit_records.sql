-- The audit trail: one record per event and per refused command, in one total order (seq 1, 2, 3, ... without gaps),
-- each hash-chained to the one before (hash = SHA-256(prev_hash || canonical bytes), see AuditRecordHash).
CREATE TABLE audit_records (
    seq            BIGINT      PRIMARY KEY CHECK (seq > 0),
    event_id       TEXT        NOT NULL UNIQUE,
    occurred_at    TIMESTAMPTZ NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL,
    user_id        TEXT,
    agent_id       TEXT,
    actor_chain    JSONB,
    actor          JSONB,
    action         TEXT        NOT NULL,
    event_type     TEXT        NOT NULL,
    target_type    TEXT,
    target_id      TEXT,
    outcome        TEXT        NOT NULL CHECK (outcome IN ('accepted', 'refused')),
    reason_code    TEXT,
    payload_digest TEXT        NOT NULL,
    envelope       JSONB       NOT NULL,
    prev_hash      TEXT        NOT NULL,
    hash           TEXT        NOT NULL
);

-- The auditors' filters; seq stays the order, so each filter pages by seq.
CREATE INDEX audit_records_user ON audit_records (user_id, seq);
CREATE INDEX audit_records_agent ON audit_records (agent_id, seq);
CREATE INDEX audit_records_target ON audit_records (target_type, target_id, seq);
CREATE INDEX audit_records_occurred ON audit_records (occurred_at, seq);
-- The verifier looks a misplaced record's prev_hash up to say where it belongs.
CREATE INDEX audit_records_hash ON audit_records (hash);
