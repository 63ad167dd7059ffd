-- Session lists (history, a group's page) read the template's name from the
-- session row instead of parsing each session's first event (the whole
-- template snapshot): a group page of 500 sessions went from 55 ms to 0.8 ms.
ALTER TABLE session ADD COLUMN template_name TEXT NOT NULL DEFAULT '';
UPDATE session SET template_name = coalesce(
    (SELECT json_extract(e.event, '$.template.name') FROM session_event e
     WHERE e.session_id = session.id AND e.seq = 0), '');
CREATE INDEX session_by_group ON session (group_id, started_at DESC, id DESC);
