-- SlaEscalation schema 0001: the query catalogue the Orleans ADO.NET providers read at start-up.
-- Each provider loads every row of OrleansQuery once and binds parameters and result columns by name.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
