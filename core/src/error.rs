//! The one error type of enza-core.
//!
//! Every variant is something a person can act on. `code()` is stable and
//! travels to the UI; `message(lang)` is the sentence shown there. Internal
//! details (SQLite strings, OS error text) never reach the message: they stay
//! in `Display`, which is only for logs and debugging.

use crate::i18n::Lang;
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("wrong recovery key")]
    WrongRecoveryKey,
    #[error("recovery key is not in the expected form")]
    MalformedRecoveryKey,
    #[error("passphrase is shorter than {min} characters")]
    PassphraseTooShort { min: usize },
    #[error("passphrase is longer than {max} characters")]
    PassphraseTooLong { max: usize },
    #[error("a vault already exists at {0}")]
    VaultExists(PathBuf),
    #[error("no vault at {0}")]
    NoVault(PathBuf),
    #[error("{0} holds something that is not an Enza vault")]
    NotAVault(PathBuf),
    /// The vault folder cannot be read: whether a vault is there is not
    /// known, so it is never called empty.
    #[error("cannot read the folder {0}")]
    FolderUnreadable(PathBuf),
    #[error("key file is damaged: {0}")]
    KeyFileDamaged(String),
    /// Enza rewrote the key file (a passphrase change elsewhere) after this
    /// process read it, or since this vault was unlocked.
    #[error("the key file was rewritten by another Enza")]
    KeyFileChanged,
    /// The passphrase did not open the key file, whose passphrase slot is
    /// not what Enza last wrote: changed outside Enza, or damaged.
    #[error("the key file's passphrase slot is not as Enza wrote it")]
    KeyFileAltered,
    #[error("key file version {0} is newer than this app understands")]
    UnsupportedVersion(u32),
    #[error("database is damaged or does not match the key file")]
    DatabaseDamaged,
    /// The vault's database failed its integrity check at unlock, so Enza
    /// keeps it read-only (writing could spread the damage).
    #[error("the database is damaged; writes are refused")]
    DamagedReadOnly,
    #[error("database was written by a newer version (schema {0})")]
    DatabaseTooNew(i64),
    #[error("the vault is locked")]
    Locked,
    #[error("not found")]
    NotFound,
    #[error("text is empty")]
    EmptyText,
    #[error("text is longer than {max} characters")]
    TooLong { max: usize },
    /// A search is for a few words, not a passage.
    #[error("search words longer than {max} characters")]
    QueryTooLong { max: usize },
    #[error("invalid setting: {0}")]
    InvalidSetting(&'static str),
    /// A check-in's mood, energy or stress is not a whole number from 0 to 10.
    #[error("{0:?} is not a whole number from 0 to 10")]
    ScaleOutOfRange(crate::limits::Scale),
    /// Hours slept are not 0 to 24 in half hours.
    #[error("sleep is not 0 to 24 hours in half hours")]
    SleepOutOfRange,
    /// A meeting step that the meeting's state does not allow.
    #[error("not possible now: {0}")]
    NotNow(&'static str),
    /// A task stopped before it finished (it panicked or was cancelled).
    #[error("the operation was interrupted")]
    Interrupted,
    /// Replacing the vault with a backup while it is unlocked.
    #[error("the vault is unlocked")]
    LockFirst,
    /// The vault, locked a moment ago, is still writing its backup on lock.
    #[error("the vault is still being closed")]
    StillClosing,
    #[error("notes open after closing")]
    NotesAfterClosing,
    #[error("built-in templates cannot be changed")]
    BuiltinTemplate,
    #[error("the date is in the future")]
    FutureDate,
    #[error("this is the last phase")]
    LastPhase,
    #[error("this is the first phase")]
    FirstPhase,
    #[error("text holds control characters")]
    ControlCharacters,
    #[error("more nicknames than the {present} people present")]
    TooManyNicknames { present: u32 },
    #[error("more than {max} entries")]
    TooMany { max: usize },
    #[error("a step can only go back to itself or an earlier step")]
    LoopNotBack,
    #[error("the shortest turn is longer than the longest")]
    TurnFloorAboveCeiling,
    #[error("{0} is missing")]
    MissingFile(PathBuf),
    #[error("the vault folder or disk is read-only")]
    ReadOnly,
    #[error("the disk is full")]
    DiskFull,
    /// On a full disk one process at a time can read the vault (it holds
    /// it exclusively), and another has it.
    #[error("another process has the vault open on a full disk")]
    VaultInUse,
    #[error("not enough memory for the key derivation")]
    NotEnoughMemory,
    #[error("permission denied")]
    PermissionDenied,
    #[error("the export folder {0} is not empty")]
    ExportFolderNotEmpty(PathBuf),
    #[error("nothing selected to export")]
    ExportNothingSelected,
    #[error("the backup file is empty")]
    BackupEmpty,
    #[error("the backup file is cut short")]
    BackupTruncated,
    #[error("the backup file is damaged: {0}")]
    BackupDamaged(&'static str),
    #[error("not an Enza backup")]
    NotABackup,
    #[error("the backup was made by a newer Enza ({0})")]
    BackupTooNew(&'static str),
    #[error("wrong passphrase or recovery key for this backup")]
    BackupWrongSecret,
    #[error("this session does not know the vault's passphrase")]
    BackupNeedsPassphrase,
    #[error("the backup folder {0} is not there")]
    BackupFolderMissing(PathBuf),
    /// A backup path names a folder, or something that is not a regular
    /// file (a FIFO would block a read forever).
    #[error("{0} is not a file")]
    BackupNotAFile(PathBuf),
    /// The folder is not there, but the disk it would be on is: it can be
    /// made (on the person's word).
    #[error("the backup folder {0} is not there yet")]
    BackupFolderNotMade(PathBuf),
    #[error("no backup file at {0}")]
    BackupNotFound(PathBuf),
    #[error("the backup file could not be read")]
    BackupUnreadable,
    #[error("the backup has no recovery key slot")]
    BackupNoRecoverySlot,
    #[error("no capture key beside the vault")]
    NoCaptureKey,
    #[error("not a quick note of this vault")]
    NotACapture,
    #[error("not an age recipient")]
    NotARecipient,
    #[error("that is this vault's own handover key")]
    OwnRecipient,
    #[error("that key is already in the list")]
    CofacilitatorExists,
    #[error("no recipients chosen")]
    NoRecipients,
    #[error("the vault has no sealing keys yet")]
    NoSealingKeys,
    #[error("the meeting has not ended")]
    HandoverBeforeEnd,
    #[error("no name to say the handover is from")]
    HandoverNameMissing,
    #[error("not an age file")]
    NotSealed,
    #[error("sealed to other keys")]
    SealedForSomeoneElse,
    #[error("the sealed file was changed or damaged")]
    SealedDamaged,
    #[error("not an Enza handover")]
    NotAHandover,
    #[error("the handover is sealed with a passphrase")]
    HandoverNeedsPassphrase,
    #[error("wrong passphrase for the handover")]
    HandoverWrongPassphrase,
    #[error("{0} already exists")]
    FileExists(PathBuf),
    #[error("cannot write in {place}: {why:?}")]
    CannotWrite { place: PathBuf, why: WriteTrouble },
    #[error("file system: {0}")]
    Io(std::io::Error),
    #[error("storage: {0}")]
    Storage(rusqlite::Error),
}

/// Why a backup, an export or a restored vault could not be written where
/// the person asked: named with that place, so a full USB stick is never
/// mistaken for trouble with the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteTrouble {
    ReadOnly,
    Full,
    Denied,
    /// An I/O error, or the written copy did not read back as written.
    Failed,
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::ReadOnlyFilesystem => Error::ReadOnly,
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Error::DiskFull,
            ErrorKind::PermissionDenied => Error::PermissionDenied,
            _ => Error::Io(e),
        }
    }
}

