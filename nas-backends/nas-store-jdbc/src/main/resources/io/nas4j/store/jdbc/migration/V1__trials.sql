-- The first schema: one row per trial, the search's attributes (configuration, seed), and the lock of the
-- process that runs the search. Plain SQL that SQLite and PostgreSQL both read; statements end with ';'
-- at the end of a line.
CREATE TABLE search_attributes (
    name  VARCHAR(200) PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE search_lock (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE trials (
    id                BIGINT PRIMARY KEY,
    state             VARCHAR(16) NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETE', 'FAILED', 'PRUNED')),
    genome            TEXT NOT NULL,
    genome_key        TEXT NOT NULL,
    fidelity          DOUBLE PRECISION,
    batch             INTEGER NOT NULL,
    asked_after_tells INTEGER NOT NULL,
    tell_index        INTEGER NOT NULL,
    metrics           TEXT NOT NULL,
    cost              DOUBLE PRECISION,
    curve             TEXT NOT NULL,
    reason            TEXT NOT NULL,
    attempt           INTEGER NOT NULL,
    worker            TEXT,
    lease_owner       TEXT,
    lease_token       BIGINT NOT NULL DEFAULT 0,
    lease_expires_at  BIGINT,
    started_at        VARCHAR(40),
    finished_at       VARCHAR(40),
    seconds           DOUBLE PRECISION
);

CREATE INDEX trials_by_state ON trials (state, id);
