//! Reflections: free text with an optional title.

use crate::error::{Error, Result};
pub use crate::limits::{BODY_CHARS as MAX_BODY_CHARS, TITLE_CHARS as MAX_TITLE_CHARS};
use crate::text;
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reflection {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The built-in prompt it answers, by key.
    pub prompt: Option<String>,
    /// Bring it to supervision.
    pub supervision: bool,
}

/// A row of the list: the start of the body, not all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReflectionSummary {
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Checks a reflection before it is saved and returns it tidied: the title
/// trimmed, the body kept exactly as written (whitespace can be meaningful).
pub(super) fn validate<'a>(title: &'a str, body: &'a str) -> Result<(&'a str, &'a str)> {
    let title = title.trim();
    if body.trim().is_empty() {
        return Err(Error::EmptyText);
    }
    text::line(title, MAX_TITLE_CHARS)?;
    text::lines(body, MAX_BODY_CHARS)?;
    Ok((title, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_bodies_are_refused_and_titles_trimmed() {
        assert!(matches!(validate("t", " \n\t"), Err(Error::EmptyText)));
        assert_eq!(validate("  今日  ", "body").unwrap(), ("今日", "body"));
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let jp = "あ".repeat(MAX_BODY_CHARS);
        assert!(validate("", &jp).is_ok());
        let over = "あ".repeat(MAX_BODY_CHARS + 1);
        assert!(matches!(validate("", &over), Err(Error::TooLong { .. })));
    }

    #[test]
    fn nul_and_escapes_are_refused() {
        assert!(matches!(validate("t", "before\0after"), Err(Error::ControlCharacters)));
        assert!(matches!(validate("\u{1b}[2J", "body"), Err(Error::ControlCharacters)));
    }
}
