//! The harness: start the real Enza window through tauri-driver and
//! WebKitWebDriver (under Xvfb), each test with its own HOME, XDG folders,
//! temp folder and vault, and drive it as a person would.
#![allow(dead_code)]

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::fs;
use std::future::Future;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, Instant};

/// Words typed into the app that must never reach the disk in the clear.
pub const MARKER_EN: &str = "zebracrossing-e2e";
pub const MARKER_JA: &str = "ひまわり畑の約束";

static NEXT_PORT: AtomicU16 = AtomicU16::new(0);

/// One person's machine: private folders for everything the app may write.
pub struct Machine {
    root: tempfile::TempDir,
    lang: &'static str,
    /// The time zone (`TZ`); the runner's own when `None`.
    zone: Option<&'static str>,
}

impl Machine {
    /// `lang` is the desktop locale, e.g. "en_US.UTF-8" or "ja_JP.UTF-8".
    pub fn new(lang: &'static str) -> Machine {
        let root = tempfile::Builder::new().prefix("enza-e2e-").tempdir().unwrap();
        for d in ["home", "data", "config", "cache", "state", "runtime", "tmp"] {
            fs::create_dir_all(root.path().join(d)).unwrap();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(root.path().join("runtime"), fs::Permissions::from_mode(0o700)).unwrap();
        }
        Machine { root, lang, zone: None }
    }

    /// The same machine in another time zone.
    pub fn in_zone(mut self, zone: &'static str) -> Machine {
        self.zone = Some(zone);
        self
    }

    pub fn root(&self) -> &Path {
        self.root.path()
    }

    pub fn vault_dir(&self) -> PathBuf {
        self.root.path().join("vault")
    }

    fn envs(&self) -> Vec<(&'static str, PathBuf)> {
        let r = self.root.path();
        let zone = self.zone.map(|z| ("TZ", PathBuf::from(z)));
        zone.into_iter()
            .chain([
                ("HOME", r.join("home")),
                ("XDG_DATA_HOME", r.join("data")),
                ("XDG_CONFIG_HOME", r.join("config")),
                ("XDG_CACHE_HOME", r.join("cache")),
                ("XDG_STATE_HOME", r.join("state")),
                ("XDG_RUNTIME_DIR", r.join("runtime")),
                ("TMPDIR", r.join("tmp")),
                ("ENZA_VAULT_DIR", self.vault_dir()),
            ])
            .collect()
    }

    /// Starts the app and opens a WebDriver session on its window.
    pub async fn launch(&self) -> App {
        let port = free_port();
        let mut cmd = Command::new(tauri_driver());
        cmd.args(["--port", &port.to_string(), "--native-port", &(port + 1).to_string()])
            .envs(self.envs())
            .env("LANG", self.lang)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let driver = cmd.spawn().expect("tauri-driver must be installed (cargo install tauri-driver --locked)");
        wait_for_port(port);
        let caps = serde_json::json!({
            "tauri:options": { "application": app_binary().to_str().unwrap() },
            "browserName": "wry",
        });
        let client = ClientBuilder::native()
            .capabilities(caps.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("WebDriver session with the Enza window");
        let app = App { client, driver, needle: self.needle() };
        app.client.set_window_size(1280, 800).await.ok();
        app
    }

    /// Starts the app as a person does, without WebDriver (whose session
    /// ends with a crashed page): for what WebDriver cannot watch.
    pub fn start_plain(&self) -> std::process::Child {
        Command::new(app_binary())
            .envs(self.envs())
            .env("LANG", self.lang)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the app starts")
    }

    /// What marks this machine's processes: the vault folder in their
    /// environment (the driver, the app and WebKit's helpers inherit it).
    fn needle(&self) -> String {
        format!("ENZA_VAULT_DIR={}", self.vault_dir().display())
    }

    /// Kills this machine's app with SIGKILL, as a dead battery would.
    pub fn kill_app(&self) {
        let apps: Vec<i32> = processes_with(&self.needle())
            .into_iter()
            .filter(|(_, exe)| exe.ends_with("/enza-app"))
            .map(|(pid, _)| pid)
            .collect();
        assert_eq!(apps.len(), 1, "exactly one app process to kill: {apps:?}");
        unsafe {
            libc::kill(apps[0], libc::SIGKILL);
        }
    }

    /// Ends the WebKit web process of the app `app` (a pid), with SIGKILL,
    /// as a crash or the system's memory killer would; returns how many
    /// were ended.
    pub fn kill_web_process(&self, app: u32) -> usize {
        let parent = |pid: i32| {
            let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // "pid (comm) state ppid …": the fields after the last ')'.
            stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok())
        };
        let pages: Vec<i32> = processes_with(&self.needle())
            .into_iter()
            .filter(|(pid, exe)| exe.ends_with("/WebKitWebProcess") && parent(*pid) == Some(app))
            .map(|(pid, _)| pid)
            .collect();
        for pid in &pages {
            unsafe {
                libc::kill(*pid, libc::SIGKILL);
            }
        }
        pages.len()
    }

