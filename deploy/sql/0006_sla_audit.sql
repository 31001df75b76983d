-- SlaEscalation schema 0006: the tamper-evident audit trail behind GET /v1/tickets/{key}/timeline and GET /v1/audit.
-- Append-only: one row per entry, keyed by its chain (a ticket key, or 'config', 'rejected-events') and its
-- sequence within the chain. Each row carries the hash of the row before it and its own hash over every column
-- (AuditHash in the grains), so `SlaEscalation.Silo audit verify` finds edited, deleted and reordered rows.
-- Text columns, not jsonb: jsonb would rewrite before/after and the hashes would no longer hold. chain_key sorts by
-- code point ("C") so keyset paging agrees with the grains' ordinal order.
CREATE TABLE IF NOT EXISTS sla_audit
(
    chain_key     varchar(200) COLLATE "C" NOT NULL,
    seq           bigint       NOT NULL CHECK (seq >= 1),
    at            timestamptz  NOT NULL,
    actor_kind    varchar(20)  NOT NULL,
    actor         varchar(200) NOT NULL,
    ticket_key    varchar(200) COLLATE "C" NULL,
    action        varchar(40)  NOT NULL,
    before_json   text         NULL,
    after_json    text         NULL,
    caused_by     text         NULL,
    previous_hash char(64)     NULL,
    hash          char(64)     NOT NULL,
    PRIMARY KEY (chain_key, seq)
);

-- GET /v1/audit orders by (at, chain_key, seq) and pages by that key, alone or filtered by ticket, actor or action.
CREATE INDEX IF NOT EXISTS sla_audit_time ON sla_audit (at, chain_key, seq);
CREATE INDEX IF NOT EXISTS sla_audit_ticket_time ON sla_audit (ticket_key, at, chain_key, seq) WHERE ticket_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS sla_audit_actor_time ON sla_audit (actor, at, chain_key, seq);
CREATE INDEX IF NOT EXISTS sla_audit_action_time ON sla_audit (action, at, chain_key, seq);
