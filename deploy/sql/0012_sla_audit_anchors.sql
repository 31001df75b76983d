-- SlaEscalation schema 0012: signed anchors of the audit chains' heads (AuditAnchors in the grains).
-- Each append also records each chain's new head (chain_seq, chain_hash) as the next anchor, in the same transaction,
-- with an HMAC (digest) keyed by Audit__AnchorKey, which the database never holds. Anchors form one chain: each names
-- the digest of the anchor before it. `SlaEscalation.Silo audit verify` checks every chain against its latest
-- anchor, so deleting a chain's newest entries, or a whole chain, shows, and prints the latest anchor's digest.
-- Append-only like sla_audit: the application role gets INSERT and SELECT only (0013).
CREATE TABLE IF NOT EXISTS sla_audit_anchor
(
    seq             bigint       NOT NULL PRIMARY KEY CHECK (seq >= 1),
    chain_key       varchar(200) COLLATE "C" NOT NULL,
    chain_seq       bigint       NOT NULL CHECK (chain_seq >= 1),
    chain_hash      char(64)     NOT NULL,
    previous_digest char(64)     NULL,
    digest          char(64)     NOT NULL
);
