-- The research notebook (当事者研究, core/src/research): a person's research
-- into their own difficulties, each piece kept as it grows.

-- A piece of research: the theme, the person's own name for the
-- difficulty, their ways of helping themselves, its status and dates.
-- `terms` are its search terms (every field below, the newest pattern,
-- its experiments and ideas), kept in step by the core in the same
-- transaction as any change; the triggers below index them.
CREATE TABLE research (
    id INTEGER PRIMARY KEY,
    theme TEXT NOT NULL,
    own_name TEXT NOT NULL,
    helping_myself TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('researching', 'resting', 'presented')),
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status_at TEXT NOT NULL,
    terms TEXT NOT NULL DEFAULT ''
);

-- Every version of a pattern, oldest first; the newest is the pattern.
-- `steps` is JSON: [{"kind", "text", "back_to"}].
CREATE TABLE research_pattern (
    id INTEGER PRIMARY KEY,
    research_id INTEGER NOT NULL REFERENCES research (id) ON DELETE CASCADE,
    saved_at TEXT NOT NULL,
    steps TEXT NOT NULL
);
CREATE INDEX research_pattern_newest ON research_pattern (research_id, id);

-- What I will try, when, what happened, and whether to keep it.
CREATE TABLE research_experiment (
    id INTEGER PRIMARY KEY,
    research_id INTEGER NOT NULL REFERENCES research (id) ON DELETE CASCADE,
    what TEXT NOT NULL,
    try_when TEXT NOT NULL,
    result TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('open', 'keep', 'adjust', 'drop')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX research_experiment_of ON research_experiment (research_id, id);

-- Ideas from peers, written after a meeting, without names.
CREATE TABLE research_idea (
    id INTEGER PRIMARY KEY,
    research_id INTEGER NOT NULL REFERENCES research (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX research_idea_of ON research_idea (research_id, id);

-- The meetings a piece of research was presented at: only the link, never
-- a person's name.
CREATE TABLE research_presented (
    session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    research_id INTEGER NOT NULL REFERENCES research (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, research_id)
) WITHOUT ROWID;
CREATE INDEX research_presented_by_research ON research_presented (research_id, session_id);

CREATE TRIGGER research_search_insert AFTER INSERT ON research BEGIN
    INSERT INTO search_put VALUES ('research', CAST(new.id AS TEXT), new.started_at, NULL, new.terms, NULL);
END;
CREATE TRIGGER research_search_update AFTER UPDATE OF terms ON research WHEN old.terms IS NOT new.terms BEGIN
    INSERT INTO search_put VALUES ('research', CAST(new.id AS TEXT), new.started_at, NULL, new.terms, old.terms);
END;
CREATE TRIGGER research_search_delete AFTER DELETE ON research BEGIN
    INSERT INTO search_drop VALUES ('research', CAST(old.id AS TEXT), old.terms);
END;
