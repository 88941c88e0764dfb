-- Append-only, twice over. The application's login may only SELECT and INSERT (a permission error for anything
-- else), and a trigger refuses UPDATE, DELETE and TRUNCATE for every role, the owner included: changing a record
-- takes a superuser who disables the trigger first, and then the hash chain and the signed checkpoints tell.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit store is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

REVOKE ALL ON audit_records, audit_checkpoints FROM PUBLIC;
REVOKE ALL ON audit_records, audit_checkpoints FROM ${writerRole};
GRANT SELECT, INSERT ON audit_records, audit_checkpoints TO ${writerRole};
