-- Full-text search (core/src/search). One row per searchable entry; its id is
-- also its row in the index and orders entries by time: the entry's minute
-- since 1970 (UTC) × 64, plus a counter for entries of the same minute (a
-- 65th entry in one minute goes after every later id). Close ids keep the
-- index small: FTS5 stores the gaps between them. Day-only entries
-- (check-ins, boundary events) stand at 12:00 UTC of their day.
CREATE TABLE search_entry (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,      -- reflection, checkin, boundary, plan, session, group
    ref       TEXT NOT NULL,      -- the entry's id, or its day for a check-in
    group_id  INTEGER,            -- a meeting's group, or the group itself
    UNIQUE (kind, ref)
);

-- Terms only (content=''): the words live once, in their own tables. Terms
-- are ASCII made by enza_search_terms (a word, a CJK character as _xxxxxx,
-- a lone _ for a break), so the tokenizer only splits at spaces. An entry
-- leaves the index through FTS5's 'delete' command with the terms it went in
-- with, and secure-delete then removes every trace of them at once.
CREATE VIRTUAL TABLE search_index USING fts5(
    terms, content = '',
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
);
INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1);

-- An update that leaves an entry's text as it was does not touch the index.
-- Writing to these views (re)indexes or drops one entry; old_terms are the
-- terms the entry was indexed with. The triggers below write to them, so the
-- index changes in the same transaction as the content.
CREATE VIEW search_put AS SELECT
    NULL AS kind, NULL AS ref, NULL AS at, NULL AS group_id, NULL AS terms, NULL AS old_terms WHERE 0;
CREATE VIEW search_drop AS SELECT NULL AS kind, NULL AS ref, NULL AS old_terms WHERE 0;

CREATE TRIGGER search_drop INSTEAD OF INSERT ON search_drop BEGIN
    INSERT INTO search_index (search_index, rowid, terms)
        SELECT 'delete', id, new.old_terms FROM search_entry WHERE kind = new.kind AND ref = new.ref;
    DELETE FROM search_entry WHERE kind = new.kind AND ref = new.ref;
END;

CREATE TRIGGER search_put INSTEAD OF INSERT ON search_put BEGIN
    INSERT INTO search_drop VALUES (new.kind, new.ref, new.old_terms);
    INSERT INTO search_entry (id, kind, ref, group_id)
        SELECT CASE
                WHEN max(id) IS NULL THEN enza_search_rowid(new.at)
                WHEN max(id) + 1 < enza_search_rowid(new.at) + 64 THEN max(id) + 1
                ELSE (SELECT max(id) + 1 FROM search_entry WHERE id >= enza_search_rowid(new.at))
            END, new.kind, new.ref, new.group_id
        FROM search_entry
        WHERE id BETWEEN enza_search_rowid(new.at) AND enza_search_rowid(new.at) + 63
        HAVING new.terms <> '';
    INSERT INTO search_index (rowid, terms)
        SELECT id, new.terms FROM search_entry WHERE kind = new.kind AND ref = new.ref;
END;

-- Reflections: title and body.
CREATE TRIGGER reflection_search_insert AFTER INSERT ON reflection BEGIN
    INSERT INTO search_put VALUES ('reflection', CAST(new.id AS TEXT), new.created_at, NULL,
        enza_search_terms(new.title, new.body), NULL);
END;
CREATE TRIGGER reflection_search_update AFTER UPDATE OF title, body, created_at ON reflection
WHEN old.title IS NOT new.title OR old.body IS NOT new.body OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO search_put VALUES ('reflection', CAST(new.id AS TEXT), new.created_at, NULL,
        enza_search_terms(new.title, new.body), enza_search_terms(old.title, old.body));
END;
CREATE TRIGGER reflection_search_delete AFTER DELETE ON reflection BEGIN
    INSERT INTO search_drop VALUES ('reflection', CAST(old.id AS TEXT), enza_search_terms(old.title, old.body));
END;

-- Check-ins: the note.
CREATE TRIGGER checkin_search_insert AFTER INSERT ON checkin BEGIN
    INSERT INTO search_put VALUES ('checkin', new.day, new.day, NULL, enza_search_terms(new.note), NULL);
END;
CREATE TRIGGER checkin_search_update AFTER UPDATE OF note ON checkin WHEN old.note IS NOT new.note BEGIN
    INSERT INTO search_put VALUES ('checkin', new.day, new.day, NULL,
        enza_search_terms(new.note), enza_search_terms(old.note));
