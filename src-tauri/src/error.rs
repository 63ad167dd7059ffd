//! Errors as the UI receives them: `{code, message}`, the message already in
//! the person's language. Never a SQLite or OS string.

use enza_core::{Error, Lang};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct UiError {
    code: &'static str,
    message: String,
}

impl UiError {
    pub fn new(e: Error, lang: Lang) -> Self {
        tracing::warn!(code = e.code(), "command failed");
        UiError { code: e.code(), message: e.message(lang) }
    }

    /// A backup or an export has the vault for a moment.
    pub fn busy(lang: Lang) -> Self {
        tracing::debug!("command refused: the vault is busy");
        let message = match lang {
            Lang::Ja => "バックアップまたは書き出しの途中です。終わるまで少しお待ちください。",
            _ => "A backup or an export is being written. Wait a moment, then try again.",
        };
        UiError { code: "busy", message: message.to_string() }
    }
}

pub type CmdResult<T> = Result<T, UiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_reach_the_ui_as_code_and_message() {
        let e = UiError::new(Error::WrongPassphrase, Lang::Ja);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "wrong_passphrase");
        assert!(json["message"].as_str().unwrap().contains("パスフレーズ"));
        assert_eq!(json.as_object().unwrap().len(), 2);
    }
}
