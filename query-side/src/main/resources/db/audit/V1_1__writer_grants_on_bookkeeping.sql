-- The application's login may move its offsets, nothing more: the audit records it writes are INSERT-only.
GRANT SELECT, INSERT, UPDATE ON consumer_offsets TO ${writerRole};
GRANT SELECT, INSERT ON applied_events, dead_letters TO ${writerRole};
GRANT USAGE ON SEQUENCE dead_letters_id_seq TO ${writerRole};
