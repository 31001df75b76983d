-- SlaEscalation schema 0005: the ticket list behind GET /v1/tickets?sla=...&team=...
-- Each ticket grain upserts its row when what the list shows changes, so listing never scans grains.
CREATE TABLE IF NOT EXISTS sla_ticket_index
(
    ticket_key    varchar(150) NOT NULL PRIMARY KEY,
    team          varchar(150) NOT NULL,
    agent         varchar(150) NULL,
    status        varchar(20)  NOT NULL,
    sla_state     varchar(20)  NOT NULL,
    next_deadline timestamptz  NULL,
    updated_at    timestamptz  NOT NULL
);

CREATE INDEX IF NOT EXISTS sla_ticket_index_state_team ON sla_ticket_index (sla_state, team, ticket_key);
CREATE INDEX IF NOT EXISTS sla_ticket_index_state ON sla_ticket_index (sla_state, ticket_key);
