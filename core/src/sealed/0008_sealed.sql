-- Sealed notes (docs/sealed-format.md): the vault's two X25519 identities,
-- the captures already imported, the co-facilitators a handover is sealed
-- to, and the handovers received from them.

-- One age identity per purpose ('capture': notes written while locked;
-- 'handover': meetings handed over by co-facilitators). The secret is the
-- age secret key as text (AGE-SECRET-KEY-1…); only this encrypted
-- database holds it.
CREATE TABLE sealed_identity (
    purpose TEXT PRIMARY KEY CHECK (purpose IN ('capture', 'handover')),
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

-- Every capture imported, by the id inside it: a crash between the import
-- and the removal of its file never imports it twice.
CREATE TABLE capture_imported (
    capture_id TEXT PRIMARY KEY,
    imported_at TEXT NOT NULL
) WITHOUT ROWID;

-- The people who take turns running a group, and their handover
-- recipients (age1…).
CREATE TABLE cofacilitator (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    recipient TEXT NOT NULL UNIQUE,
    added_at TEXT NOT NULL
);

-- Meetings handed over to this vault: the handover's id (the same meeting
-- imported twice is one row), the group it was imported into, who sealed
-- it as the file says, and the meeting as the handover document holds it
-- (JSON). Never merged into this vault's own sessions.
CREATE TABLE handover_received (
    id INTEGER PRIMARY KEY,
    handover_id TEXT NOT NULL UNIQUE,
    group_id INTEGER,
    from_name TEXT NOT NULL,
    from_recipient TEXT NOT NULL,
    meeting TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX handover_received_group ON handover_received (group_id, id);