impl From<rusqlite::Error> for Error {
    /// Only real corruption is "damaged": a read-only folder, a full disk or
    /// a permission problem is named as what it is, so nobody is told to
    /// restore a backup over a healthy vault.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{
            AuthorizationForStatementDenied, CannotOpen, DatabaseCorrupt, DiskFull, NotADatabase, PermissionDenied,
            ReadOnly, SystemIoFailure,
        };
        match &e {
            rusqlite::Error::SqliteFailure(f, _) => match f.code {
                NotADatabase | DatabaseCorrupt => Error::DatabaseDamaged,
                ReadOnly => Error::ReadOnly,
                DiskFull => Error::DiskFull,
                // Only the damaged-vault gate denies statements
                // (`store::read_only`).
                AuthorizationForStatementDenied => Error::DamagedReadOnly,
                PermissionDenied | CannotOpen => Error::PermissionDenied,
                // A full disk at open: the WAL index (`-shm`) cannot be
                // grown (measured with SQLCipher 4.20, docs/hurt-disk.md).
                // (SQLITE_FULL itself is a primary code, above.)
                SystemIoFailure if f.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE => Error::DiskFull,
                _ => Error::Storage(e),
            },
            rusqlite::Error::QueryReturnedNoRows => Error::NotFound,
            _ => Error::Storage(e),
        }
    }
}

