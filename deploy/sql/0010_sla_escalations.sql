-- SlaEscalation schema 0010: the escalation and engineering-task lists behind GET /v1/escalations and a ticket's
-- escalations[] and tasks[]. Each escalation and task grain upserts its row when it changes (the row carries the
-- whole view as JSON), so listing never scans grains.
CREATE TABLE IF NOT EXISTS sla_escalations
(
    escalation_id varchar(40)  NOT NULL PRIMARY KEY,
    ticket_key    varchar(150) NOT NULL,
    state         varchar(20)  NOT NULL,
    owner         varchar(210) NOT NULL,
    updated_at    timestamptz  NOT NULL,
    view          jsonb        NOT NULL
);

CREATE INDEX IF NOT EXISTS sla_escalations_state_owner ON sla_escalations (state, owner, escalation_id);
CREATE INDEX IF NOT EXISTS sla_escalations_ticket ON sla_escalations (ticket_key, escalation_id);

CREATE TABLE IF NOT EXISTS sla_tasks
(
    task_id    varchar(40)  NOT NULL PRIMARY KEY,
    ticket_key varchar(150) NOT NULL,
    status     varchar(20)  NOT NULL,
    created_at timestamptz  NOT NULL,
    updated_at timestamptz  NOT NULL,
    view       jsonb        NOT NULL
);

CREATE INDEX IF NOT EXISTS sla_tasks_ticket ON sla_tasks (ticket_key, created_at);
