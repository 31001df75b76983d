-- SlaEscalation schema 0011: whom a command's actor said it acted for (the body's "by"), kept beside the actor.
-- The actor is always the authenticated principal; a row with an on_behalf_of is hashed as sla-audit/v2 (AuditHash
-- in the grains), a row without one as v1, so rows written before this column existed still verify.
ALTER TABLE sla_audit ADD COLUMN IF NOT EXISTS on_behalf_of varchar(200) NULL;
