-- SlaEscalation schema 0003: Orleans grain state (ADO.NET grain storage provider).
-- A row is found by its hashes (indexed) and then checked on the full key, since hashes collide.
-- Version is the ETag: an insert only when the grain holds none, an update only when it matches,
-- and every write returns one row so that a refused write is seen as a version conflict.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NOT NULL
);

CREATE INDEX IF NOT EXISTS OrleansStorage_Hashes ON OrleansStorage (GrainIdHash, GrainTypeHash);

-- One row per grain and state name: concurrent first writes of the same grain cannot both insert.
CREATE UNIQUE INDEX IF NOT EXISTS OrleansStorage_Grain ON OrleansStorage
    (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, md5(GrainTypeString), md5(coalesce(GrainIdExtensionString, '')));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
SELECT PayloadBinary, Version
  FROM OrleansStorage
 WHERE GrainIdHash = @GrainIdHash::integer AND GrainTypeHash = @GrainTypeHash::integer
   AND ServiceId = @ServiceId::varchar AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
   AND GrainTypeString = @GrainTypeString::varchar
   AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar;
'),
('WriteToStorageKey', '
WITH updated AS (
    UPDATE OrleansStorage
       SET PayloadBinary = @PayloadBinary::bytea, ModifiedOn = now(), Version = Version + 1
     WHERE @GrainStateVersion::integer IS NOT NULL
       AND GrainIdHash = @GrainIdHash::integer AND GrainTypeHash = @GrainTypeHash::integer
       AND ServiceId = @ServiceId::varchar AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
       AND GrainTypeString = @GrainTypeString::varchar
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
       AND Version = @GrainStateVersion::integer
    RETURNING Version
), inserted AS (
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, Version)
    SELECT @GrainIdHash::integer, @GrainIdN0::bigint, @GrainIdN1::bigint, @GrainTypeHash::integer, @GrainTypeString::varchar,
           @GrainIdExtensionString::varchar, @ServiceId::varchar, @PayloadBinary::bytea, 1
     WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
)
SELECT coalesce((SELECT Version FROM updated), (SELECT Version FROM inserted), @GrainStateVersion::integer) AS NewGrainStateVersion;
'),
('ClearStorageKey', '
WITH cleared AS (
    UPDATE OrleansStorage
       SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
     WHERE GrainIdHash = @GrainIdHash::integer AND GrainTypeHash = @GrainTypeHash::integer
       AND ServiceId = @ServiceId::varchar AND GrainIdN0 = @GrainIdN0::bigint AND GrainIdN1 = @GrainIdN1::bigint
       AND GrainTypeString = @GrainTypeString::varchar
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
       AND Version = @GrainStateVersion::integer
    RETURNING Version
)
SELECT coalesce((SELECT Version FROM cleared), @GrainStateVersion::integer) AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