    /// The app's log as it is now (enza.log under XDG_DATA_HOME).
    pub fn app_log(&self) -> String {
        let mut stack = vec![self.root.path().join("data")];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.file_name().is_some_and(|n| n == "enza.log") {
                    return fs::read_to_string(p).unwrap_or_default();
                }
            }
        }
        String::new()
    }

    /// Fails if any file this machine's app could have written holds a marker,
    /// as UTF-8 or UTF-16. Also fails if the app's log and WebKit's own files
    /// (profile, storage, cache) are not among the files scanned: then they
    /// went somewhere outside this machine's folders and the scan would prove
    /// nothing about them.
    pub fn assert_no_file_contains(&self, markers: &[&str]) {
        let root = self.root.path();
        let mut scanned = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                let meta = fs::symlink_metadata(&p).unwrap();
                if meta.is_dir() {
                    stack.push(p);
                } else if meta.is_file() {
                    let bytes = fs::read(&p).unwrap();
                    for m in markers {
                        for needle in encodings(m) {
                            assert!(
                                !bytes.windows(needle.len()).any(|w| w == needle.as_slice()),
                                "{} holds the words {m:?} in the clear",
                                p.display()
                            );
                        }
                    }
                    scanned.push(p.strip_prefix(root).unwrap().to_path_buf());
                }
            }
        }
        scanned.sort();
        let listing = || scanned.iter().map(|p| format!("  {}", p.display())).collect::<Vec<_>>().join("\n");
        let is_log = |p: &PathBuf| p.file_name().is_some_and(|n| n == "enza.log");
        assert!(
            scanned.iter().any(|p| is_log(p) && p.starts_with("data")),
            "enza.log is not under XDG_DATA_HOME: the log was not scanned; scanned:\n{}",
            listing()
        );
        // WebKit's website data (storage, caches, HSTS, media keys) under the
        // app's folder in XDG_DATA_HOME or XDG_CACHE_HOME.
        let webkit: Vec<&PathBuf> = scanned
            .iter()
            .filter(|p| p.starts_with("data") || p.starts_with("cache"))
            .filter(|p| p.iter().any(|c| WEBKIT_NAMES.iter().any(|n| c == *n)))
            .collect();
        assert!(
            !webkit.is_empty(),
            "no WebKit file under XDG_DATA_HOME or XDG_CACHE_HOME: its profile was not scanned; scanned:\n{}",
            listing()
        );
        assert!(scanned.iter().any(|p| p.starts_with("vault")), "the vault was not scanned:\n{}", listing());
        eprintln!("leak scan: {} files ({} of WebKit's), no marker found", scanned.len(), webkit.len());
        if std::env::var_os("ENZA_E2E_LIST_FILES").is_some() {
            eprintln!("{}", listing());
        }
    }
}

impl Machine {
    /// Runs the CLI on this machine's vault with `passphrase`, as a person at
    /// a terminal would (to seed a vault); fails the test if it fails.
    pub fn enza(&self, passphrase: &str, args: &[&str]) {
        self.enza_output(passphrase, args);
    }