impl Error {
    /// The same failure met while writing at `place` (a backup's folder, an
    /// export's folder, a restored vault's parent): a read-only, full,
    /// forbidden or failing disk there is named as that place's, not the
    /// vault's. Other errors pass unchanged.
    pub(crate) fn writing_to(self, place: &std::path::Path) -> Error {
        let why = match self {
            Error::ReadOnly => WriteTrouble::ReadOnly,
            Error::DiskFull => WriteTrouble::Full,
            Error::PermissionDenied => WriteTrouble::Denied,
            Error::Io(_) => WriteTrouble::Failed,
            Error::Storage(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::SystemIoFailure => {
                WriteTrouble::Failed
            }
            other => return other,
        };
        Error::CannotWrite { place: place.to_path_buf(), why }
    }

    /// A stable, machine-readable code, e.g. for the UI to pick an action.
    pub fn code(&self) -> &'static str {
        match self {
            Error::WrongPassphrase => "wrong_passphrase",
            Error::WrongRecoveryKey => "wrong_recovery_key",
            Error::MalformedRecoveryKey => "malformed_recovery_key",
            Error::PassphraseTooShort { .. } => "passphrase_too_short",
            Error::PassphraseTooLong { .. } => "passphrase_too_long",
            Error::VaultExists(_) => "vault_exists",
            Error::NoVault(_) => "no_vault",
            Error::NotAVault(_) => "not_a_vault",
            Error::FolderUnreadable(_) => "folder_unreadable",
            Error::KeyFileChanged => "key_file_changed",
            Error::KeyFileAltered => "key_file_altered",
            Error::KeyFileDamaged(_) => "key_file_damaged",
            Error::UnsupportedVersion(_) => "unsupported_version",
            Error::DatabaseDamaged => "database_damaged",
            Error::DamagedReadOnly => "damaged_read_only",
            Error::DatabaseTooNew(_) => "database_too_new",
            Error::Locked => "locked",
            Error::NotFound => "not_found",
            Error::EmptyText => "empty_text",
            Error::TooLong { .. } => "too_long",
            Error::QueryTooLong { .. } => "query_too_long",
            Error::InvalidSetting(_) => "invalid_setting",
            Error::ScaleOutOfRange(scale) => match scale {
                crate::limits::Scale::Mood => "mood_out_of_range",
                crate::limits::Scale::Energy => "energy_out_of_range",
                crate::limits::Scale::Stress => "stress_out_of_range",
            },
            Error::SleepOutOfRange => "sleep_out_of_range",
            Error::NotNow(_) => "not_now",
            Error::Interrupted => "interrupted",
            Error::LockFirst => "lock_first",
            Error::StillClosing => "still_closing",
            Error::NotesAfterClosing => "notes_after_closing",
            Error::BuiltinTemplate => "builtin_template",
            Error::FutureDate => "future_date",
            Error::LastPhase => "last_phase",
            Error::FirstPhase => "first_phase",
            Error::ControlCharacters => "control_characters",
            Error::TooManyNicknames { .. } => "too_many_nicknames",
            Error::TooMany { .. } => "too_many",
            Error::LoopNotBack => "loop_not_back",
            Error::TurnFloorAboveCeiling => "turn_floor_above_ceiling",
            Error::MissingFile(_) => "missing_file",
            Error::ReadOnly => "read_only",
            Error::DiskFull => "disk_full",
            Error::VaultInUse => "vault_in_use",
            Error::NotEnoughMemory => "not_enough_memory",
            Error::PermissionDenied => "permission_denied",
            Error::ExportFolderNotEmpty(_) => "export_folder_not_empty",
            Error::ExportNothingSelected => "export_nothing_selected",
            Error::BackupEmpty => "backup_empty",
            Error::BackupTruncated => "backup_truncated",
            Error::BackupDamaged(_) => "backup_damaged",
            Error::NotABackup => "not_a_backup",
            Error::BackupTooNew(_) => "backup_too_new",
            Error::BackupWrongSecret => "backup_wrong_secret",
            Error::BackupNeedsPassphrase => "backup_needs_passphrase",
            Error::BackupFolderMissing(_) => "backup_folder_missing",
            Error::BackupNotAFile(_) => "backup_not_a_file",
            Error::BackupFolderNotMade(_) => "backup_folder_not_made",
            Error::BackupNoRecoverySlot => "backup_no_recovery_slot",
            Error::BackupNotFound(_) => "backup_not_found",
            Error::BackupUnreadable => "backup_unreadable",
            Error::NoCaptureKey => "no_capture_key",
            Error::NotACapture => "not_a_capture",
            Error::NotARecipient => "not_a_recipient",
            Error::OwnRecipient => "own_recipient",
            Error::CofacilitatorExists => "cofacilitator_exists",
            Error::NoRecipients => "no_recipients",
            Error::NoSealingKeys => "no_sealing_keys",
            Error::HandoverBeforeEnd => "handover_before_end",
            Error::HandoverNameMissing => "handover_name_missing",
            Error::NotSealed => "not_sealed",
            Error::SealedForSomeoneElse => "sealed_for_someone_else",
            Error::SealedDamaged => "sealed_damaged",
            Error::NotAHandover => "not_a_handover",
            Error::HandoverNeedsPassphrase => "handover_needs_passphrase",
            Error::HandoverWrongPassphrase => "handover_wrong_passphrase",
            Error::FileExists(_) => "file_exists",
            Error::CannotWrite { why, .. } => match why {
                WriteTrouble::ReadOnly => "cannot_write_read_only",
                WriteTrouble::Full => "cannot_write_disk_full",
                WriteTrouble::Denied => "cannot_write_permission",
                WriteTrouble::Failed => "cannot_write_failed",
            },
            Error::Io(_) => "io",
            Error::Storage(_) => "storage",
        }
    }

