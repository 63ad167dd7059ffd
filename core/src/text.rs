//! What counts as text a person typed. NUL and other control characters cut
//! excerpts short, hide in lists and can drive a terminal, so they are
//! refused at the door; tabs and line breaks stay where text has lines.

use crate::error::{Error, Result};

/// One line: a title, a name, a label.
pub(crate) fn line(text: &str, max_chars: usize) -> Result<()> {
    check(text, max_chars, false)
}

/// Free text with lines: a body, notes, words to read aloud.
pub(crate) fn lines(text: &str, max_chars: usize) -> Result<()> {
    check(text, max_chars, true)
}

fn check(text: &str, max_chars: usize, multiline: bool) -> Result<()> {
    let allowed = |c: char| multiline && matches!(c, '\t' | '\n' | '\r');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(Error::ControlCharacters);
    }
    if text.chars().count() > max_chars {
        return Err(Error::TooLong { max: max_chars });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_but_lines_and_tabs_kept() {
        assert!(matches!(lines("a\0b", 10), Err(Error::ControlCharacters)));
        assert!(matches!(lines("\u{1b}[31m", 10), Err(Error::ControlCharacters)));
        // C1 controls as ESC: U+009B is CSI on its own, U+0085 a line break
        // some terminals follow.
        for c1 in ['\u{9b}', '\u{85}', '\u{80}', '\u{9f}'] {
            assert!(matches!(lines(&format!("a{c1}31mb"), 10), Err(Error::ControlCharacters)), "{c1:?}");
            assert!(matches!(line(&format!("a{c1}"), 10), Err(Error::ControlCharacters)), "{c1:?}");
        }
        assert!(matches!(line("a\nb", 10), Err(Error::ControlCharacters)));
        assert!(lines("a\n\tb\r\n", 10).is_ok());
        assert!(line("今日のテーマ", 10).is_ok());
    }

    #[test]
    fn length_counts_characters() {
        assert!(line(&"あ".repeat(5), 5).is_ok());
        assert!(matches!(line(&"あ".repeat(6), 5), Err(Error::TooLong { max: 5 })));
    }
}
