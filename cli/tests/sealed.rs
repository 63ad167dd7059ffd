//! Sealed notes through the `enza` command, and interop with the reference
//! `age` tool (Debian's `age`, installed by `scripts/install-deps.sh
//! --test`): a handover sealed by Enza opens with `age -d -i`, and a
//! capture sealed by `age -r` imports into Enza.

use enza_core::meeting::{Command as MeetingCommand, SessionRecord, TurnPolicy};
use enza_core::{Lang, Vault, VaultDir};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const PASS: &str = "correct horse battery";

fn enza(vault: &Path, args: &[&str], with_passphrase: bool) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_enza"));
    cmd.arg("--vault").arg(vault).args(args).env("LANG", "en_US.UTF-8");
    for var in ["ENZA_PASSPHRASE", "ENZA_VAULT_DIR", "LC_ALL", "LC_MESSAGES", "ENZA_HANDOVER_PASSPHRASE"] {
        cmd.env_remove(var);
    }
    if with_passphrase {
        cmd.env("ENZA_PASSPHRASE", PASS);
    }
    cmd.stdin(Stdio::null()).output().unwrap()
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "stdout: {}\nstderr: {}", text(&out.stdout), text(&out.stderr));
    text(&out.stdout)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The reference tool; the test fails (never skips) without it.
fn age_tool(args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new("age")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the `age` tool is installed (scripts/install-deps.sh --test installs it)");
    child.stdin.take().unwrap().write_all(stdin.unwrap_or_default()).unwrap();
    child.wait_with_output().unwrap()
}

/// A vault (cheap KDF) with one ended, recorded meeting: its session id.
fn vault_with_meeting(dir: &Path) -> i64 {
    let v = Vault::create_insecure_fast(&VaultDir::new(dir), PASS).unwrap().vault;
    let m = v.meetings();
    let id = m.start(None, "builtin:standard", Lang::Ja).unwrap().id;
    for cmd in [
        MeetingCommand::NextPhase,
        MeetingCommand::NextPhase,
        MeetingCommand::StartRound { present: 4, policy: TurnPolicy::default(), nicknames: vec![] },
        MeetingCommand::NextSpeaker,
        MeetingCommand::End,
    ] {
        m.command(id, &cmd).unwrap();
    }
    let record = SessionRecord {
        facilitators: "Aiko".into(),
        attendance: 4,
        newcomers: 2,
        themes: "春の眠気と仕事 interop-theme-3b8e".into(),
        safety_concern: true,
        follow_ups: "Call back on Monday".into(),
        ..SessionRecord::default()
    };
    m.save_record(id, &record).unwrap();
    id
}

#[test]
fn a_handover_sealed_by_enza_opens_with_the_age_tool_and_imports_into_another_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let session = vault_with_meeting(&a);
    Vault::create_insecure_fast(&VaultDir::new(&b), PASS).unwrap();

    // Ben's handover key, and his identity file for the age tool.
    let identity_file = tmp.path().join("ben-identity.txt");
    let shown = ok(enza(&b, &["identity", "--export-handover", identity_file.to_str().unwrap()], true));
    let ben_key = shown.lines().find_map(|l| l.strip_prefix("handover key: ")).unwrap().trim().to_owned();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&identity_file).unwrap().permissions().mode() & 0o777, 0o600);

    ok(enza(&a, &["cofacilitator", "add", "Ben", &ben_key], true));
    let file = tmp.path().join("handover.age");
    let export = ["handover", "export", &session.to_string(), "--to", "Ben", "--out", file.to_str().unwrap()];
    ok(enza(&a, &export, true));
    let sealed = std::fs::read(&file).unwrap();
    assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
    assert!(!text(&sealed).contains("interop-theme-3b8e"), "nothing readable outside the seal");
    // Written once: never over a file that is there.
    assert!(!enza(&a, &export, true).status.success());

    let opened = age_tool(&["-d", "-i", identity_file.to_str().unwrap(), file.to_str().unwrap()], None);
    assert!(opened.status.success(), "{}", text(&opened.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&opened.stdout).unwrap();
    assert_eq!(doc["enza"], "handover");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["from"]["name"], "Aiko");
    let meeting = &doc["meeting"];
    assert_eq!((meeting["attendance"].as_u64(), meeting["newcomers"].as_u64()), (Some(4), Some(2)));
    assert_eq!(meeting["themes"], "春の眠気と仕事 interop-theme-3b8e");
    assert_eq!(meeting["safety_concern"], true);
    assert_eq!(meeting["follow_ups"], "Call back on Monday");
    assert_eq!(meeting["turns"].as_array().unwrap().len(), 2);
    let session_json: serde_json::Value =
        serde_json::from_str(&ok(enza(&a, &["session", "show", &session.to_string(), "--json"], true))).unwrap();
    assert_eq!(meeting["started_at"], session_json["summary"]["started_at"]);
    assert_eq!(meeting["template"], session_json["summary"]["template_name"]);

    // Into Ben's vault, once.
    let said = ok(enza(&b, &["handover", "import", file.to_str().unwrap()], true));
    assert!(said.contains("from: Aiko (not in your co-facilitators"), "{said}");
    assert!(said.contains("Imported."), "{said}");
    let again = ok(enza(&b, &["handover", "import", file.to_str().unwrap()], true));
    assert!(again.contains("Already imported"), "{again}");
    // A third vault cannot open it, and says why.
    let c = tmp.path().join("c");
    Vault::create_insecure_fast(&VaultDir::new(&c), PASS).unwrap();
    let refused = enza(&c, &["handover", "import", file.to_str().unwrap()], true);
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("sealed for someone else"), "{}", text(&refused.stderr));
}