    /// The sentence a person reads, in their language.
    pub fn message(&self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        match self {
            Error::WrongPassphrase => pick(ja,
                "That passphrase does not open this vault. Check the keyboard layout and Caps Lock, then try again.",
                "パスフレーズが違います。キーボードの入力モードと Caps Lock を確かめて、もう一度入力してください。"),
            Error::WrongRecoveryKey => pick(ja,
                "That recovery key does not open this vault. Check each group of letters against what you wrote down.",
                "回復キーが違います。書き留めた文字と一組ずつ見比べてください。"),
            Error::MalformedRecoveryKey => pick(ja,
                "A recovery key is 32 letters and digits (8 groups of 4). Check what you typed.",
                "回復キーは英数字32文字（4文字×8組）です。入力を確かめてください。"),
            Error::PassphraseTooShort { min } => if ja {
                format!("パスフレーズは{min}文字以上にしてください。")
            } else {
                format!("Use at least {min} characters for the passphrase.")
            },
            Error::PassphraseTooLong { max } => if ja {
                format!("パスフレーズは{max}文字以内にしてください。")
            } else {
                format!("Use at most {max} characters for the passphrase.")
            },
            Error::VaultExists(_) => pick(ja,
                "A vault already exists here. Nothing was changed; unlock it instead.",
                "ここにはすでに保管庫があります。何も変更していません。ロックを解除してください。"),
            Error::NoVault(_) => pick(ja,
                "There is no vault here yet. Create one first.",
                "ここにはまだ保管庫がありません。先に作成してください。"),
            Error::KeyFileChanged => pick(ja,
                "The key file (vault.keys) was rewritten by another Enza (a passphrase change) after this one read it, so nothing was changed here. Try again with the vault's passphrase as it is now.",
                "この円座が鍵ファイル（vault.keys）を読んだ後に、別の円座（パスフレーズの変更）が書き換えました。ここでは何も変更していません。保管庫の今のパスフレーズで、もう一度試してください。"),
            Error::KeyFileAltered => pick(ja,
                "The passphrase did not open the vault, and the key file (vault.keys) is not as Enza last wrote it: it was changed outside Enza or damaged, so your passphrase may well be right. Nothing was changed. Open the vault with your recovery key (Enza then writes a whole key file), or put back vault.keys from a copy of this folder.",
                "パスフレーズで保管庫を開けませんでした。鍵ファイル（vault.keys）が、円座が最後に書いたときと違っています（円座の外で変更されたか、壊れています）。パスフレーズは正しいかもしれません。何も変更していません。回復キーで開くか（円座が新しい鍵ファイルを書きます）、このフォルダのコピーから vault.keys を戻してください。"),
            Error::FolderUnreadable(p) => if ja {
                format!("「{}」を読めないため、保管庫があるかどうか確かめられません。何も変更しておらず、ここに新しい保管庫を作ることもしません。フォルダの所有者と権限を確かめてください。", p.display())
            } else {
                format!("Enza cannot read the folder {}, so it cannot tell whether a vault is there. Nothing was changed, and no vault will be made over it. Check the folder's owner and permissions.", p.display())
            },
            Error::NotAVault(p) => if ja {
                format!("{} にあるのは円座の保管庫ではありません。何も上書きしていません。", p.display())
            } else {
                format!("{} holds something that is not an Enza vault. Nothing was overwritten.", p.display())
            },
            Error::KeyFileDamaged(_) => pick(ja,
                "The key file (vault.keys) is damaged, so the vault cannot be opened. Nothing was changed. Put back vault.keys from a copy of this folder, or restore the vault from an Enza backup.",
                "鍵ファイル（vault.keys）が壊れているため開けません。何も変更していません。このフォルダのコピーから vault.keys を戻すか、円座のバックアップから復元してください。"),
            Error::UnsupportedVersion(v) => if ja {
                format!("この保管庫は新しいバージョンの円座（形式 {v}）で作られています。円座を更新してください。")
            } else {
                format!("This vault was made by a newer Enza (format {v}). Update Enza to open it.")
            },
            Error::DatabaseDamaged => pick(ja,
                "The vault's database (vault.db) is damaged or does not belong to this key file. Nothing was changed. Restore it from a backup.",
                "保管庫のデータベース（vault.db）が壊れているか、この鍵ファイルのものではありません。何も変更していません。バックアップから復元してください。"),
            Error::DamagedReadOnly => pick(ja,
                "The vault's database (vault.db) is damaged, so Enza opened it read-only and saved nothing: writing into it could spread the damage. You can still read, search, export and back up. Make a backup now, then restore an earlier backup that is whole.",
                "保管庫のデータベース（vault.db）が壊れているため、読み取り専用で開きました。書き込むと破損が広がるおそれがあるので、何も保存していません。読む・探す・書き出す・バックアップすることはできます。いますぐバックアップを作ってから、壊れていない以前のバックアップを復元してください。"),
            Error::DatabaseTooNew(_) => pick(ja,
                "This vault was last used by a newer Enza. Update Enza to open it.",
                "この保管庫は新しいバージョンの円座で使われています。円座を更新してください。"),
            Error::Locked => pick(ja,
                "The vault is locked. Unlock it to continue.",
                "保管庫はロックされています。続けるにはロックを解除してください。"),
            Error::NotFound => pick(ja,
                "That entry no longer exists.",
                "その記録は見つかりません。"),
            Error::EmptyText => pick(ja,
                "Write something before saving.",
                "保存する前に何か書いてください。"),
            Error::TooLong { max } => if ja {
                format!("{max}文字を超えています。分けて保存してください。")
            } else {
                format!("This is longer than {max} characters. Save it in parts.")
            },
            Error::QueryTooLong { max } => if ja {
                format!("検索する言葉が{max}文字を超えています。探したい言葉を短くしてください。")
            } else {
                format!("The search is longer than {max} characters. Search for a few words from it instead.")
            },
            Error::ScaleOutOfRange(scale) => {
                let (en, ja_name) = match scale {
                    crate::limits::Scale::Mood => ("Mood", "気分"),
                    crate::limits::Scale::Energy => ("Energy", "元気"),
                    crate::limits::Scale::Stress => ("Stress", "ストレス"),
                };
                if ja {
                    format!("{ja_name}：0〜10の整数を入力してください。")
                } else {
                    format!("{en}: type a whole number from 0 to 10.")
                }
            }
            Error::SleepOutOfRange => pick(ja,
                "Sleep: from 0 to 24 hours, in half hours (for example 7.5).",
                "睡眠：0〜24時間を30分単位で入力してください（例：7.5）。"),
            Error::InvalidSetting(_) => pick(ja,
                "That setting is out of range.",
                "その設定値は範囲外です。"),
            Error::NotNow(_) => pick(ja,
                "That step isn't possible at this point of the meeting.",
                "ミーティングのこの段階では、その操作はできません。"),
            Error::Interrupted => pick(ja,
                "That stopped before it finished. Try again; if it happens again, restart Enza.",
                "処理が途中で止まりました。もう一度お試しください。繰り返す場合は、円座を再起動してください。"),
            Error::LockFirst => pick(ja,
                "Lock the vault before replacing it with a backup.",
                "バックアップで置き換える前に、保管庫をロックしてください。"),
            Error::StillClosing => pick(ja,
                "The vault is still being closed: its backup on lock is being written. Wait a moment, then try again.",
                "保管庫を閉じている途中です（ロック時のバックアップを作成しています）。少し待ってから、もう一度お試しください。"),
            Error::NotesAfterClosing => pick(ja,
                "Notes open after closing, so nothing is written while people share. To allow notes during meetings, change it in Settings.",
                "ノートはクロージングの後に開きます。分かち合いの間は何も書き留めません。ミーティングの途中でも書けるようにするには、設定で変更してください。"),
            Error::BuiltinTemplate => pick(ja,
                "Built-in templates stay as they are. Make a copy and edit the copy.",
                "組み込みのテンプレートは変更できません。コピーを作って、コピーを編集してください。"),
            Error::FutureDate => pick(ja,
                "That date is still to come. Choose today or an earlier day.",
                "未来の日付は選べません。今日か、それより前の日を選んでください。"),
            Error::LastPhase => pick(ja,
                "This is the last phase. To end the meeting, press E.",
                "これが最後の段階です。ミーティングを終えるには E を押してください。"),
            Error::FirstPhase => pick(ja,
                "This is the first phase; there is none before it.",
                "これが最初の段階です。これより前の段階はありません。"),
            Error::ControlCharacters => pick(ja,
                "The text holds invisible control characters (they can come with a copy and paste). Remove them and try again.",
                "テキストに目に見えない制御文字が含まれています（コピー＆ペーストで紛れ込むことがあります）。取り除いてから、もう一度試してください。"),
            Error::TooManyNicknames { present } => if ja {
                format!("ニックネームが参加者の人数（{present}人）より多くなっています。1行に1人ずつ、席の順に書いてください。")
            } else {
                format!("There are more nicknames than the {present} people present. Write one per line, in seat order.")
            },
            Error::TooMany { max } => if ja {
                format!("{max}件までです。使わなくなったものを消してから、もう一度試してください。")
            } else {
                format!("There can be at most {max}. Delete one you no longer need, then try again.")
            },
            Error::LoopNotBack => pick(ja,
                "A step can only go back to itself or to an earlier step. Choose an earlier step to go back to.",
                "ステップは、そのステップ自身かそれより前のステップにだけ戻れます。戻る先に前のステップを選んでください。"),
            Error::TurnFloorAboveCeiling => pick(ja,
                "The shortest turn is longer than the longest turn. Make the shortest turn shorter or the longest turn longer.",
                "最短の時間が最長の時間より長くなっています。最短を短くするか、最長を長くしてください。"),
            Error::MissingFile(p) => if ja {
                format!("{} が見つかりません。保管庫を開くにはこのファイルが必要です。移動した場合は元の場所に戻してください。何も変更していません。", p.display())
            } else {
                format!("{} is missing, and the vault cannot be opened without it. If it was moved, put it back. Nothing was changed.", p.display())
            },
            Error::ReadOnly => pick(ja,
                "The vault's folder or disk is read-only, so nothing could be saved. Your vault is not damaged. Check that the disk is not write-protected.",
                "保管庫のフォルダかディスクが読み取り専用のため、保存できませんでした。保管庫は壊れていません。ディスクが書き込み禁止になっていないか確かめてください。"),
            Error::DiskFull => pick(ja,
                "The disk is full, so nothing could be saved. Your vault is not damaged. Free some space and try again.",
                "ディスクの空き容量がないため、保存できませんでした。保管庫は壊れていません。空き容量を作ってから、もう一度試してください。"),
            Error::VaultInUse => pick(ja,
                "The disk is full, and while it is, only one Enza can open the vault: another (the app, or another `enza` command) has it open. Close that one and try again. Nothing was changed.",
                "ディスクの空き容量がない間は、保管庫を開けるのは1つの円座だけです。ほかの円座（アプリか別の enza コマンド）が開いています。そちらを閉じてから、もう一度試してください。何も変更していません。"),
            Error::NotEnoughMemory => pick(ja,
                "There is not enough free memory to open the vault. Close other programs and try again. Nothing was changed.",
                "保管庫を開くためのメモリが足りません。ほかのアプリを閉じてから、もう一度試してください。何も変更していません。"),
            Error::PermissionDenied => pick(ja,
                "Enza is not allowed to read or write the vault's files. Your vault is not damaged. Check the folder's owner and permissions.",
                "保管庫のファイルを読み書きする権限がありません。保管庫は壊れていません。フォルダの所有者と権限を確かめてください。"),
            Error::ExportFolderNotEmpty(p) => if ja {
                format!("{} にはすでに何かがあります。上書きしないよう、空のフォルダか新しいフォルダの名前を選んでください。何も書き出していません。", p.display())
            } else {
                format!("{} already holds something. Choose an empty folder or a new folder name, so nothing is overwritten. Nothing was exported.", p.display())
            },
            Error::ExportNothingSelected => pick(ja,
                "There is nothing to export in this format. Choose at least one kind of content (CSV holds check-ins only).",
                "この形式で書き出すものがありません。書き出す内容を1つ以上選んでください（CSVはチェックインだけです）。"),
            Error::BackupEmpty => pick(ja,
                "The backup file is empty (0 bytes): the copy or the backup did not finish. Nothing was changed. Use another backup.",
                "バックアップファイルが空（0バイト）です。コピーかバックアップが途中で終わっています。何も変更していません。別のバックアップを使ってください。"),
            Error::BackupTruncated => pick(ja,
                "The backup file is shorter than it should be: it was cut off while being copied or written. Nothing was changed. Copy it again from where it came from, or use another backup.",
                "バックアップファイルが途中で切れています（コピーか書き込みが終わっていません）。何も変更していません。元の場所からもう一度コピーするか、別のバックアップを使ってください。"),
            Error::BackupDamaged(_) => pick(ja,
                "The backup file is damaged: its contents no longer match what was written. Nothing was changed. Use another backup.",
                "バックアップファイルが壊れています（書き込まれたときの内容と一致しません）。何も変更していません。別のバックアップを使ってください。"),
            Error::NotABackup => pick(ja,
                "This file is not an Enza backup. Nothing was changed. Choose the backup file (made by Enza's backup) instead.",
                "このファイルは円座のバックアップではありません。何も変更していません。円座で作ったバックアップファイルを選んでください。"),
            Error::BackupTooNew(_) => pick(ja,
                "This backup was made by a newer Enza. Update Enza, then open it again. Nothing was changed.",
                "このバックアップは新しいバージョンの円座で作られています。円座を更新してから、もう一度開いてください。何も変更していません。"),
            Error::BackupNotAFile(p) => if ja {
                format!("「{}」はファイルではありません（フォルダなど）。フォルダの中のバックアップファイルを選んでください。何も変更していません。", p.display())
            } else {
                format!("{} is not a file (a folder, or something else). Choose the backup file inside it. Nothing was changed.", p.display())
            },
            Error::BackupFolderNotMade(p) => if ja {
                format!("フォルダ「{}」はまだありません。作成すれば、そこに自動バックアップを保存できます。", p.display())
            } else {
                format!("The folder {} is not there yet. Enza can create it and keep the automatic backups there.", p.display())
            },
            Error::BackupFolderMissing(p) => if ja {
                format!("バックアップ先のフォルダ「{}」が見つかりません（USBメモリが差さっていないなど）。バックアップは作っていません。USBメモリを差し込むか、別のフォルダを選んでください。", p.display())
            } else {
                format!("The backup folder {} is not there (is the USB stick plugged in?). No backup was made. Plug it in, or choose another folder in Settings.", p.display())
            },
            Error::BackupNeedsPassphrase => pick(ja,
                "To make a backup that opens with the vault's passphrase, Enza needs the passphrase once more: lock and unlock the vault, or type a passphrase for this backup. No backup was made.",
                "保管庫のパスフレーズで開けるバックアップを作るには、もう一度パスフレーズが必要です。いったんロックして解除するか、このバックアップ用のパスフレーズを入力してください。バックアップは作っていません。"),
            Error::BackupWrongSecret => pick(ja,
                "That passphrase or recovery key does not open this backup (or this file's key slot is damaged). A backup opens with the passphrase it was made with (by default the vault's passphrase at that time) or with the vault's recovery key. Nothing was changed.",
                "そのパスフレーズか回復キーでは、このバックアップを開けません（ファイルの鍵の部分が壊れている可能性もあります）。バックアップは、作ったときのパスフレーズ（通常はその時点の保管庫のパスフレーズ）か、保管庫の回復キーで開けます。何も変更していません。"),
            Error::BackupNoRecoverySlot => pick(ja,
                "This backup was made from a vault that did not yet give backups a recovery key slot, so only its passphrase opens it. Nothing was changed.",
                "このバックアップは、回復キーで開ける仕組みがまだなかった保管庫から作られたため、パスフレーズでしか開けません。何も変更していません。"),
            Error::BackupNotFound(p) => if ja {
                format!("「{}」というファイルはありません。フォルダとファイル名を確かめてください。何も変更していません。", p.display())
            } else {
                format!("There is no file at {}. Check the folder and the file name. Nothing was changed.", p.display())
            },
            Error::BackupUnreadable => pick(ja,
                "The backup file could not be read to the end: Enza may not be allowed to read it, or its disk was removed. Nothing was changed. Check the disk and the file's permissions, then try again.",
                "バックアップファイルを最後まで読めませんでした。読む権限がないか、ディスクが取り外された可能性があります。何も変更していません。ディスクとファイルの権限を確かめて、もう一度試してください。"),
            Error::NoCaptureKey => pick(ja,
                "Quick notes are not ready for this vault yet. Unlock it once with this version of Enza; after that, quick notes work while it is locked.",
                "この保管庫ではまだクイックメモを使えません。このバージョンの円座で一度ロックを解除すると、その後はロック中でもクイックメモを書けます。"),
            Error::NotACapture => pick(ja,
                "That file is not a quick note of this vault. It was set aside; nothing else was changed.",
                "このファイルは、この保管庫のクイックメモではありません。別の場所に移しました。ほかには何も変更していません。"),
            Error::NotARecipient => pick(ja,
                "That is not a handover key. A handover key starts with age1 and is 62 letters and digits; ask your co-facilitator to copy theirs from Enza's Settings.",
                "引き継ぎの鍵ではありません。引き継ぎの鍵は age1 で始まる62文字の英数字です。相手の円座の「設定」からコピーしてもらってください。"),
            Error::OwnRecipient => pick(ja,
                "That is your own handover key. Every handover is sealed to you as well; add your co-facilitators' keys here.",
                "それはあなた自身の引き継ぎの鍵です。引き継ぎは必ずあなた自身にも封をします。ここには進行役の仲間の鍵を加えてください。"),
            Error::CofacilitatorExists => pick(ja,
                "That key is already in your list of co-facilitators.",
                "その鍵は、すでに進行役の仲間の一覧にあります。"),
            Error::NoRecipients => pick(ja,
                "Choose at least one co-facilitator, or seal it with a passphrase.",
                "進行役の仲間を一人以上選ぶか、パスフレーズで封をしてください。"),
            Error::NoSealingKeys => pick(ja,
                "This vault has no handover key yet, because its disk takes no writes. Once the vault can be written again, unlock it once more.",
                "保管庫のディスクに書き込めないため、まだ引き継ぎの鍵がありません。書き込めるようになったら、もう一度ロックを解除してください。"),
            Error::HandoverNameMissing => pick(ja,
                "Write your name for handovers first, so the people you hand over to know who it is from.",
                "引き継ぎを受け取る人が誰からかわかるように、先に引き継ぎに書く名前を入力してください。"),
            Error::HandoverBeforeEnd => pick(ja,
                "End the meeting before handing it over.",
                "引き継ぎを作る前に、ミーティングを終えてください。"),
            Error::NotSealed => pick(ja,
                "That file is not a sealed Enza file (an age file). Nothing was changed. Check that you chose the handover file itself.",
                "このファイルは、封をした円座のファイル（age形式）ではありません。何も変更していません。引き継ぎのファイルそのものを選んだか確かめてください。"),
            Error::SealedForSomeoneElse => pick(ja,
                "This file was sealed for someone else: your handover key does not open it. Nothing was changed. Ask the person who made it to add you as a co-facilitator (with the key in your Settings) and seal it again.",
                "このファイルは別の人あてに封がされていて、あなたの引き継ぎの鍵では開けません。何も変更していません。作った人に、あなたの鍵（「設定」にあります）を進行役の仲間に加えて、もう一度封をしてもらってください。"),
            Error::SealedDamaged => pick(ja,
                "This file was changed after it was sealed, or is damaged, so Enza will not read any of it. Nothing was changed. Ask for the file again.",
                "このファイルは封をした後に書き換えられたか、壊れています。そのため円座は中身を読みません。何も変更していません。もう一度ファイルを送ってもらってください。"),
            Error::NotAHandover => pick(ja,
                "This file opened, but it is not a meeting handover from Enza. Nothing was imported.",
                "ファイルは開けましたが、円座のミーティングの引き継ぎではありません。何も読み込んでいません。"),
            Error::HandoverNeedsPassphrase => pick(ja,
                "This handover is sealed with a passphrase. Type the passphrase it was sealed with.",
                "この引き継ぎはパスフレーズで封がされています。封をしたときのパスフレーズを入力してください。"),
            Error::HandoverWrongPassphrase => pick(ja,
                "That passphrase does not open this handover (or the file was changed after it was sealed). Nothing was imported. Check the passphrase with the person who sealed it.",
                "このパスフレーズでは引き継ぎを開けません（または封をした後にファイルが書き換えられています）。何も読み込んでいません。封をした人にパスフレーズを確かめてください。"),
            Error::FileExists(p) => if ja {
                format!("{} はすでにあります。上書きはしません。別の名前を選んでください。", p.display())
            } else {
                format!("{} already exists, and Enza does not overwrite it. Choose another name.", p.display())
            },
            Error::CannotWrite { place, why } => cannot_write(ja, &place.display().to_string(), *why),
            Error::Io(_) => pick(ja,
                "Could not read or write the vault folder. Check free space and permissions.",
                "保管庫のフォルダを読み書きできませんでした。空き容量と権限を確かめてください。"),
            Error::Storage(_) => pick(ja,
                "Something went wrong while saving. Your earlier entries are safe; try again.",
                "保存中に問題が起きました。これまでの記録は無事です。もう一度試してください。"),
        }
    }
}