    /// As [`Machine::enza`], returning what it printed.
    pub fn enza_output(&self, passphrase: &str, args: &[&str]) -> String {
        let out = Command::new(cli_binary())
            .arg("--vault")
            .arg(self.vault_dir())
            .args(args)
            .env("ENZA_PASSPHRASE", passphrase)
            .output()
            .expect("the CLI runs");
        assert!(out.status.success(), "enza {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// A machine of its own with a copy of `template`'s vault (seeded once
    /// with the CLI), its passphrase entered in the window; the caller waits
    /// for the screen it lands on.
    pub async fn unlocked_copy_of(template: &Machine, passphrase: &str) -> (Machine, App) {
        let machine = Machine::new(template.lang);
        machine.take_vault_of(template);
        let app = machine.launch().await;
        app.type_into("#unlock-passphrase", passphrase).await;
        app.press("#unlock-passphrase", &key(fantoccini::key::Key::Enter)).await;
        (machine, app)
    }

    /// A copy of `from`'s vault folder as this machine's vault: its files
    /// keep their owner-only modes.
    pub fn take_vault_of(&self, from: &Machine) {
        let to = self.vault_dir();
        fs::create_dir(&to).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&to, fs::Permissions::from_mode(0o700)).unwrap();
        }
        for entry in fs::read_dir(from.vault_dir()).unwrap().flatten() {
            if entry.file_type().unwrap().is_file() {
                fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }

    /// The proportional set size (KiB) of this machine's app and its WebKit
    /// processes, not counting the WebDriver's: what the app costs in memory.
    pub fn app_pss_kib(&self) -> u64 {
        const OURS: [&str; 4] = ["/enza-app", "/WebKitWebProcess", "/WebKitNetworkProcess", "/WebKitGPUProcess"];
        processes_with(&self.needle())
            .into_iter()
            .filter(|(_, exe)| OURS.iter().any(|name| exe.ends_with(name)))
            .map(|(pid, _)| {
                let rollup = fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
                rollup
                    .lines()
                    .find_map(|l| l.strip_prefix("Pss:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                    .unwrap_or(0)
            })
            .sum()
    }
}

/// This machine's live processes (pid, executable), found by a variable in
/// their environment. Zombies have an empty environment and are not listed.
fn processes_with(needle: &str) -> Vec<(i32, String)> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else { continue };
        let environ = fs::read(entry.path().join("environ")).unwrap_or_default();
        if environ.split(|b| *b == 0).any(|var| var == needle.as_bytes()) {
            let exe = fs::read_link(entry.path().join("exe")).unwrap_or_default();
            found.push((pid, exe.to_string_lossy().into_owned()));
        }
    }
    found
}

/// Polls `check` every 50 ms until it gives something, or fails after
/// `timeout` saying what never happened.
pub async fn poll<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "{what} did not happen within {timeout:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Names WebKitGTK gives the folders and files of a web view's data.
const WEBKIT_NAMES: &[&str] = &[
    "storage",
    "localstorage",
    "databases",
    "indexeddb",
    "WebKitCache",
    "CacheStorage",
    "hsts-storage.sqlite",
    "mediakeys",
    "cookies.sqlite",
];

fn encodings(s: &str) -> Vec<Vec<u8>> {
    vec![
        s.as_bytes().to_vec(),
        s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
        s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
    ]
}

/// The app binary the test command built (`cargo build -p enza-app`).
fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("ENZA_APP_BIN") {
        return PathBuf::from(p);
    }
    built("enza-app", "enza-app")
}

/// The CLI the test command built beside the app (`cargo build -p enza-cli`),
/// for tests that seed a vault or check a file as a person at a terminal would.
pub fn cli_binary() -> PathBuf {
    built("enza", "enza-cli")
}

fn built(binary: &str, package: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let bin = target.join("debug").join(binary);
    assert!(bin.exists(), "{} is missing: run `cargo build -p {package}` first", bin.display());
    bin.canonicalize().unwrap()
}

fn tauri_driver() -> PathBuf {
    let home_bin = PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo/bin/tauri-driver");
    if home_bin.exists() {
        home_bin
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// Ports per test (and per launch), so runs never collide.
fn free_port() -> u16 {
    let base = 4700 + (std::process::id() % 200) as u16 * 20;
    loop {
        let p = base + NEXT_PORT.fetch_add(2, Ordering::SeqCst) % 1000;
        if TcpStream::connect(("127.0.0.1", p)).is_err() && TcpStream::connect(("127.0.0.1", p + 1)).is_err() {
            return p;
        }
    }
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "tauri-driver did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub struct App {
    pub client: Client,
    driver: Child,
    /// Marks this machine's processes (see `Machine::needle`).
    needle: String,
}

impl App {
    /// Waits (up to 15 s) for an element matching `css` to be shown.
    pub async fn wait(&self, css: &str) -> Element {
        self.wait_for(css, 15).await
    }

    /// Waits up to `secs` for an element matching `css` to be shown.
    pub async fn wait_for(&self, css: &str, secs: u64) -> Element {
        poll(&format!("{css} showing"), Duration::from_secs(secs), || async {
            let el = self.client.find(Locator::Css(css)).await.ok()?;
            el.is_displayed().await.unwrap_or(false).then_some(el)
        })
        .await
    }

    /// Waits until `css` shows text containing `expected`; returns the text.
    pub async fn wait_text(&self, css: &str, expected: &str) -> String {
        self.wait_text_for(css, expected, 15).await
    }

    pub async fn wait_text_for(&self, css: &str, expected: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let text = self.text(css).await.unwrap_or_default();
            if text.contains(expected) {
                return text;
            }
            assert!(Instant::now() < deadline, "{css} never said {expected:?}; it says {text:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn text(&self, css: &str) -> Option<String> {
        let el = self.client.find(Locator::Css(css)).await.ok()?;
        el.text().await.ok()
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.wait(css).await;
        el.clear().await.ok();
        el.send_keys(text).await.unwrap();
    }

    pub async fn click(&self, css: &str) {
        self.wait(css).await.click().await.unwrap();
    }

    pub async fn is_enabled(&self, css: &str) -> bool {
        self.wait(css).await.is_enabled().await.unwrap()
    }

    /// Types keys (e.g. " " or Key::Right) into the element matching `css`.
    pub async fn press(&self, css: &str, keys: &str) {
        self.wait(css).await.send_keys(keys).await.unwrap();
    }

    /// Chooses `value` in a select with the arrow keys, as a person would.
    pub async fn choose(&self, css: &str, value: &str) {
        use fantoccini::key::Key;
        for arrow in [Key::Down, Key::Up] {
            for _ in 0..30 {
                if self.value(css).await == value {
                    return;
                }
                self.press(css, &key(arrow)).await;
            }
        }
        assert_eq!(self.value(css).await, value, "{css} never offered {value}");
    }

    /// All the text inside `css`, including what the layout clips (WebKit's
    /// WebDriver counts line-clamped text as not shown, so this does not wait).
    pub async fn text_content(&self, css: &str) -> String {
        let el = self.client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no {css}"));
        el.prop("textContent").await.unwrap().unwrap_or_default()
    }

    /// The current value of an input or select. Asked again if the page
    /// was drawn anew between finding the field and reading it.
    pub async fn value(&self, css: &str) -> String {
        poll(&format!("{css}'s value"), Duration::from_secs(15), || async {
            let el = self.client.find(Locator::Css(css)).await.ok()?;
            if !el.is_displayed().await.ok()? {
                return None;
            }
            Some(el.prop("value").await.ok()?.unwrap_or_default())
        })
        .await
    }

    /// Presses Ctrl+KEY on whatever has the focus.
    pub async fn press_ctrl(&self, key: &str) {
        use fantoccini::key::Key;
        let focused = self.client.active_element().await.unwrap();
        let chord = format!("{}{key}{}", char::from(Key::Control), char::from(Key::Null));
        focused.send_keys(&chord).await.unwrap();
    }

    /// Presses keys (e.g. Tab, or Shift+Tab as `&[Key::Shift, Key::Tab]`) on
    /// whatever has the focus, as a keyboard would: all down, then all up.
    pub async fn keys_here(&self, keys: &[fantoccini::key::Key]) {
        self.chord_here(&keys.iter().map(|k| char::from(*k)).collect::<Vec<_>>()).await;
    }

    /// As [`App::keys_here`], with letters among the keys (Alt+N is
    /// `&[char::from(Key::Alt), 'n']`).
    pub async fn chord_here(&self, keys: &[char]) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for k in keys {
            actions = actions.then(KeyAction::Down { value: *k });
        }
        for k in keys.iter().rev() {
            actions = actions.then(KeyAction::Up { value: *k });
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    /// Types text into whatever has the focus, key by key.
    pub async fn type_here(&self, text: &str) {
        self.client.active_element().await.unwrap().send_keys(text).await.unwrap();
    }

    /// What has the keyboard focus: its id, else its tag name; "page" when
    /// nothing does (the focus fell back to the body).
    pub async fn focused(&self) -> String {
        let script = "const a = document.activeElement;
            return !a || a === document.body ? 'page' : (a.id || a.tagName.toLowerCase());";
        let v = self.client.execute(script, vec![]).await.unwrap();
        v.as_str().unwrap_or_default().to_string()
    }

    /// Waits until the focus is on `id` (a screen drawn anew puts it there
    /// just after its content appears); fails with where it is instead.
    pub async fn wait_focus(&self, id: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let now = self.focused().await;
            if now == id {
                return;
            }
            assert!(Instant::now() < deadline, "the focus never reached #{id}; it is on {now:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Presses Tab (or Shift+Tab) once per expected stop, at a person's pace
    /// (0.7 s between keys, so the live screen's once-a-second refresh falls
    /// between them), and checks where the focus is after each pause.
    pub async fn tab_through(&self, expected: &[&str], backwards: bool) {
        use fantoccini::key::Key;
        let mut went = Vec::new();
        for want in expected {
            if backwards {
                self.keys_here(&[Key::Shift, Key::Tab]).await;
            } else {
                self.keys_here(&[Key::Tab]).await;
            }
            tokio::time::sleep(Duration::from_millis(700)).await;
            let got = self.focused().await;
            went.push(got.clone());
            assert_eq!(&got, want, "Tab order: expected {expected:?}, went {went:?}");
        }
    }

    /// Makes the window's inside (the page's viewport) `width`×`height`.
    pub async fn set_viewport(&self, width: u32, height: u32) {
        let inner = || async {
            let v = self.client.execute("return [innerWidth, innerHeight];", vec![]).await.unwrap();
            (v[0].as_i64().unwrap(), v[1].as_i64().unwrap())
        };
        let want = (width as i64, height as i64);
        let before = inner().await;
        if before == want {
            return;
        }
        self.client.set_window_size(width, height).await.unwrap();
        // The page learns of a resize a moment later: measure once it has
        // (or after 3 s, for a window whose outside was this size already).
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        while inner().await == before && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // A frame around the page (a window manager's) takes its share.
        let (w, h) = inner().await;
        let (dw, dh) = (width as i64 - w, height as i64 - h);
        if dw != 0 || dh != 0 {
            self.client.set_window_size((width as i64 + dw) as u32, (height as i64 + dh) as u32).await.unwrap();
        }
        poll(&format!("a {width}×{height} viewport"), Duration::from_secs(5), || async {
            (inner().await == want).then_some(())
        })
        .await;
    }

    /// Fails unless each element matching one of `selectors` is shown
    /// wholly inside the viewport, without scrolling the page.
    pub async fn assert_in_view(&self, selectors: &[&str], what: &str) {
        let script = "const out = [];
            for (const css of arguments[0]) {
              const el = document.querySelector(css);
              if (!el) { out.push(css + ' missing'); continue; }
              const r = el.getBoundingClientRect();
              if (r.width === 0 || r.height === 0) out.push(css + ' not shown');
              else if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth)
                out.push(`${css} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} outside ${innerWidth}×${innerHeight}`);
            }
            const page = document.scrollingElement;
            if (page.scrollTop !== 0) out.push('the page is scrolled by ' + page.scrollTop);
            return out;";
        let v = self.client.execute(script, vec![serde_json::json!(selectors)]).await.unwrap();
        let problems: Vec<String> =
            v.as_array().unwrap().iter().map(|p| p.as_str().unwrap_or_default().to_string()).collect();
        assert!(problems.is_empty(), "{what}: {problems:?}");
    }

    /// Saves a picture of the window as target/screenshots/NAME.png.
    pub async fn screenshot(&self, name: &str) {
        // Let fonts load and layout settle: two frames after the fonts are ready.
        let settle = "const done = arguments[arguments.length - 1];
            document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));";
        self.client.execute_async(settle, vec![]).await.unwrap();
        let png = self.client.screenshot().await.unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// Runs a script in the page and returns what it returns.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Saves a picture at 1280×800 (NAME-1280) and at 1024×700
    /// (NAME-1024), then goes back to 1280×800.
    pub async fn two_sizes(&self, name: &str) {
        self.screenshot(&format!("{name}-1280")).await;
        self.set_viewport(1024, 700).await;
        self.screenshot(&format!("{name}-1024")).await;
        self.set_viewport(1280, 800).await;
    }

    /// Chooses the appearance ("light", "dark", "system") in Settings, as
    /// a person would, and waits until the page shows it.
    pub async fn set_appearance(&self, value: &str) {
        self.click("#nav-settings").await;
        self.choose("#appearance", value).await;
        let script = format!("return document.documentElement.dataset.appearance === '{value}';");
        poll(&format!("appearance {value}"), Duration::from_secs(5), || async {
            (self.js(&script).await == serde_json::Value::Bool(true)).then_some(())
        })
        .await;
    }

    /// Scales the interface text, as a person with 200% text would see it.
    pub async fn set_text_scale(&self, percent: u32) {
        let script = format!("document.documentElement.style.fontSize = '{percent}%';");
        self.client.execute(&script, vec![]).await.unwrap();
    }

    /// Ends the session, which closes the app, then stops tauri-driver and
    /// waits until the app and WebKit's helpers have exited (so their last
    /// writes are on disk before a scan, and the vault is free for a restart).
    /// From any screen: a meeting started on the Meetings screen, ended at
    /// once, its record open with 4 present and no newcomers typed in.
    pub async fn end_a_meeting_at_once(&self) {
        let enter = key(fantoccini::key::Key::Enter);
        self.press("#nav-meetings", &enter).await;
        self.press("#start-meeting", &enter).await;
        self.wait("#phase-strip").await;
        self.press(".live", "e").await;
        self.press("#confirm-end-yes", &enter).await;
        self.type_into("#rec-attendance", "4").await;
        self.type_into("#rec-newcomers", "0").await;
    }

    pub async fn quit(mut self) {
        self.client.clone().close().await.ok();
        self.stop_driver();
        if self.all_exited(Duration::from_secs(10)).await {
            return;
        }
        // WebKitWebDriver sometimes lets go of the app without closing it
        // (WebKit bug 321418): end what is left of ours, SIGTERM first.
        for signal in [libc::SIGTERM, libc::SIGKILL] {
            let left = processes_with(&self.needle);
            eprintln!("still running after the session closed, sending signal {signal}: {left:?}");
            for (pid, _) in left {
                unsafe {
                    libc::kill(pid, signal);
                }
            }
            if self.all_exited(Duration::from_secs(10)).await {
                return;
            }
        }
        panic!("still running after SIGKILL: {:?}", processes_with(&self.needle));
    }

    async fn all_exited(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if processes_with(&self.needle).is_empty() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }

    fn stop_driver(&mut self) {
        if !matches!(self.driver.try_wait(), Ok(None)) {
            return;
        }
        // SIGTERM lets tauri-driver stop WebKitWebDriver too; SIGKILL would orphan it.
        unsafe {
            libc::kill(self.driver.id() as libc::pid_t, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.driver.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                self.driver.kill().ok();
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A test that fails midway still stops its driver (and with it the app),
/// so the next test and the test runner's output pipe are not held.
impl Drop for App {
    fn drop(&mut self) {
        self.stop_driver();
    }
}

/// A special key (Enter, an arrow, …) as text for `send_keys`.
pub fn key(k: fantoccini::key::Key) -> String {
    char::from(k).to_string()
}

/// First run up to the empty reflections list; returns the recovery key.
pub async fn first_run(app: &App, lang: &str, pass: &str) -> String {
    app.wait("#passphrase").await;
    app.type_into("#passphrase", "short").await;
    app.wait_text("#strength", if lang == "ja" { "短すぎ" } else { "Too short" }).await;
    app.screenshot(&format!("{lang}-01-first-run")).await;

    app.type_into("#passphrase", pass).await;
    app.type_into("#passphrase-confirm", "not the same").await;
    app.click("#create").await;
    app.wait_text("#error", if lang == "ja" { "一致しません" } else { "not the same" }).await;

    app.type_into("#passphrase-confirm", pass).await;
    app.click("#create").await;
    let shown = app.wait("#recovery-key").await;
    // Read group by group, as a person copying it down would.
    let mut groups = Vec::new();
    for g in shown.find_all(fantoccini::Locator::Css("span")).await.unwrap() {
        groups.push(g.text().await.unwrap());
    }
    assert_eq!(groups.len(), 8, "recovery key shown as 8 groups: {groups:?}");
    assert!(groups.iter().all(|g| g.chars().count() == 4), "{groups:?}");
    let key = groups.join("-");
    assert!(!app.is_enabled("#continue").await, "cannot continue before writing it down");
    app.screenshot(&format!("{lang}-02-recovery-key")).await;
    app.click("#written-down").await;
    app.click("#continue").await;
    app.wait("#reflection-empty").await;
    app.screenshot(&format!("{lang}-03-reflections-empty")).await;
    key
}
