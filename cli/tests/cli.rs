//! The `enza` command as a person at a terminal (or a script) uses it.

use enza_core::{Vault, VaultDir};
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const PASS: &str = "correct horse battery";

fn enza(vault: &Path, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    run(command(vault, args, env), stdin.unwrap_or("").as_bytes())
}

/// `enza --vault VAULT ARGS` with a clean environment plus `env`, all three
/// standard streams piped.
fn command(vault: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_enza"));
    cmd.arg("--vault").arg(vault).args(args).env("LANG", "en_US.UTF-8");
    for var in
        ["ENZA_PASSPHRASE", "ENZA_NEW_PASSPHRASE", "ENZA_RECOVERY_KEY", "ENZA_VAULT_DIR", "LC_ALL", "LC_MESSAGES"]
    {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied()).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

fn run(mut cmd: Command, stdin: &[u8]) -> Output {
    let mut child = cmd.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A vault with cheap KDF parameters, so each `enza` run below unlocks in
/// milliseconds (the CLI itself only ever creates vaults at full cost).
fn fast_vault(vault: &Path) {
    Vault::create_insecure_fast(&VaultDir::new(vault), PASS).unwrap();
}

fn add(vault: &Path, title: &str, body: &str) {
    let out = enza(vault, &["reflection", "add", "--title", title, body], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

fn init(vault: &Path) -> String {
    let out = enza(vault, &["init"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let key = stdout.lines().map(str::trim).find(|l| l.len() == 39 && l.matches('-').count() == 7);
    key.expect("recovery key printed once").to_owned()
}

#[test]
fn init_add_list_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    init(&vault);

    let out = enza(
        &vault,
        &["reflection", "add", "--title", "夜", "Quiet evening, 静かな夜"],
        &[("ENZA_PASSPHRASE", PASS)],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out =
        enza(&vault, &["reflection", "add", "-"], &[("ENZA_PASSPHRASE", PASS)], Some("from stdin\nsecond line\n"));
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = enza(&vault, &["reflection", "list", "--json"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["excerpt"], "from stdin\nsecond line\n");
    assert_eq!(list[1]["title"], "夜");

    let out = enza(&vault, &["status"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(text(&out.stdout).contains("reflections: 2"), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("recovery key: checked"), "{}", text(&out.stdout));
}

/// A recovery slot that is well formed but wrong (one flipped bit in its
/// wrapped key): `status` finds it, rebuilds it and says so; the recovery
/// key then works.
#[test]
fn status_finds_and_rebuilds_a_wrong_recovery_slot() {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    let key = init(&vault);
    let path = vault.join("vault.keys");
    let mut json: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    let mut bytes = b64.decode(json["recovery"]["wrapped_key"].as_str().unwrap()).unwrap();
    bytes[10] ^= 4;
    json["recovery"]["wrapped_key"] = b64.encode(&bytes).into();
    fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();

    let out = enza(&vault, &["status"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("has been rebuilt; the same recovery key works again"), "{}", text(&out.stdout));
    let out = enza(&vault, &["status"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(text(&out.stdout).contains("recovery key: checked"), "{}", text(&out.stdout));
    let out = enza(
        &vault,
        &["recover"],
        &[("ENZA_RECOVERY_KEY", &key), ("ENZA_NEW_PASSPHRASE", "a new passphrase, later")],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn wrong_passphrase_is_one_clear_line_and_changes_no_file() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    init(&vault);
    let before: Vec<_> = ["vault.db", "vault.keys"].iter().map(|f| fs::read(vault.join(f)).unwrap()).collect();

    for args in [&["status"][..], &["reflection", "list"], &["passwd"]] {
        let out =
            enza(&vault, args, &[("ENZA_PASSPHRASE", "not it at all"), ("ENZA_NEW_PASSPHRASE", "whatever123")], None);
        assert!(!out.status.success());
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("does not open this vault"), "{err}");
    }
    let after: Vec<_> = ["vault.db", "vault.keys"].iter().map(|f| fs::read(vault.join(f)).unwrap()).collect();
    assert_eq!(before, after);
}

#[test]
fn passphrase_file_passwd_and_recover() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    let key = init(&vault);
    let file = tmp.path().join("pass.txt");
    fs::write(&file, format!("{PASS}\n")).unwrap();
    let file_arg = file.to_str().unwrap();

    let out = enza(&vault, &["--passphrase-file", file_arg, "status"], &[], None);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out =
        enza(&vault, &["passwd"], &[("ENZA_PASSPHRASE", PASS), ("ENZA_NEW_PASSPHRASE", "second passphrase")], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!enza(&vault, &["status"], &[("ENZA_PASSPHRASE", PASS)], None).status.success());

    let out =
        enza(&vault, &["recover"], &[("ENZA_RECOVERY_KEY", &key), ("ENZA_NEW_PASSPHRASE", "third passphrase")], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(enza(&vault, &["status"], &[("ENZA_PASSPHRASE", "third passphrase")], None).status.success());
}

#[test]
fn a_missing_vault_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = enza(&tmp.path().join("none"), &["status"], &[], None);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no vault here"), "{}", text(&out.stderr));
}

#[test]
fn templates_and_sessions_are_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    let out = enza(&vault, &["template", "list"], &[], None);
    let text_out = text(&out.stdout);
    assert_eq!(text_out.lines().count(), 6, "{text_out}");
    assert!(text_out.contains("builtin:iippanashi"));
    assert!(text_out.contains("builtin:wrap\tWRAP-style recovery planning group\t90 min"), "{text_out}");
    assert!(text_out.contains("builtin:family\tFamily group\t90 min"), "{text_out}");

    init(&vault);
    let out = enza(&vault, &["session", "list", "--json"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(), serde_json::json!([]));
    let out = enza(&vault, &["session", "show", "1"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no longer exists"), "{}", text(&out.stderr));
}

#[test]
fn a_closed_pipe_stops_output_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    fast_vault(&vault);
    // Each row is about 1.1 KB (a 200-character title and a 160-character
    // excerpt, 3 bytes a character), so 300 rows are about 330 KB: five
    // times a pipe's 64 KiB buffer, so `enza` is still writing when the
    // reader goes away, as in `enza reflection list | head -1`.
    let (title, body) = ("夜".repeat(200), "静".repeat(400));
    for _ in 0..300 {
        add(&vault, &title, &body);
    }

    for args in [&["reflection", "list", "--limit", "500"][..], &["reflection", "list", "--limit", "500", "--json"]] {
        let mut child = command(&vault, args, &[("ENZA_PASSPHRASE", PASS)]).spawn().unwrap();
        drop(child.stdin.take());
        let mut first = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let err = text(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{args:?}: {err}");
        assert!(out.status.success() || out.status.code() == Some(141), "{args:?}: {:?} {err}", out.status);
        assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
    }
}

#[test]
fn control_and_bidi_characters_are_shown_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    fast_vault(&vault);
    // The core refuses control characters (ESC, BEL, NUL…) at the door, with
    // a clear line and nothing saved; bidi controls and line separators are
    // text it keeps, and the terminal must not act on them.
    let out =
        enza(&vault, &["reflection", "add", "--title", "\x1b[31mRED", "body"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("control characters"), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr).lines().count(), 1);

    let title = "RED\u{2028}second line\u{202e}abc";
    add(&vault, title, "body\tend \u{2066}x\u{2029}y\nline two");

    let out = enza(&vault, &["reflection", "list"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for c in ['\u{202e}', '\u{2066}', '\u{2028}', '\u{2029}'] {
        assert!(!shown.contains(c), "{c:?} in {shown:?}");
    }
    assert_eq!(shown.lines().count(), 1, "{shown:?}");
    let fields: Vec<&str> = shown.trim_end_matches('\n').split('\t').collect();
    assert_eq!(fields.len(), 4, "{shown:?}");
    assert_eq!(fields[2], r"RED\u{2028}second line\u{202e}abc");
    assert_eq!(fields[3], r"body\tend \u{2066}x\u{2029}y");

    // JSON keeps the exact text but writes every such character as a \u escape.
    let out = enza(&vault, &["reflection", "list", "--json"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for c in ['\u{202e}', '\u{2066}', '\u{2028}', '\u{2029}'] {
        assert!(!shown.contains(c), "{c:?} in {shown}");
    }
    assert!(shown.contains(r"second line\u202eabc"), "{shown}");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["title"], title);
}

#[test]
fn text_that_is_not_utf8_is_one_clear_line() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    fast_vault(&vault);
    let file = tmp.path().join("pass.txt");
    fs::write(&file, b"\xff\xfe correct horse\n").unwrap();
    let file_arg = file.to_str().unwrap();

    for (lang, on_stdin, in_file) in [
        (
            "en_US.UTF-8",
            "enza: the text on standard input is not valid UTF-8",
            "enza: the passphrase file is not valid UTF-8",
        ),
        ("ja_JP.UTF-8", "enza: 標準入力のテキストが UTF-8 ではありません", "enza: パスフレーズのファイルが UTF-8 の"),
    ] {
        let env = [("ENZA_PASSPHRASE", PASS), ("LANG", lang)];
        let out = run(command(&vault, &["reflection", "add", "-"], &env), b"\xff\xfe");
        assert!(!out.status.success());
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(on_stdin), "{err}");

        let out = enza(&vault, &["--passphrase-file", file_arg, "status"], &[("LANG", lang)], None);
        assert!(!out.status.success());
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(in_file), "{err}");
    }
    let out = enza(&vault, &["status"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(text(&out.stdout).contains("reflections: 0"), "{}", text(&out.stdout));
}

#[cfg(unix)]
#[test]
fn a_passphrase_variable_that_is_not_utf8_is_refused_not_ignored() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    fast_vault(&vault);
    let mut cmd = command(&vault, &["status"], &[]);
    cmd.env("ENZA_PASSPHRASE", OsStr::from_bytes(b"\xffcorrect horse"));
    let out = run(cmd, b"");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert_eq!(
        err.trim_end(),
        "enza: the environment variable ENZA_PASSPHRASE is not valid UTF-8; set it as UTF-8 text."
    );
}

#[test]
fn status_warns_when_the_recovery_slot_is_damaged() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    fast_vault(&vault);
    let out = enza(&vault, &["status"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("recovery slot"), "{}", text(&out.stderr));

    // Cut the recovery slot's nonce short: the passphrase still opens the
    // vault, but the paper recovery key would not, as it is.
    let keys = vault.join("vault.keys");
    let mut json: serde_json::Value = serde_json::from_slice(&fs::read(&keys).unwrap()).unwrap();
    json["recovery"]["nonce"] = serde_json::Value::from("AAAA");
    fs::write(&keys, serde_json::to_vec_pretty(&json).unwrap()).unwrap();

    // The unlocked vault knows the recovery slot's key-encryption key
    // (vault.recovery-kek): it seals the slot again and says so.
    let out = enza(&vault, &["status"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("unlocks with this passphrase"));
    assert!(text(&out.stdout).contains("has been rebuilt"), "{}", text(&out.stdout));

    // Without vault.recovery-kek nothing can rebuild it: the warning.
    json["recovery"]["nonce"] = serde_json::Value::from("AAAA");
    fs::write(&keys, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
    fs::remove_file(vault.join("vault.recovery-kek")).unwrap();
    let out = enza(&vault, &["status"], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("recovery slot in vault.keys is damaged"), "{}", text(&out.stderr));
}

/// Issue 16 §3: one gate. A database that fails its integrity check takes
/// no writes (`add` refused, with its own message in both languages),
/// `status` exits non-zero, and a backup is made and marked.
#[test]
fn a_damaged_database_refuses_writes_and_status_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    fast_vault(&vault);
    for i in 0..20 {
        add(&vault, "", &format!("kept {i} ").repeat(40));
    }
    // One bit of page 8 (the session_newest index on a new vault: no
    // reflection is read through it) flipped: its HMAC fails.
    let db = vault.join("vault.db");
    let mut bytes = fs::read(&db).unwrap();
    bytes[7 * 4096 + 200] ^= 1;
    fs::write(&db, &bytes).unwrap();
    let pass = [("ENZA_PASSPHRASE", PASS)];

    let out = enza(&vault, &["status"], &pass, None);
    assert!(!out.status.success(), "status exits 0 on a damaged vault: {}", text(&out.stdout));
    assert!(text(&out.stdout).contains("integrity: DAMAGED"), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("writes: refused: the database is damaged"), "{}", text(&out.stdout));

    for (lang, said) in [("en_US.UTF-8", "failed its integrity check"), ("ja_JP.UTF-8", "整合性検査で破損が見つかった")]
    {
        let out = enza(&vault, &["reflection", "add", "not saved"], &[pass[0], ("LANG", lang)], None);
        assert!(!out.status.success());
        let stderr = text(&out.stderr);
        assert!(stderr.contains(said), "{lang}: {stderr}");
        let refused = if lang.starts_with("ja") { "何も保存していません" } else { "saved nothing" };
        assert!(stderr.contains(refused), "{lang}: {stderr}");
    }
    assert_eq!(fs::read(&db).unwrap(), bytes, "a refused write changed vault.db");

    // Reading still works, and says why nothing can be saved.
    let out = enza(&vault, &["reflection", "list", "--json"], &pass, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 20);
    assert!(text(&out.stderr).contains("open read-only"), "{}", text(&out.stderr));

    let backup = tmp.path().join("last-copy.enzabackup");
    let out = enza(&vault, &["backup", backup.to_str().unwrap()], &pass, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("made from a damaged vault"), "{}", text(&out.stderr));

    // On the person's word, this command saves.
    let out = enza(&vault, &["--despite-damage", "reflection", "add", "saved anyway"], &pass, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn the_journal_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    fast_vault(&vault);
    let pass = [("ENZA_PASSPHRASE", PASS)];
    let ok = |args: &[&str]| {
        let out = enza(&vault, args, &pass, None);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    ok(&[
        "checkin",
        "add",
        "--mood",
        "6",
        "--energy",
        "5",
        "--stress",
        "7",
        "--sleep",
        "6.5",
        "--selfcare",
        "rest,talk",
        "--date",
        "2026-11-01",
    ]);
    ok(&["checkin", "add", "--mood", "3", "--energy", "2", "--stress", "9", "--date", "2026-11-01"]);
    ok(&[
        "boundary",
        "add",
        "--kind",
        "money-or-gifts",
        "--what",
        "Offered a gift card",
        "--supervision",
        "--date",
        "2026-11-02",
    ]);

    let list: serde_json::Value =
        serde_json::from_str(&ok(&["journal", "list", "--json", "--since", "2026-10-01"])).unwrap();
    assert_eq!(list["checkins"].as_array().unwrap().len(), 1, "one check-in per day: the second replaced the first");
    assert_eq!(list["checkins"][0]["stress"], 9);
    assert_eq!(list["boundary_events"][0]["kind"], "money_or_gifts");

    let agenda: serde_json::Value = serde_json::from_str(&ok(&["agenda", "--json"])).unwrap();
    assert_eq!(agenda["boundary_events"].as_array().unwrap().len(), 1);
    let trends: serde_json::Value =
        serde_json::from_str(&ok(&["journal", "trends", "--json", "--range", "3m"])).unwrap();
    assert_eq!(trends["series"]["mood"].as_array().unwrap().len(), 91);

    // A day still to come: one clear line, nothing saved.
    let out = enza(
        &vault,
        &["checkin", "add", "--mood", "1", "--energy", "1", "--stress", "1", "--date", "2999-01-01"],
        &pass,
        None,
    );
    assert!(!out.status.success());
    assert_eq!(text(&out.stderr).lines().count(), 1, "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("still to come"), "{}", text(&out.stderr));

    // The core alone accepts or refuses the numbers, with the app's words.
    for (args, said) in [
        (["--mood", "11", "--sleep", "7"], "Mood: type a whole number from 0 to 10."),
        (["--mood", "5", "--sleep", "7.25"], "Sleep: from 0 to 24 hours, in half hours (for example 7.5)."),
    ] {
        let mut all = vec!["checkin", "add", "--energy", "1", "--stress", "1", "--date", "2026-11-03"];
        all.extend(args);
        let out = enza(&vault, &all, &pass, None);
        assert!(!out.status.success(), "{args:?}");
        assert!(text(&out.stderr).contains(said), "{args:?}: {}", text(&out.stderr));
    }
    let list: serde_json::Value =
        serde_json::from_str(&ok(&["journal", "list", "--json", "--since", "2026-11-03"])).unwrap();
    assert_eq!(list["checkins"].as_array().unwrap().len(), 0, "nothing saved");
}

#[test]
fn search_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    fast_vault(&vault);
    add(&vault, "火曜", "職場の境界線について話した。Boundaries again.");
    add(&vault, "", "薬を飲み忘れた");
    let pass = [("ENZA_PASSPHRASE", PASS)];
    let ok = |args: &[&str]| {
        let out = enza(&vault, args, &pass, None);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let plain = ok(&["search", "境界"]);
    assert_eq!(plain.lines().count(), 1, "{plain}");
    assert!(plain.contains("\treflection\t1\t火曜\t職場の«境界»線"), "{plain}");
    let json: serde_json::Value = serde_json::from_str(&ok(&["search", "BOUND", "--json"])).unwrap();
    assert_eq!(json[0]["kind"], "reflection");
    assert_eq!(json[0]["snippet"].as_array().unwrap().iter().filter(|p| p["hit"] == true).count(), 1);
    assert_eq!(ok(&["search", "薬", "--kind", "checkin"]), "");
    assert_eq!(ok(&["search", "薬", "--kind", "reflection,checkin"]).lines().count(), 1);
    let long = "あ".repeat(201);
    let out = enza(&vault, &["search", &long], &pass, None);
    assert!(!out.status.success());
    assert_eq!(text(&out.stderr).lines().count(), 1, "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Search for a few words"), "{}", text(&out.stderr));
    // Days the wrong way round: refused as `export` refuses them, never an
    // empty answer that reads as "nothing found".
    let reversed = ["search", "境界", "--since", "2026-06-20", "--until", "2026-06-19"];
    let out = enza(&vault, &reversed, &pass, None);
    assert!(!out.status.success());
    assert_eq!(text(&out.stderr).trim_end(), "enza: --since is after --until; nothing was searched.");
    let mut ja = command(&vault, &reversed, &pass);
    ja.env("LANG", "ja_JP.UTF-8");
    let out = run(ja, b"");
    assert_eq!(text(&out.stderr).trim_end(), "enza: --since の日付が --until より後です。何も検索していません。");

    // --limit: one range each, said when outside it; 0 is neither "all"
    // (search) nor "nothing" (list), and nothing is capped silently.
    for (args, max) in [(vec!["search", "境界", "--limit"], 200), (vec!["reflection", "list", "--limit"], 500)] {
        for bad in ["0".to_owned(), (max + 1).to_string()] {
            let args: Vec<&str> = args.iter().copied().chain([bad.as_str()]).collect();
            let out = enza(&vault, &args, &pass, None);
            assert!(!out.status.success(), "{args:?}");
            assert_eq!(text(&out.stderr).trim_end(), format!("enza: --limit must be a number from 1 to {max}."));
            assert!(out.stdout.is_empty());
            let mut ja = command(&vault, &args, &pass);
            ja.env("LANG", "ja_JP.UTF-8");
            let out = run(ja, b"");
            assert_eq!(text(&out.stderr).trim_end(), format!("enza: --limit は 1 から {max} までの数にしてください。"));
        }
        let max = max.to_string();
        let args: Vec<&str> = args.iter().copied().chain([max.as_str()]).collect();
        assert!(enza(&vault, &args, &pass, None).status.success(), "{args:?}");
    }
}

/// A recovery key nobody saw must not leave a vault that depends on it:
/// with standard output closed, `init` and `restore` make nothing; with it
/// on a full disk (`/dev/full`), what they made is removed. Each exits
/// non-zero with a message that says so.
#[test]
fn a_recovery_key_that_could_not_be_shown_leaves_no_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let exe = env!("CARGO_BIN_EXE_enza");
    let sh = |vault: &Path, args: &str, redirect: &str, extra: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("{extra} exec \"$0\" --vault \"$1\" {args} {redirect}"))
            .arg(exe)
            .arg(vault)
            .env("LANG", "en_US.UTF-8")
            .env("ENZA_PASSPHRASE", PASS)
            .env("ENZA_NEW_PASSPHRASE", "a new passphrase for the copy")
            .env_remove("ENZA_RECOVERY_KEY")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    for (redirect, says) in [(">&-", "standard output is closed"), (">/dev/full", "was removed")] {
        let vault = tmp.path().join(format!("init{}", redirect.len()));
        let out = sh(&vault, "init", redirect, "");
        assert!(!out.status.success(), "init {redirect}: exit 0");
        assert!(text(&out.stderr).contains(says), "init {redirect}: {}", text(&out.stderr));
        assert!(!vault.exists(), "init {redirect}: a vault was left at {}", vault.display());
    }

    // restore, from a backup of a real vault.
    let source = tmp.path().join("source");
    init(&source);
    let file = tmp.path().join("b.enzabackup");
    let out = enza(&source, &["backup", file.to_str().unwrap()], &[("ENZA_PASSPHRASE", PASS)], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for (redirect, says) in [(">&-", "standard output is closed"), (">/dev/full", "was removed")] {
        let vault = tmp.path().join(format!("restored{}", redirect.len()));
        let args = format!("restore {}", file.display());
        let out = sh(&vault, &args, redirect, "ENZA_BACKUP_PASSPHRASE=\"$ENZA_PASSPHRASE\"");
        assert!(!out.status.success(), "restore {redirect}: exit 0");
        assert!(text(&out.stderr).contains(says), "restore {redirect}: {}", text(&out.stderr));
        assert!(!vault.exists(), "restore {redirect}: a vault was left");
    }
    // Nothing else left beside them either.
    let mut left: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    left.sort();
    assert_eq!(left, ["b.enzabackup", "source"]);
}

/// Issue 16 §4: a folder this user cannot read is not "no vault here,
/// create one": it is named as unreadable, in both languages, and nothing
/// is made over it. As root (which reads every folder) the commands run as
/// `nobody`, for whom a root-only folder is unreadable.
#[test]
fn an_unreadable_folder_is_never_called_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let locked = tmp.path().join("locked");
    fs::create_dir(&locked).unwrap();
    let vault = locked.join("v");
    fast_vault(&vault);
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // A folder this process just made is owned by its effective user.
    let root = fs::metadata(&locked).unwrap().uid() == 0;
    fs::set_permissions(&locked, fs::Permissions::from_mode(if root { 0o700 } else { 0o000 })).unwrap();
    let as_other = |args: &[&str], lang: &str| {
        let mut cmd = command(&vault, args, &[("ENZA_PASSPHRASE", PASS), ("LANG", lang)]);
        if root {
            let inner = cmd;
            cmd = Command::new("setpriv");
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(inner.get_program());
            cmd.args(inner.get_args());
            cmd.envs(inner.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))));
            for (k, v) in inner.get_envs() {
                if v.is_none() {
                    cmd.env_remove(k);
                }
            }
            cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        }
        run(cmd, b"")
    };
    for args in [&["status"][..], &["init"], &["reflection", "list"]] {
        let out = as_other(args, "en_US.UTF-8");
        assert!(!out.status.success(), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("cannot read the folder") && stderr.contains("no vault will be made"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("Create one"), "{stderr}");
        let out = as_other(args, "ja_JP.UTF-8");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("を読めないため、保管庫があるかどうか確かめられません"), "{args:?}: {stderr}");
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o700)).unwrap();
    let mut names: Vec<_> = fs::read_dir(&vault).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(
        names,
        ["capture.pub", "vault.db", "vault.keys", "vault.keys.lock", "vault.recovery-kek"],
        "nothing made"
    );
}

#[test]
fn research_add_list_and_show_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    fast_vault(&vault);
    let pass = [("ENZA_PASSPHRASE", PASS)];
    let args = [
        "research",
        "add",
        "幻聴とのつきあい方",
        "--name",
        "夜の幻聴さん",
        "--step",
        "夜、ひとりの部屋にいる",
        "--step",
        "幻聴さんが大きくなる",
        "--step",
        "こわくなる",
        "--back-to",
        "2",
    ];
    let out = enza(&vault, &args, &pass, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let id = text(&out.stdout).trim().to_owned();

    let list = enza(&vault, &["research", "list"], &pass, None);
    assert_eq!(text(&list.stdout), format!("{id}\tResearching\t幻聴とのつきあい方\t夜の幻聴さん\n"));

    let ja = [("ENZA_PASSPHRASE", PASS), ("LANG", "ja_JP.UTF-8")];
    let shown = text(&enza(&vault, &["research", "show", &id], &ja, None).stdout);
    assert!(shown.contains("  1. 状況：夜、ひとりの部屋にいる\n"), "{shown}");
    assert!(shown.contains("  3. 気持ち：こわくなる（→ステップ2に戻る）\n"), "{shown}");
    let json: serde_json::Value =
        serde_json::from_slice(&enza(&vault, &["research", "show", &id, "--json"], &pass, None).stdout).unwrap();
    assert_eq!(json["own_name"], "夜の幻聴さん");
    assert_eq!(json["pattern"]["steps"][2]["back_to"], 2);
    assert_eq!(json["pattern_text"][2], "3. What I feel: こわくなる (→ back to step 2)");

    // A loop forward is refused, and nothing half-made is kept.
    let bad = ["research", "add", "気分の波", "--step", "a", "--step", "b", "--back-to", "3"];
    let out = enza(&vault, &bad, &pass, None);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("earlier step"), "{}", text(&out.stderr));
    assert_eq!(text(&enza(&vault, &["research", "list"], &pass, None).stdout).lines().count(), 1);
    let missing = enza(&vault, &["research", "show", "999"], &pass, None);
    assert!(!missing.status.success());
}