END;
CREATE TRIGGER checkin_search_delete AFTER DELETE ON checkin BEGIN
    INSERT INTO search_drop VALUES ('checkin', old.day, enza_search_terms(old.note));
END;

-- Boundary events: what happened, what I did, how I feel.
CREATE TRIGGER boundary_search_insert AFTER INSERT ON boundary_event BEGIN
    INSERT INTO search_put VALUES ('boundary', CAST(new.id AS TEXT), new.day, NULL,
        enza_search_terms(new.what_happened, new.what_i_did, new.how_i_feel), NULL);
END;
CREATE TRIGGER boundary_search_update
AFTER UPDATE OF day, what_happened, what_i_did, how_i_feel ON boundary_event
WHEN old.day IS NOT new.day OR old.what_happened IS NOT new.what_happened
  OR old.what_i_did IS NOT new.what_i_did OR old.how_i_feel IS NOT new.how_i_feel BEGIN
    INSERT INTO search_put VALUES ('boundary', CAST(new.id AS TEXT), new.day, NULL,
        enza_search_terms(new.what_happened, new.what_i_did, new.how_i_feel),
        enza_search_terms(old.what_happened, old.what_i_did, old.how_i_feel));
END;
CREATE TRIGGER boundary_search_delete AFTER DELETE ON boundary_event BEGIN
    INSERT INTO search_drop VALUES ('boundary', CAST(old.id AS TEXT),
        enza_search_terms(old.what_happened, old.what_i_did, old.how_i_feel));
END;

-- The self-care plan: only the newest version is searched.
CREATE VIEW search_plan_terms AS SELECT id, enza_search_terms(
    json_extract(body, '$.warning_signs'), json_extract(body, '$.what_helps'),
    json_extract(body, '$.people'), json_extract(body, '$.say_no_to')) AS terms
FROM plan_version;
CREATE TRIGGER plan_search_insert AFTER INSERT ON plan_version BEGIN
    INSERT INTO search_put VALUES ('plan', 'plan', new.saved_at, NULL,
        (SELECT terms FROM search_plan_terms WHERE id = new.id),
        (SELECT terms FROM search_plan_terms WHERE id < new.id ORDER BY id DESC LIMIT 1));
END;

-- Meetings: the record's text fields, once a record is saved.
CREATE VIEW search_record_terms AS SELECT id, enza_search_terms(
    json_extract(record, '$.themes'), json_extract(record, '$.notes'),
    json_extract(record, '$.follow_ups'), json_extract(record, '$.safety_action'),
    json_extract(record, '$.self_check_in'), json_extract(record, '$.facilitators')) AS terms
FROM session;
CREATE TRIGGER session_search_update AFTER UPDATE OF record, group_id ON session
WHEN old.record IS NOT new.record OR old.group_id IS NOT new.group_id BEGIN
    INSERT INTO search_put VALUES ('session', CAST(new.id AS TEXT), new.started_at, new.group_id,
        (SELECT terms FROM search_record_terms WHERE id = new.id),
        enza_search_terms(
            json_extract(old.record, '$.themes'), json_extract(old.record, '$.notes'),
            json_extract(old.record, '$.follow_ups'), json_extract(old.record, '$.safety_action'),
            json_extract(old.record, '$.self_check_in'), json_extract(old.record, '$.facilitators')));
END;
CREATE TRIGGER session_search_delete AFTER DELETE ON session BEGIN
    INSERT INTO search_drop VALUES ('session', CAST(old.id AS TEXT), enza_search_terms(
        json_extract(old.record, '$.themes'), json_extract(old.record, '$.notes'),
        json_extract(old.record, '$.follow_ups'), json_extract(old.record, '$.safety_action'),
        json_extract(old.record, '$.self_check_in'), json_extract(old.record, '$.facilitators')));
END;

-- Groups: the name.
CREATE TRIGGER group_search_insert AFTER INSERT ON meeting_group BEGIN
    INSERT INTO search_put VALUES ('group', CAST(new.id AS TEXT), new.created_at, new.id,
        enza_search_terms(new.name), NULL);
END;
CREATE TRIGGER group_search_update AFTER UPDATE OF name ON meeting_group WHEN old.name IS NOT new.name BEGIN
    INSERT INTO search_put VALUES ('group', CAST(new.id AS TEXT), new.created_at, new.id,
        enza_search_terms(new.name), enza_search_terms(old.name));
END;
CREATE TRIGGER group_search_delete AFTER DELETE ON meeting_group BEGIN
    INSERT INTO search_drop VALUES ('group', CAST(old.id AS TEXT), enza_search_terms(old.name));
END;
