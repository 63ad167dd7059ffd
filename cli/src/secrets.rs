//! Where the CLI gets passphrases and the recovery key from, in order: the
//! environment, `--passphrase-file`, or a prompt on the terminal (no echo).

use enza_core::{Error, Lang};
use std::io;
use std::path::PathBuf;
use zeroize::Zeroizing;

/// A core error, or a problem with what was typed, given or written.
pub enum CliError {
    Core(Error),
    Input(&'static str),
    /// Writing standard output failed (other than a closed pipe).
    Stdout(io::ErrorKind),
    /// The reader of standard output went away: stop quietly.
    StdoutClosed,
    /// `init` created the vault at this path but could not show its recovery key.
    RecoveryKeyNotShown(PathBuf),
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::Core(e)
    }
}

impl CliError {
    pub fn message(&self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        match self {
            CliError::Core(e) => e.message(lang),
            CliError::Input(m) => (*m).to_owned(),
            CliError::Stdout(kind) => {
                if ja {
                    format!("標準出力に書き込めませんでした({kind:?})。空き容量と出力先を確かめてください。")
                } else {
                    format!(
                        "could not write to standard output ({kind:?}); check free space and where the output goes."
                    )
                }
            }
            // Never shown: `main` exits quietly.
            CliError::StdoutClosed => String::new(),
            CliError::RecoveryKeyNotShown(p) => {
                let p = crate::output::one_line(&p.display().to_string()).into_owned();
                if ja {
                    format!(
                        "{p} に保管庫を作成しましたが、回復キーを標準出力に書き出せず、表示できませんでした。\
                         保管庫はまだ空です。このフォルダを削除して、もう一度 enza init を実行してください。"
                    )
                } else {
                    format!(
                        "the vault was created at {p}, but its recovery key could not be written to standard \
                         output, so it was never shown. The vault is still empty: delete that folder and run \
                         enza init again."
                    )
                }
            }
        }
    }
}

pub struct Secrets {
    file: Option<PathBuf>,
}

type Secret = Zeroizing<String>;

impl Secrets {
    pub fn new(file: Option<PathBuf>) -> Self {
        Secrets { file }
    }

    /// The current passphrase.
    pub fn passphrase(&self) -> Result<Secret, CliError> {
        if let Some(p) = env("ENZA_PASSPHRASE") {
            return Ok(p);
        }
        if let Some(path) = &self.file {
            let text = Zeroizing::new(
                std::fs::read_to_string(path).map_err(|_| CliError::Input("could not read the passphrase file"))?,
            );
            return Ok(Zeroizing::new(text.lines().next().unwrap_or("").to_owned()));
        }
        prompt("Passphrase: ")
    }

    /// A passphrase being set: from `var`, the file, or typed twice.
    pub fn new_passphrase(&self, var: &str, label: &str) -> Result<Secret, CliError> {
        if let Some(p) = env(var) {
            return Ok(p);
        }
        if var == "ENZA_PASSPHRASE" && self.file.is_some() {
            return self.passphrase();
        }
        let first = prompt(label)?;
        let again = prompt("Again: ")?;
        if *first != *again {
            return Err(CliError::Input("the two passphrases are not the same; nothing was changed"));
        }
        Ok(first)
    }

    pub fn recovery_key(&self) -> Result<Secret, CliError> {
        match env("ENZA_RECOVERY_KEY") {
            Some(k) => Ok(k),
            None => prompt("Recovery key: "),
        }
    }
}

fn env(var: &str) -> Option<Secret> {
    std::env::var(var).ok().map(Zeroizing::new)
}

fn prompt(label: &str) -> Result<Secret, CliError> {
    rpassword::prompt_password(label).map(Zeroizing::new).map_err(|_| {
        CliError::Input("no passphrase given: set ENZA_PASSPHRASE, use --passphrase-file, or run in a terminal")
    })
}
