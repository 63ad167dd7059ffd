-- The self-care and boundaries journal: daily check-ins, boundary events,
-- self-care plan versions, supervision dates; reflections gain a prompt and
-- the "bring to supervision" flag.
CREATE TABLE checkin (
    day               TEXT PRIMARY KEY,        -- local calendar date, YYYY-MM-DD
    mood              INTEGER NOT NULL,        -- 0..10
    energy            INTEGER NOT NULL,        -- 0..10
    stress            INTEGER NOT NULL,        -- 0..10
    sleep_half_hours  INTEGER,                 -- 0..48, NULL when not given
    selfcare          TEXT NOT NULL,           -- JSON array of activity keys
    note              TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE boundary_event (
    id             INTEGER PRIMARY KEY,
    day            TEXT NOT NULL,              -- YYYY-MM-DD
    kind           TEXT NOT NULL,
    what_happened  TEXT NOT NULL,
    what_i_did     TEXT NOT NULL,
    how_i_feel     TEXT NOT NULL,
    supervision    INTEGER NOT NULL,           -- 1: bring to supervision
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX boundary_event_by_day ON boundary_event (day DESC, id DESC);
CREATE TABLE plan_version (                    -- every saved self-care plan
    id        INTEGER PRIMARY KEY,
    saved_at  TEXT NOT NULL,
    body      TEXT NOT NULL                    -- JSON: the whole plan
);
CREATE TABLE supervision (                     -- dates of supervision sessions
    day  TEXT PRIMARY KEY
) WITHOUT ROWID;
ALTER TABLE reflection ADD COLUMN prompt TEXT;                  -- a built-in prompt's key
ALTER TABLE reflection ADD COLUMN supervision INTEGER NOT NULL DEFAULT 0;
