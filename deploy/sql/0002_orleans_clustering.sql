-- SlaEscalation schema 0002: Orleans cluster membership (ADO.NET clustering provider).
-- The only concurrency token is the integer Version of the deployment's row in OrleansMembershipVersionTable:
-- every membership insert or update is a compare-and-swap on it, done in the same statement as the row write.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0,
    CONSTRAINT OrleansMembershipVersionTable_Key PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address      varchar(45)  NOT NULL,
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     varchar(150) NOT NULL,
    HostName     varchar(150) NOT NULL,
    Status       integer      NOT NULL,
    ProxyPort    integer      NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,
    CONSTRAINT OrleansMembershipTable_Key PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', '
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId::varchar)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM created;
'),
('InsertMembershipKey', '
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
       SET Version = Version + 1, Timestamp = now()
     WHERE DeploymentId = @DeploymentId::varchar
       AND Version = @Version::integer
       AND NOT EXISTS (
           SELECT 1 FROM OrleansMembershipTable m
            WHERE m.DeploymentId = @DeploymentId::varchar AND m.Address = @Address::varchar
              AND m.Port = @Port::integer AND m.Generation = @Generation::integer)
    RETURNING DeploymentId
), inserted AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT b.DeploymentId, @Address::varchar, @Port::integer, @Generation::integer, @SiloName::varchar,
           @HostName::varchar, @Status::integer, @ProxyPort::integer, @StartTime::timestamptz, @IAmAliveTime::timestamptz
      FROM bumped b
    RETURNING 1
)
SELECT count(*)::integer FROM inserted;
'),
('UpdateMembershipKey', '
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
       SET Version = Version + 1, Timestamp = now()
     WHERE DeploymentId = @DeploymentId::varchar
       AND Version = @Version::integer
       AND EXISTS (
           SELECT 1 FROM OrleansMembershipTable m
            WHERE m.DeploymentId = @DeploymentId::varchar AND m.Address = @Address::varchar
              AND m.Port = @Port::integer AND m.Generation = @Generation::integer)
    RETURNING DeploymentId
), updated AS (
    UPDATE OrleansMembershipTable m
       SET Status = @Status::integer, SuspectTimes = @SuspectTimes::varchar, IAmAliveTime = @IAmAliveTime::timestamptz
      FROM bumped b
     WHERE m.DeploymentId = b.DeploymentId AND m.Address = @Address::varchar
       AND m.Port = @Port::integer AND m.Generation = @Generation::integer
    RETURNING 1
)
SELECT count(*)::integer FROM updated;
'),
('UpdateIAmAlivetimeKey', '
UPDATE OrleansMembershipTable
   SET IAmAliveTime = @IAmAliveTime::timestamptz
 WHERE DeploymentId = @DeploymentId::varchar AND Address = @Address::varchar
   AND Port = @Port::integer AND Generation = @Generation::integer;
'),
('MembershipReadRowKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
  FROM OrleansMembershipVersionTable v
  LEFT JOIN OrleansMembershipTable m
         ON m.DeploymentId = v.DeploymentId AND m.Address = @Address::varchar
        AND m.Port = @Port::integer AND m.Generation = @Generation::integer
 WHERE v.DeploymentId = @DeploymentId::varchar;
'),
('MembershipReadAllKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
  FROM OrleansMembershipVersionTable v
  LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
 WHERE v.DeploymentId = @DeploymentId::varchar;
'),
('GatewaysQueryKey', '
SELECT Address, ProxyPort, Generation
  FROM OrleansMembershipTable
 WHERE DeploymentId = @DeploymentId::varchar AND Status = @Status::integer AND ProxyPort > 0;
'),
('DeleteMembershipTableEntriesKey', '
WITH members AS (
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId::varchar
)
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId::varchar;
'),
('CleanupDefunctSiloEntriesKey', '
DELETE FROM OrleansMembershipTable
 WHERE DeploymentId = @DeploymentId::varchar
   AND IAmAliveTime < @IAmAliveTime::timestamptz
   AND Status <> 3;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
