-- Signed tree heads: "the first tree_size records have the RFC 9162 Merkle root root_hash", Ed25519-signed
-- (message format: Checkpoint.signedMessage()). Several nodes may sign the same size: the first one stands.
CREATE TABLE audit_checkpoints (
    tree_size  BIGINT      PRIMARY KEY CHECK (tree_size > 0),
    root_hash  TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    key_id     TEXT        NOT NULL,
    signature  TEXT        NOT NULL
);
