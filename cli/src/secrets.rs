//! Where the CLI gets passphrases and the recovery key from, in order: the
//! environment, `--passphrase-file`, or a prompt on the terminal (no echo).
//!
//! A secret is in [`Zeroizing`] memory from the moment it is read: the
//! passphrase file is read into a fixed, wiped buffer (no reallocation that
//! would leave copies behind), and text that is refused (not UTF-8) is wiped
//! too before the error is returned.

use enza_core::keys::MAX_PASSPHRASE_CHARS;
use enza_core::{Error, Lang};
use std::io::{self, Read};
use std::path::PathBuf;
use zeroize::Zeroizing;

/// A core error, or a problem with what was typed, given or written.
pub enum CliError {
    Core(Error),
    Input(&'static str),
    /// Text that must be UTF-8 is not.
    NotUtf8(Source),
    /// Reading standard input failed for another reason.
    Stdin(io::ErrorKind),
    /// Writing standard output failed (other than a closed pipe).
    Stdout(io::ErrorKind),
    /// The reader of standard output went away: stop quietly.
    StdoutClosed,
    /// A vault was made at this path but its recovery key could not be
    /// shown, so it was removed again (`init`, `restore`).
    RecoveryKeyNotShown(PathBuf),
    /// Standard output is closed or /dev/null: no vault is made whose
    /// recovery key could not be shown.
    NowhereToShowRecoveryKey,
    /// `--since` after `--until`: refused, never an empty answer. `true`
    /// for a search, `false` for an export.
    SinceAfterUntil {
        search: bool,
    },
    /// `--limit` outside 1..=max: said, never silently capped or read as
    /// "all".
    LimitOutOfRange {
        max: usize,
    },
    /// `status` found the database damaged: said on standard error, and a
    /// non-zero exit, whatever else it printed.
    VaultDamaged,
}

/// Where text came from, for [`CliError::NotUtf8`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Stdin,
    PassphraseFile,
    Env(&'static str),
}

/// `--limit` must be from 1 to `max`.
pub fn check_limit(limit: usize, max: usize) -> Result<(), CliError> {
    if (1..=max).contains(&limit) {
        Ok(())
    } else {
        Err(CliError::LimitOutOfRange { max })
    }
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
            CliError::NotUtf8(Source::Stdin) => pick(
                ja,
                "the text on standard input is not valid UTF-8; save it as UTF-8 and try again. Nothing was saved.",
                "標準入力のテキストが UTF-8 ではありません。UTF-8 で保存してから、もう一度試してください。何も保存していません。",
            ),
            CliError::NotUtf8(Source::PassphraseFile) => pick(
                ja,
                "the passphrase file is not valid UTF-8 text; save it as UTF-8 with the passphrase on the first line.",
                "パスフレーズのファイルが UTF-8 のテキストではありません。1行目にパスフレーズを書き、UTF-8 で保存してください。",
            ),
            CliError::NotUtf8(Source::Env(var)) => {
                if ja {
                    format!("環境変数 {var} の値が UTF-8 ではありません。UTF-8 のテキストで設定してください。")
                } else {
                    format!("the environment variable {var} is not valid UTF-8; set it as UTF-8 text.")
                }
            }
            CliError::Stdin(kind) => {
                if ja {
                    format!("標準入力を読めませんでした（{kind:?}）。")
                } else {
                    format!("could not read standard input ({kind:?}).")
                }
            }
            CliError::Stdout(kind) => {
                if ja {
                    format!("標準出力に書き込めませんでした（{kind:?}）。空き容量と出力先を確かめてください。")
                } else {
                    format!("could not write to standard output ({kind:?}); check free space and where the output goes.")
                }
            }
            // Never shown: `main` exits quietly.
            CliError::StdoutClosed => String::new(),
            CliError::RecoveryKeyNotShown(p) => {
                let p = crate::output::one_line(&p.display().to_string()).into_owned();
                if ja {
                    format!(
                        "回復キーを標準出力に書き出せず、表示できませんでした。回復キーを見ていない保管庫は残さないため、\
                         {p} に作った保管庫は削除しました。標準出力に書き込めることを確かめて（空き容量、出力先）、\
                         もう一度実行してください。"
                    )
                } else {
                    format!(
                        "the recovery key could not be written to standard output, so it was never shown. A vault \
                         whose recovery key nobody saw is not kept: the vault made at {p} was removed. Check that \
                         standard output can be written (free space, where it goes) and run the command again."
                    )
                }
            }
            CliError::SinceAfterUntil { search } => match (ja, search) {
                (false, true) => "--since is after --until; nothing was searched.".to_owned(),
                (false, false) => "--since is after --until; nothing was exported.".to_owned(),
                (true, true) => "--since の日付が --until より後です。何も検索していません。".to_owned(),
                (true, false) => "--since の日付が --until より後です。何も書き出していません。".to_owned(),
            },
            CliError::LimitOutOfRange { max } => {
                if ja {
                    format!("--limit は 1 から {max} までの数にしてください。")
                } else {
                    format!("--limit must be a number from 1 to {max}.")
                }
            }
            CliError::VaultDamaged => pick(
                ja,
                "vault.db failed its integrity check (see above).",
                "vault.db の整合性検査で破損が見つかりました（上の説明をご覧ください）。",
            ),
            CliError::NowhereToShowRecoveryKey => pick(
                ja,
                "standard output is closed (or goes to /dev/null), so the new vault's recovery key could not be \
                 shown: no vault was made. Run the command again with standard output open (a terminal or a file).",
                "標準出力が閉じている（または /dev/null に向いている）ため、新しい保管庫の回復キーを表示できません。\
                 保管庫は作っていません。標準出力を開いた状態（端末やファイル）で、もう一度実行してください。",
            ),
        }
    }
}

