-- Meetings: groups, user templates, sessions as append-only event logs.
CREATE TABLE meeting_group (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    language          TEXT NOT NULL,
    default_template  TEXT NOT NULL,
    usual_minutes     INTEGER NOT NULL,
    created_at        TEXT NOT NULL
);

CREATE TABLE user_template (
    id          INTEGER PRIMARY KEY,
    body        TEXT NOT NULL,  -- JSON: the whole template
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE session (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER REFERENCES meeting_group (id) ON DELETE SET NULL,
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    record      TEXT            -- JSON: the after-meeting record, once saved
);
CREATE INDEX session_newest ON session (started_at DESC, id DESC);

-- Every transition of a meeting, in order; rows are never updated.
CREATE TABLE session_event (
    session_id  INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    event       TEXT NOT NULL,  -- JSON: meeting::Event
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
