-- SlaEscalation schema 0007: notifications whose delivery finally failed (a refusal, or the last retry), for the
-- daily digest's "failed deliveries" exceptions. One row per delivery key and channel ('bus', or 'webhook:{name}');
-- a delivery grain records its failure once, and a repeat of the same record changes nothing (ON CONFLICT DO NOTHING).
-- Keys sort by code point ("C") so the order agrees with the in-memory log's ordinal order.
CREATE TABLE IF NOT EXISTS sla_delivery_failures
(
    delivery_key varchar(400) COLLATE "C" NOT NULL,
    endpoint     varchar(64)  COLLATE "C" NOT NULL,
    type         varchar(100) NOT NULL,
    team         varchar(150) NULL,
    subject      varchar(400) NOT NULL,
    attempts     integer      NOT NULL CHECK (attempts >= 0),
    last_error   text         NOT NULL,
    failed_at    timestamptz  NOT NULL,
    PRIMARY KEY (delivery_key, endpoint)
);

-- The digest asks for one team's failures of one local day, or every team's.
CREATE INDEX IF NOT EXISTS sla_delivery_failures_time ON sla_delivery_failures (failed_at, delivery_key, endpoint);
CREATE INDEX IF NOT EXISTS sla_delivery_failures_team_time ON sla_delivery_failures (team, failed_at) WHERE team IS NOT NULL;
