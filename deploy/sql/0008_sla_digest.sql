-- SlaEscalation schema 0008: the daily digest's ledger behind GET /v1/digests/{team}/{date}.
-- sla_digest_fact: one row per fact a digest counts (a ticket created, solved or reopened, a breach, an achievement,
-- an escalation step, a task), keyed by the id of the bus item it comes from, so a fact delivered twice, or found
-- again by a recount, is stored once. A digest's figures are its team's rows of one local day.
CREATE TABLE IF NOT EXISTS sla_digest_fact
(
    fact_id     varchar(400) COLLATE "C" NOT NULL PRIMARY KEY,
    team        varchar(150) NOT NULL,
    local_date  date         NOT NULL,
    kind        varchar(40)  NOT NULL,
    ticket_key  varchar(150) NOT NULL,
    at          timestamptz  NOT NULL,
    metric      varchar(40)  NULL,
    priority    varchar(20)  NULL,
    on_time     boolean      NULL,
    recorded_at timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS sla_digest_fact_day ON sla_digest_fact (team, local_date);

-- sla_digest_ticket: what the digest knows of each ticket to age the backlog and find tickets without an agent:
-- its creation at the source (never changes) and its latest owner change (owner_seq = n of owner#n; a higher one
-- replaces the owner part). Joined with sla_ticket_index (the ticket's team and SLA state now) when measuring.
CREATE TABLE IF NOT EXISTS sla_digest_ticket
(
    ticket_key       varchar(150) NOT NULL PRIMARY KEY,
    created_at       timestamptz  NOT NULL,
    owner_seq        integer      NOT NULL,
    unassigned_since timestamptz  NULL
);
