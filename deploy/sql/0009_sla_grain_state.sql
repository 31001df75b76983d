-- SlaEscalation schema 0009: grain state written by group commit (PostgresGrainStorage in the silo).
-- One row per grain and state name, keyed by the whole grain id ("type/key"), so two grain types never share a row.
-- The grain id leads the key: writes and reads find a batch's rows by their ids (grain_id = ANY(...)), and with the id
-- first that is the only way into the index, however little the planner knows of the table yet.
-- version is the ETag: a first write inserts version 1 only if no row exists; each later write succeeds only against
-- the version it read, and bumps it. payload is the state in Orleans' binary format; NULL once cleared.
-- Rows are updated in place many times (every accepted event rewrites its ticket's row): pages keep a fifth free so
-- an update can stay on its page without touching the index (a HOT update).
-- State written before this table existed stays in OrleansStorage and is read from there until the grain's next
-- write moves it here.
CREATE TABLE IF NOT EXISTS sla_grain_state
(
    service_id  varchar(150) COLLATE "C" NOT NULL,
    grain_id    text         COLLATE "C" NOT NULL,
    state_name  varchar(150) COLLATE "C" NOT NULL,
    payload     bytea        NULL,
    version     integer      NOT NULL,
    modified_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_id, state_name, service_id)
) WITH (fillfactor = 80);