fn pick(ja: bool, en: &str, ja_text: &str) -> String {
    if ja { ja_text } else { en }.to_owned()
}

fn cannot_write(ja: bool, place: &str, why: WriteTrouble) -> String {
    match (why, ja) {
        (WriteTrouble::ReadOnly, false) => format!(
            "{place} is on a read-only disk or folder, so nothing could be written there. Nothing was changed. \
             Check that the disk is not write-protected, or choose another place."
        ),
        (WriteTrouble::ReadOnly, true) => format!(
            "「{place}」は読み取り専用のディスクかフォルダにあるため、書き込めませんでした。何も変更していません。\
             ディスクが書き込み禁止になっていないか確かめるか、別の場所を選んでください。"
        ),
        (WriteTrouble::Full, false) => format!(
            "The disk that holds {place} is full. Nothing was left half-written there, and nothing else was \
             changed. Free some space, or choose another disk."
        ),
        (WriteTrouble::Full, true) => format!(
            "「{place}」のあるディスクの空き容量がありません。書きかけのファイルは残っておらず、ほかには何も変更していません。\
             空き容量を作るか、別のディスクを選んでください。"
        ),
        (WriteTrouble::Denied, false) => format!(
            "Enza is not allowed to write in {place}. Nothing was changed. Check the folder's owner and \
             permissions, or choose another place."
        ),
        (WriteTrouble::Denied, true) => format!(
            "「{place}」に書き込む権限がありません。何も変更していません。フォルダの所有者と権限を確かめるか、別の場所を選んでください。"
        ),
        (WriteTrouble::Failed, false) => format!(
            "Writing in {place} failed: the disk did not take the files as written (it may have been removed, \
             or be failing). Nothing was left half-written there, and nothing else was changed. Check the disk \
             and try again, or choose another place."
        ),
        (WriteTrouble::Failed, true) => format!(
            "「{place}」への書き込みに失敗しました（ディスクが取り外されたか、故障している可能性があります）。\
             書きかけのファイルは残っておらず、ほかには何も変更していません。ディスクを確かめてもう一度試すか、別の場所を選んでください。"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_at_open_is_a_full_disk() {
        let failure = |code: i32| rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
        assert!(matches!(Error::from(failure(rusqlite::ffi::SQLITE_IOERR_SHMSIZE)), Error::DiskFull));
        assert!(matches!(Error::from(failure(rusqlite::ffi::SQLITE_FULL)), Error::DiskFull));
        assert!(matches!(Error::from(failure(rusqlite::ffi::SQLITE_IOERR_WRITE)), Error::Storage(_)));
    }

    #[test]
    fn messages_never_carry_internal_strings() {
        let e = Error::Storage(rusqlite::Error::InvalidQuery);
        for lang in [Lang::En, Lang::Ja] {
            let m = e.message(lang);
            assert!(!m.to_lowercase().contains("query"), "{m}");
            assert!(!m.contains("sqlite"), "{m}");
        }
    }

    /// `NotNow` speaks of a meeting; the vault's and a task's states have
    /// their own codes and words.
    #[test]
    fn vault_states_are_not_meeting_steps() {
        for e in [Error::Interrupted, Error::LockFirst, Error::StillClosing] {
            assert_ne!(e.code(), "not_now");
            for lang in [Lang::En, Lang::Ja] {
                let said = e.message(lang);
                assert!(!said.contains("meeting") && !said.contains("ミーティング"), "{said}");
            }
        }
        assert!(Error::LockFirst.message(Lang::Ja).contains("ロックしてください"));
    }

    #[test]
    fn not_a_database_maps_to_damaged() {
        let e: Error = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_NOTADB),
            Some("file is not a database".into()),
        )
        .into();
        assert_eq!(e.code(), "database_damaged");
    }
}
