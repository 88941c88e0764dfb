-- Each checkpoint is also published as a C2SP tlog-checkpoint in a signed note (origin, tree size, base64 root, and
-- the log key's Ed25519 note signature), the form witnesses cosign and third parties verify. Checkpoints signed
-- before this column existed have none and keep verifying by their first form (signature, key_id).
ALTER TABLE audit_checkpoints ADD COLUMN note TEXT;
