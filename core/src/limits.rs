//! Every size limit the core enforces, in one place, so that front ends show
//! the same numbers (`maxlength`, `min`, `max`) instead of repeating them.

use serde::Serialize;

/// One of the check-in's 0–10 scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Mood,
    Energy,
    Stress,
}

/// The shortest passphrase a vault or a backup takes (Unicode scalar
/// values, after NFC).
pub const PASSPHRASE_MIN_CHARS: usize = 8;
/// A reflection's title.
pub const TITLE_CHARS: usize = 200;
/// A reflection's body.
pub const BODY_CHARS: usize = 200_000;
/// A check-in's note.
pub const CHECKIN_NOTE_CHARS: usize = 2_000;
/// One field of a boundary event or of the self-care plan.
pub const JOURNAL_FIELD_CHARS: usize = 10_000;
/// A template, phase, item or group name.
pub const NAME_CHARS: usize = 200;
/// Words to read aloud at one checklist item.
pub const SCRIPT_CHARS: usize = 5_000;
pub const PHASE_MINUTES_MAX: u32 = 600;
pub const TEMPLATE_PHASES_MAX: usize = 20;
pub const PHASE_ITEMS_MAX: usize = 60;
/// A group's usual meeting length.
pub const GROUP_MINUTES_MIN: u32 = 5;
pub const GROUP_MINUTES_MAX: u32 = 600;
/// People present in one meeting.
pub const PEOPLE_MAX: u32 = 500;
/// One free-text field of a session record.
pub const RECORD_FIELD_CHARS: usize = 20_000;
/// One field of the crisis card.
pub const CRISIS_CHARS: usize = 2_000;
pub const NICKNAME_CHARS: usize = 40;
/// The longest turn in a sharing round.
pub const TURN_SECS_MAX: u32 = 3_600;
pub const AUTO_LOCK_MINUTES_MIN: u32 = 1;
pub const AUTO_LOCK_MINUTES_MAX: u32 = 240;
/// The most rows one list call returns.
pub const LIST_MAX: usize = 500;
/// A search query.
pub const SEARCH_QUERY_CHARS: usize = 200;
/// The most results one search returns.
pub const SEARCH_RESULTS_MAX: usize = 200;

/// A quick note written while locked (sealed into the inbox).
pub const CAPTURE_CHARS: usize = JOURNAL_FIELD_CHARS;
/// The largest inbox file unlocking reads: the longest quick note sealed
/// (four bytes a character, JSON and age framing) fits well inside.
pub const CAPTURE_FILE_BYTES: u64 = 64 * 1024;
/// The most inbox files one unlock opens; more wait for the next.
pub const INBOX_FILES_PER_UNLOCK: usize = 500;
/// The most inbox entries one look through the folder reads.
pub const INBOX_SCAN_MAX: usize = 5_000;
/// The largest handover file read.
pub const HANDOVER_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// The most turns a handover's sharing round may list.
pub const HANDOVER_TURNS_MAX: usize = 2 * PEOPLE_MAX as usize;
/// The most steps a research pattern has.
pub const RESEARCH_STEPS_MAX: usize = 12;
/// One step of a research pattern.
pub const RESEARCH_STEP_CHARS: usize = 300;
/// An experiment's fields, an idea from peers.
pub const RESEARCH_NOTE_CHARS: usize = 2_000;
/// The most experiments, and ideas, one piece of research keeps.
pub const RESEARCH_ENTRIES_MAX: usize = 200;

/// The limits a form needs, as front ends receive them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    pub title_chars: usize,
    pub body_chars: usize,
    pub checkin_note_chars: usize,
    pub journal_field_chars: usize,
    pub name_chars: usize,
    pub script_chars: usize,
    pub phase_minutes_max: u32,
    pub group_minutes_min: u32,
    pub group_minutes_max: u32,
    pub people_max: u32,
    pub record_field_chars: usize,
    pub crisis_chars: usize,
    pub nickname_chars: usize,
    pub turn_secs_max: u32,
    pub auto_lock_minutes_min: u32,
    pub auto_lock_minutes_max: u32,
    pub search_query_chars: usize,
    pub passphrase_min_chars: usize,
    pub capture_chars: usize,
    pub research_steps_max: usize,
    pub research_step_chars: usize,
    pub research_note_chars: usize,
}

pub const LIMITS: Limits = Limits {
    title_chars: TITLE_CHARS,
    body_chars: BODY_CHARS,
    checkin_note_chars: CHECKIN_NOTE_CHARS,
    journal_field_chars: JOURNAL_FIELD_CHARS,
    name_chars: NAME_CHARS,
    script_chars: SCRIPT_CHARS,
    phase_minutes_max: PHASE_MINUTES_MAX,
    group_minutes_min: GROUP_MINUTES_MIN,
    group_minutes_max: GROUP_MINUTES_MAX,
    people_max: PEOPLE_MAX,
    record_field_chars: RECORD_FIELD_CHARS,
    crisis_chars: CRISIS_CHARS,
    nickname_chars: NICKNAME_CHARS,
    turn_secs_max: TURN_SECS_MAX,
    auto_lock_minutes_min: AUTO_LOCK_MINUTES_MIN,
    auto_lock_minutes_max: AUTO_LOCK_MINUTES_MAX,
    search_query_chars: SEARCH_QUERY_CHARS,
    passphrase_min_chars: PASSPHRASE_MIN_CHARS,
    capture_chars: CAPTURE_CHARS,
    research_steps_max: RESEARCH_STEPS_MAX,
    research_step_chars: RESEARCH_STEP_CHARS,
    research_note_chars: RESEARCH_NOTE_CHARS,
};
