-- SlaEscalation schema 0013: what the application role may do.
-- Two roles: the migration role (the user `migrate` runs as) owns every table; the silos log in as a member of the
-- group role sla_app, which may read and write the tables but never change the schema, and may only INSERT and
-- SELECT the audit trail (sla_audit) and its anchors (sla_audit_anchor): through the silos' credentials an entry,
-- once written, can be neither changed nor deleted. Create sla_app before the first `migrate` (docs/operating.md);
-- without it this script grants nothing and one user that owns everything keeps working as before.
-- Tables added by later scripts get the read-write grants by default; an append-only one revokes them itself.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'sla_app') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO sla_app', current_schema());
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO sla_app', current_schema());
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO sla_app', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sla_app', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO sla_app', current_schema());
        REVOKE UPDATE, DELETE, TRUNCATE ON sla_audit, sla_audit_anchor FROM sla_app;
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON sla_schema_migrations FROM sla_app;
    END IF;
END
$$;
