-- The audit store's consumer records and clears its own stalls with the writer login.
GRANT SELECT, INSERT, UPDATE, DELETE ON consumer_stalls TO ${writerRole};
