//! `enza export` as a person at a terminal uses it: the warning first, the
//! files in a new folder, one clear line when it cannot.

use enza_core::{Vault, VaultDir};
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const PASS: &str = "correct horse battery";

fn enza(vault: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_enza"));
    cmd.arg("--vault").arg(vault).args(args).env("LANG", "en_US.UTF-8").env("ENZA_PASSPHRASE", PASS);
    for var in ["ENZA_NEW_PASSPHRASE", "ENZA_RECOVERY_KEY", "ENZA_VAULT_DIR", "LC_ALL", "LC_MESSAGES"] {
        cmd.env_remove(var);
    }
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn export_warns_writes_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    Vault::create_insecure_fast(&VaultDir::new(&vault), PASS).unwrap();
    for args in [
        &["checkin", "add", "--mood", "7", "--energy", "5", "--stress", "3", "--sleep", "7.5", "--date", "2025-03-10"]
            [..],
        &["checkin", "add", "--mood", "2", "--energy", "4", "--stress", "9", "--note", "=1+1", "--date", "2025-03-11"],
        &["reflection", "add", "--title", "MARKER-TITLE", "MARKER-BODY"],
    ] {
        let out = enza(&vault, args);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }

    let csv = tmp.path().join("csv");
    let out = enza(&vault, &["export", "--format", "csv", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("not encrypted") && err.contains("anyone"), "{err}");
    assert!(!err.contains("exporting ["), "no progress bar when stderr is not a terminal: {err}");
    assert!(text(&out.stdout).contains("exported 1 file to"), "{}", text(&out.stdout));
    let data = fs::read_to_string(csv.join("checkins.csv")).unwrap();
    assert!(data.contains("\r\n2025-03-10,7,5,3,7.5,,\r\n2025-03-11,2,4,9,,,'=1+1\r\n"), "{data:?}");

    let md = tmp.path().join("md");
    let out =
        enza(&vault, &["export", "--format", "md", "--kind", "reflections", "--lang", "ja", md.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let files: Vec<_> = fs::read_dir(md.join("journal")).unwrap().flatten().collect();
    assert_eq!(files.len(), 1);
    let month = fs::read_to_string(files[0].path()).unwrap();
    assert!(month.contains("振り返り：MARKER-TITLE") && month.contains("MARKER-BODY"), "{month}");

    let json = tmp.path().join("json");
    let out = enza(
        &vault,
        &["export", "--format", "json", "--since", "2025-03-11", "--until", "2025-03-11", json.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&fs::read(json.join("enza-export.json")).unwrap()).unwrap();
    assert_eq!(doc["counts"]["checkins"], 1);

    // Again into the same folder: refused in one clear line, before (and
    // without) the "not encrypted" warning, since nothing will be written.
    let before = fs::read(csv.join("checkins.csv")).unwrap();
    let out = enza(&vault, &["export", "--format", "csv", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.starts_with("enza: ") && err.contains("already holds something"), "{err}");
    assert!(!err.contains("not encrypted"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(fs::read(csv.join("checkins.csv")).unwrap(), before);
    // The same refusal in Japanese.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_enza"));
    cmd.arg("--vault").arg(&vault).args(["export", "--format", "csv", csv.to_str().unwrap()]);
    let out = cmd.env("LANG", "ja_JP.UTF-8").env("ENZA_PASSPHRASE", PASS).output().unwrap();
    let err = text(&out.stderr);
    assert!(err.contains("にはすでに何かがあります") && !err.contains("暗号化されません"), "{err}");

    let out =
        enza(&vault, &["export", "--format", "csv", "--kind", "nonsense", tmp.path().join("x").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(!tmp.path().join("x").exists());

    let out = enza(
        &vault,
        &[
            "export",
            "--format",
            "json",
            "--since",
            "2025-04-01",
            "--until",
            "2025-03-01",
            tmp.path().join("y").to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--since is after --until"), "{}", text(&out.stderr));
    assert!(!tmp.path().join("y").exists());
}

/// SIGKILL at moments spread over an export: every file under its final
/// name is whole (the same bytes as an export that was not interrupted);
/// only `.enza-partial-…` files may be left.
#[test]
fn an_interrupted_export_leaves_no_half_file_under_a_final_name() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    let v = Vault::create_insecure_fast(&VaultDir::new(&vault), PASS).unwrap().vault;
    let body = "静かな夜、長い一日だった。\n".repeat(60);
    for i in 0..300 {
        v.journal().add_reflection(&format!("reflection {i}"), &body).unwrap();
    }
    let today = chrono::Local::now().date_naive();
    for i in 0..300u64 {
        let c = enza_core::journal::CheckIn {
            day: today - chrono::Days::new(i + 1),
            mood: (i % 11) as u8,
            energy: 5,
            stress: 5,
            sleep_hours: Some(7.5),
            selfcare: vec!["rest".into()],
            note: body.clone(),
        };
        v.journal().save_checkin(&c, today).unwrap();
    }
    for _ in 0..20 {
        let id = v.meetings().start(None, "builtin:standard", enza_core::Lang::En).unwrap().id;
        v.meetings().command(id, &enza_core::meeting::Command::End).unwrap();
    }
    drop(v);

    // The kills are spread over the fastest of three whole exports (the
    // first, right after the vault's writes, can be slow on a busy disk).
    let reference = tmp.path().join("reference");
    let mut took = std::time::Duration::MAX;
    for run in 0..3 {
        let to = if run == 0 { reference.clone() } else { tmp.path().join(format!("timed{run}")) };
        let started = std::time::Instant::now();
        let out = enza(&vault, &["export", "--format", "md", to.to_str().unwrap()]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        took = took.min(started.elapsed());
    }

    let expected = files(&reference).len();
    let trials = 30u32;
    let (mut interrupted, mut cut_while_writing) = (0, 0);
    for i in 0..trials {
        let target = tmp.path().join(format!("out{i}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_enza"))
            .arg("--vault")
            .arg(&vault)
            .args(["export", "--format", "md"])
            .arg(&target)
            .env("ENZA_PASSPHRASE", PASS)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(took * i / trials);
        let _ = child.kill();
        if !child.wait().unwrap().success() {
            interrupted += 1;
        }
        if !target.exists() {
            continue;
        }
        let found = files(&target);
        let whole = found.iter().filter(|f| !f.file_name().unwrap().to_string_lossy().starts_with(".enza-partial-"));
        if whole.count() < expected {
            cut_while_writing += 1;
        }
        for file in found {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with(".enza-partial-") {
                continue;
            }
            let rel = file.strip_prefix(&target).unwrap();
            assert_eq!(fs::read(&file).unwrap(), fs::read(reference.join(rel)).unwrap(), "{} is whole", rel.display());
        }
    }
    eprintln!("{interrupted} of {trials} exports killed, {cut_while_writing} while writing files ({expected} in all)");
    assert!(interrupted >= trials / 3, "the kills fell during the export ({interrupted} of {trials} cut short)");
    assert!(cut_while_writing > 0, "some trials stopped between files");
}

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}
