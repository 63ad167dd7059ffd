-- The search rule of issue 17 (core/src/search/text.rs): invisible
-- characters dropped, accents and case folded, katakana as hiragana, joined
-- words and spelled-out symbols as other readings, fields set apart. Every
-- entry is indexed again, in Rust, right after this step (in the same
-- transaction, with its progress shown): an entry leaves the index with
-- the terms the rule makes now, so the index must be made by that rule.
INSERT INTO search_index (search_index) VALUES ('delete-all');
DELETE FROM search_entry;

-- Check-ins are also found by the names of the self-care ticked that day,
-- in both languages (enza_selfcare_names).
DROP TRIGGER checkin_search_insert;
DROP TRIGGER checkin_search_update;
DROP TRIGGER checkin_search_delete;
CREATE TRIGGER checkin_search_insert AFTER INSERT ON checkin BEGIN
    INSERT INTO search_put VALUES ('checkin', new.day, new.day, NULL,
        enza_search_terms(new.note, enza_selfcare_names(new.selfcare)), NULL);
END;
CREATE TRIGGER checkin_search_update AFTER UPDATE OF note, selfcare ON checkin
WHEN old.note IS NOT new.note OR old.selfcare IS NOT new.selfcare BEGIN
    INSERT INTO search_put VALUES ('checkin', new.day, new.day, NULL,
        enza_search_terms(new.note, enza_selfcare_names(new.selfcare)),
        enza_search_terms(old.note, enza_selfcare_names(old.selfcare)));
END;
CREATE TRIGGER checkin_search_delete AFTER DELETE ON checkin BEGIN
    INSERT INTO search_drop VALUES ('checkin', old.day,
        enza_search_terms(old.note, enza_selfcare_names(old.selfcare)));
END;
