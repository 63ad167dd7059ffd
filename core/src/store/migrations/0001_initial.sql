-- Released in 0.1.0. Never edit: add a new migration instead.
CREATE TABLE reflection (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,  -- UTC, RFC 3339 with milliseconds
    updated_at  TEXT NOT NULL
);
CREATE INDEX reflection_newest ON reflection (created_at DESC, id DESC);

CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
