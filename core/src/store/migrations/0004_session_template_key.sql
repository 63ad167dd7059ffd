-- Lists show a built-in template's name in the language the person reads
-- now (the snapshot keeps what ran): they need the template's key.
ALTER TABLE session ADD COLUMN template_key TEXT NOT NULL DEFAULT '';
UPDATE session SET template_key = coalesce(
    (SELECT json_extract(e.event, '$.template.key') FROM session_event e
     WHERE e.session_id = session.id AND e.seq = 0), '');
