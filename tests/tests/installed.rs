//! The installed package, as a person who installed it meets it: the app
//! from /usr/bin opens its first-run screen in the desktop's language and
//! makes a vault, which the installed `enza` command then opens.
//!
//! `scripts/check-package.sh` runs this after `apt install ./enza_….deb`,
//! with ENZA_APP_BIN naming the installed app; without the package there is
//! nothing to test, so it is ignored in the ordinary run.

mod common;

use common::{first_run, Machine};
use std::process::Command;

const PASS: &str = "a passphrase for the installed app";

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the installed package: scripts/check-package.sh runs it"]
async fn the_installed_app_opens_its_first_run_screen_and_makes_a_vault() {
    let bin = std::env::var("ENZA_APP_BIN").expect("ENZA_APP_BIN names the installed app");
    assert!(bin.starts_with("/usr/bin/"), "this test is for the installed app, not {bin}");

    let machine = Machine::new("ja_JP.UTF-8");
    let app = machine.launch().await;
    app.wait_text("h1", "円座へようこそ").await;
    app.screenshot("installed-ja-first-run").await;
    first_run(&app, "ja", PASS).await;
    app.quit().await;

    let status = Command::new("/usr/bin/enza")
        .arg("--vault")
        .arg(machine.vault_dir())
        .arg("status")
        .env("ENZA_PASSPHRASE", PASS)
        .output()
        .expect("the installed enza runs");
    let said = String::from_utf8_lossy(&status.stdout);
    assert!(status.status.success(), "enza status: {said} {}", String::from_utf8_lossy(&status.stderr));
    assert!(said.contains("state: unlocks with this passphrase") && said.contains("integrity: ok"), "{said}");
}
