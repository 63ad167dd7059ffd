//! The vault's two X25519 identities (age keys), and the short fingerprint
//! in words that two facilitators compare face to face.
//!
//! The capture identity opens notes written while locked; the handover
//! identity opens meetings handed over by co-facilitators. They are
//! separate so that a person can hand their handover key (`age1…`) to
//! others without it ever opening a quick note, and so that the capture
//! key, whose public half lies on disk beside the vault and may be
//! replaced by anyone who can write there, never reaches handovers. Neither
//! is the data key: both live inside the encrypted database.

use super::words;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use age::secrecy::ExposeSecret;
use age::x25519;
use blake2::{Blake2b, Digest};
use serde::Serialize;
use std::str::FromStr;
use zeroize::Zeroizing;

/// What an identity is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Capture,
    Handover,
}

impl Purpose {
    pub(crate) const ALL: [Purpose; 2] = [Purpose::Capture, Purpose::Handover];

    pub(crate) fn key(self) -> &'static str {
        match self {
            Purpose::Capture => "capture",
            Purpose::Handover => "handover",
        }
    }
}

/// A new identity's secret, as age writes it (`AGE-SECRET-KEY-1…`).
pub(crate) fn generate() -> Zeroizing<String> {
    Zeroizing::new(x25519::Identity::generate().to_string().expose_secret().to_owned())
}

/// The identity a stored secret is. A secret that does not parse is a
/// damaged database, never shown.
pub(crate) fn parse_secret(secret: &str) -> Result<x25519::Identity> {
    x25519::Identity::from_str(secret).map_err(|_| Error::DatabaseDamaged)
}

/// A recipient as a person pastes it: `age1…`, surrounding blanks trimmed.
pub fn parse_recipient(text: &str) -> Result<x25519::Recipient> {
    let text = text.trim();
    if text.len() > 100 {
        return Err(Error::NotARecipient);
    }
    x25519::Recipient::from_str(text).map_err(|_| Error::NotARecipient)
}

/// A public key as Settings and `enza identity` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicKey {
    /// The age recipient, `age1…`.
    pub recipient: String,
    /// Six words, in the person's language, to compare face to face.
    pub words: String,
}

impl PublicKey {
    pub fn of(recipient: &x25519::Recipient, lang: Lang) -> PublicKey {
        let recipient = recipient.to_string();
        PublicKey { words: fingerprint_words(&recipient, lang), recipient }
    }
}

/// How many words a fingerprint has: 48 bits of the key's hash.
const FINGERPRINT_WORDS: usize = 6;

/// Six words from BLAKE2b-512 of the recipient's text. The English and the
/// Japanese lists mean the same word at each place, so one person can read
/// in English while the other checks in Japanese.
pub fn fingerprint_words(recipient: &str, lang: Lang) -> String {
    let digest = Blake2b::<blake2::digest::consts::U64>::digest(recipient.as_bytes());
    let picked = digest[..FINGERPRINT_WORDS].iter().map(|&b| match lang {
        Lang::En => words::EN[usize::from(b)],
        Lang::Ja => words::JA[usize::from(b)],
    });
    picked.collect::<Vec<_>>().join(if lang == Lang::Ja { "・" } else { " " })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_secret_parses_back_to_the_same_recipient() {
        let secret = generate();
        assert!(secret.starts_with("AGE-SECRET-KEY-1"));
        let identity = parse_secret(&secret).unwrap();
        let recipient = identity.to_public().to_string();
        assert!(recipient.starts_with("age1") && recipient.len() == 62, "{recipient}");
        assert_eq!(parse_recipient(&format!("  {recipient}\n")).unwrap().to_string(), recipient);
    }

    #[test]
    fn what_is_not_a_recipient_is_refused() {
        for text in ["", "age1", "AGE-SECRET-KEY-1QQQ", "ssh-ed25519 AAAA", &"age1".repeat(40)] {
            assert!(matches!(parse_recipient(text), Err(Error::NotARecipient)), "{text}");
        }
        assert!(matches!(parse_secret("age1xyz"), Err(Error::DatabaseDamaged)));
    }

    #[test]
    fn fingerprints_are_six_words_that_mean_the_same_in_both_languages() {
        let recipient = x25519::Identity::generate().to_public().to_string();
        let en = fingerprint_words(&recipient, Lang::En);
        let ja = fingerprint_words(&recipient, Lang::Ja);
        let en: Vec<&str> = en.split(' ').collect();
        let ja: Vec<&str> = ja.split('・').collect();
        assert_eq!((en.len(), ja.len()), (6, 6));
        for (e, j) in en.iter().zip(&ja) {
            let at = words::EN.iter().position(|w| w == e).unwrap();
            assert_eq!(words::JA[at], *j);
        }
        // Another key, another fingerprint.
        let other = x25519::Identity::generate().to_public().to_string();
        assert_ne!(fingerprint_words(&other, Lang::En), fingerprint_words(&recipient, Lang::En));
    }
}