fn pick(ja: bool, en: &str, ja_text: &str) -> String {
    if ja { ja_text } else { en }.to_owned()
}

/// A backup's passphrase or the recovery key, in wiped memory.
pub enum BackupSecretText {
    Passphrase(Secret),
    RecoveryKey(Secret),
}

impl BackupSecretText {
    pub fn as_backup_secret(&self) -> enza_core::backup::BackupSecret<'_> {
        match self {
            BackupSecretText::Passphrase(p) => enza_core::backup::BackupSecret::Passphrase(p),
            BackupSecretText::RecoveryKey(k) => enza_core::backup::BackupSecret::RecoveryKey(k),
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
        if let Some(p) = env("ENZA_PASSPHRASE")? {
            return Ok(p);
        }
        if let Some(path) = &self.file {
            return first_line_of_file(path);
        }
        prompt("Passphrase: ")
    }

    /// A passphrase being set: from `var`, the file, or typed twice.
    pub fn new_passphrase(&self, var: &'static str, label: &str) -> Result<Secret, CliError> {
        if let Some(p) = env(var)? {
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

    /// `ENZA_BACKUP_PASSPHRASE`, if set.
    pub fn backup_passphrase(&self) -> Result<Option<Secret>, CliError> {
        env("ENZA_BACKUP_PASSPHRASE")
    }

    /// What opens a backup: `ENZA_RECOVERY_KEY`, else the backup passphrase
    /// (`ENZA_BACKUP_PASSPHRASE`, else the vault passphrase's sources, since
    /// a backup opens with the vault's passphrase by default).
    pub fn backup_secret(&self) -> Result<BackupSecretText, CliError> {
        if let Some(k) = env("ENZA_RECOVERY_KEY")? {
            return Ok(BackupSecretText::RecoveryKey(k));
        }
        if let Some(p) = env("ENZA_BACKUP_PASSPHRASE")? {
            return Ok(BackupSecretText::Passphrase(p));
        }
        if let Some(p) = env("ENZA_PASSPHRASE")? {
            return Ok(BackupSecretText::Passphrase(p));
        }
        if let Some(path) = &self.file {
            return Ok(BackupSecretText::Passphrase(first_line_of_file(path)?));
        }
        Ok(BackupSecretText::Passphrase(prompt("Backup passphrase: ")?))
    }

    /// A handover's passphrase: `ENZA_HANDOVER_PASSPHRASE`, else typed
    /// (twice when sealing).
    pub fn handover_passphrase(&self, sealing: bool) -> Result<Secret, CliError> {
        if sealing {
            return self.new_passphrase("ENZA_HANDOVER_PASSPHRASE", "Handover passphrase: ");
        }
        match env("ENZA_HANDOVER_PASSPHRASE")? {
            Some(p) => Ok(p),
            None => prompt("Handover passphrase: "),
        }
    }

    pub fn recovery_key(&self) -> Result<Secret, CliError> {
        match env("ENZA_RECOVERY_KEY")? {
            Some(k) => Ok(k),
            None => prompt("Recovery key: "),
        }
    }
}

/// A secret from the environment. `std::env::var` would drop a non-UTF-8
/// value unwiped and report it as unset (falling through to a prompt); here
/// it is wiped and reported.
fn env(var: &'static str) -> Result<Option<Secret>, CliError> {
    let Some(value) = std::env::var_os(var) else { return Ok(None) };
    match value.into_string() {
        Ok(s) => Ok(Some(Zeroizing::new(s))),
        Err(raw) => {
            wipe_os_string(raw);
            Err(CliError::NotUtf8(Source::Env(var)))
        }
    }
}

#[cfg(unix)]
fn wipe_os_string(s: std::ffi::OsString) {
    use std::os::unix::ffi::OsStringExt;
    drop(Zeroizing::new(s.into_vec()));
}

#[cfg(not(unix))]
fn wipe_os_string(s: std::ffi::OsString) {
    // No owned byte view of an OsString here; it is only dropped.
    drop(s);
}

/// Room for the longest passphrase (every character 4 bytes), a line ending
/// and more: the file is read into this fixed buffer and never regrown.
const FILE_LIMIT: usize = 16 * 1024;
const _: () = assert!(FILE_LIMIT > MAX_PASSPHRASE_CHARS * 4 + 2);

/// The first line of the passphrase file (without `\n` or `\r\n`).
fn first_line_of_file(path: &std::path::Path) -> Result<Secret, CliError> {
    let unreadable = || CliError::Input("could not read the passphrase file");
    let mut file = std::fs::File::open(path).map_err(|_| unreadable())?;
    let mut buf = Zeroizing::new(vec![0u8; FILE_LIMIT]);
    let mut filled = 0;
    while filled < FILE_LIMIT && !buf[..filled].contains(&b'\n') {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(unreadable()),
        }
    }
    let data = &buf[..filled];
    let line = match data.iter().position(|&b| b == b'\n') {
        Some(end) => &data[..end],
        None if filled == FILE_LIMIT => return Err(Error::PassphraseTooLong { max: MAX_PASSPHRASE_CHARS }.into()),
        None => data,
    };
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let text = std::str::from_utf8(line).map_err(|_| CliError::NotUtf8(Source::PassphraseFile))?;
    let mut secret = Zeroizing::new(String::with_capacity(text.len()));
    secret.push_str(text);
    Ok(secret)
}

fn prompt(label: &str) -> Result<Secret, CliError> {
    rpassword::prompt_password(label).map(Zeroizing::new).map_err(|_| {
        CliError::Input("no passphrase given: set ENZA_PASSPHRASE, use --passphrase-file, or run in a terminal")
    })
}