#[test]
fn a_handover_sealed_to_a_passphrase_opens_with_the_age_tool() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let session = vault_with_meeting(&a);
    let file = tmp.path().join("for-chika.age");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_enza"));
    cmd.arg("--vault").arg(&a).env("ENZA_PASSPHRASE", PASS).env("ENZA_HANDOVER_PASSPHRASE", "summer rain on the roof");
    let out = cmd
        .args(["handover", "export", &session.to_string(), "--passphrase", "--out", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    // age reads a passphrase only from a terminal; a pty-less test cannot
    // type it, so the library side of the same format opens it.
    let identity = age::scrypt::Identity::new(age::secrecy::SecretString::from("summer rain on the roof".to_owned()));
    let plain = age::decrypt(&identity, &std::fs::read(&file).unwrap()).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(doc["meeting"]["attendance"], 4);
    // And the header is age's passphrase stanza, as the tool expects.
    assert!(text(&std::fs::read(&file).unwrap()).contains("\n-> scrypt "));
}

#[test]
fn a_capture_sealed_by_the_age_tool_imports_into_enza() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    Vault::create_insecure_fast(&VaultDir::new(&a), PASS).unwrap();
    let recipient = std::fs::read_to_string(a.join("capture.pub")).unwrap();
    let doc = serde_json::json!({
        "enza": "capture",
        "version": 1,
        "id": "00112233445566778899aabbccddeeff",
        "kind": "reflection",
        "text": "書いたのは age です interop-capture-4d2c",
        "written_at": "2026-12-04T23:45:00-08:00",
    });
    std::fs::create_dir_all(a.join("inbox")).unwrap();
    let out_file = a.join("inbox").join("00112233445566778899aabbccddeeff.age");
    let sealed = age_tool(
        &["-r", recipient.trim(), "-o", out_file.to_str().unwrap()],
        Some(serde_json::to_string(&doc).unwrap().as_bytes()),
    );
    assert!(sealed.status.success(), "{}", text(&sealed.stderr));

    // And one written by `enza capture`, with no passphrase anywhere.
    let said =
        ok(enza(&a, &["capture", "--kind", "boundary", "電話は明日にしてもらった interop-boundary-6a1f"], false));
    assert!(said.contains("Sealed. You will see it after unlocking (2 waiting)"), "{said}");

    let listed = enza(&a, &["reflection", "list", "--json"], true);
    assert!(
        text(&listed.stderr).contains("1 quick note written while locked is now in your journal")
            || text(&listed.stderr).contains("2 quick notes written while locked are now in your journal"),
        "{}",
        text(&listed.stderr)
    );
    let list: serde_json::Value = serde_json::from_str(&ok(listed)).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["created_at"], "2026-12-05T07:45:00Z");
    let found = ok(enza(&a, &["search", "interop-boundary-6a1f"], true));
    assert!(!found.trim().is_empty(), "the boundary event is found");
    assert!(std::fs::read_dir(a.join("inbox")).unwrap().flatten().all(|e| e.path().is_dir()));
}
