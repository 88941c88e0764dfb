-- The auditors' trace id filter (GET /audit/records?traceId=): every record of one request through the edge, found by
-- the W3C trace id in the record's actor (the envelope's own, the source of truth; Kafka headers play no part), paged
-- by seq like the other filters. Records without a trace id are left out of the index: no query asks for them.
-- An index changes no record and fires no trigger: the table stays append-only for the writer role, which gets no new
-- grant. The expression is spelled as AuditRecordFilter queries it.
-- On a large production trail a DBA may build it beforehand without blocking the writers (same name, same definition,
-- CREATE INDEX CONCURRENTLY outside a transaction); this migration then leaves it as it is.
CREATE INDEX IF NOT EXISTS audit_records_trace ON audit_records ((actor ->> 'traceId'), seq)
    WHERE (actor ->> 'traceId') IS NOT NULL;
