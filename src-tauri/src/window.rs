//! The one window, built in code so its webview can be incognito, and drawn
//! again if its web process ends.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Url, WebviewUrl, WebviewWindowBuilder};

/// Set when the window's web process ended and the page was loaded again;
/// the page, started afresh, says so until it has ([`restarted`],
/// [`restart_noted`]): the page may be loaded more than once meanwhile.
static RESTARTED: AtomicBool = AtomicBool::new(false);
/// When the web process last ended: a process that keeps ending is not
/// started again and again.
static ENDINGS: Mutex<Vec<Instant>> = Mutex::new(Vec::new());
/// At most this many new web processes a minute.
const RESTARTS_PER_MINUTE: usize = 3;

/// WebKitGTK's accelerated compositing is off unless the person's
/// environment says otherwise (`WEBKIT_DISABLE_COMPOSITING_MODE=0`, or any
/// `WEBKIT_DISABLE_DMABUF_RENDERER`). Measured under Xvfb (release, 10 runs):
/// with it on, a bare Tauri window's first frame took ≈ 0.9 s and ≈ 260 MiB
/// PSS; off, ≈ 0.45 s and ≈ 200 MiB. A calm page of text and forms draws as
/// fast without it, and it is also the usual cause of blank WebKitGTK windows
/// on some GPU drivers. Under tauri-driver WebKit keeps its default: with
/// compositing off (or the DMA-BUF renderer off) WebKitWebDriver's sessions
/// hang, so the e2e tests see the default renderer, and `check-package.sh`
/// checks that the installed app, started as a person starts it, draws its
/// first view. Called first thing in `main`, before any thread.
pub fn choose_rendering() {
    let set = |name: &str| std::env::var_os(name).is_some();
    if !automated() && !set("WEBKIT_DISABLE_COMPOSITING_MODE") && !set("WEBKIT_DISABLE_DMABUF_RENDERER") {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// Whether tauri-driver started this process (it sets this flag).
fn automated() -> bool {
    std::env::var("TAURI_WEBVIEW_AUTOMATION").is_ok_and(|v| v == "true")
}

pub fn create_main(app: &AppHandle) -> tauri::Result<()> {
    // WebKitWebDriver cannot drive an incognito webview, so only a process
    // started by tauri-driver (which sets this flag) gets a normal one. The
    // e2e leak scan checks that even then nothing readable reaches the disk.
    let automated = automated();
    let window = WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("Enza")
        .inner_size(1100.0, 760.0)
        .min_inner_size(640.0, 480.0)
        .incognito(!automated)
        .on_navigation(is_own_page)
        .build()?;
    redraw_when_the_page_ends(&window)
}

/// Whether the window was drawn again and the page has not said so yet.
pub fn restarted() -> bool {
    RESTARTED.load(Ordering::SeqCst)
}

/// The page has told the person.
pub fn restart_noted() {
    RESTARTED.store(false, Ordering::SeqCst);
}

/// WebKit draws the page in its own process; if that process ends (it
/// crashed, or the system's memory killer chose it) the window would stay
/// blank without a word. The vault and any meeting live in this process and
/// are untouched, so the page is loaded again and says what happened. A
/// process that keeps ending is left as it is after a few tries, and logged.
#[cfg(target_os = "linux")]
fn redraw_when_the_page_ends(window: &tauri::WebviewWindow) -> tauri::Result<()> {
    window.with_webview(|webview| {
        use webkit2gtk::WebViewExt;
        webview.inner().connect_web_process_terminated(|view, reason| {
            let again = try_again(Instant::now());
            tracing::error!(reason = ?reason, again, "the window's web process ended");
            if again {
                RESTARTED.store(true, Ordering::SeqCst);
                view.reload();
            }
        });
    })
}

#[cfg(not(target_os = "linux"))]
fn redraw_when_the_page_ends(_: &tauri::WebviewWindow) -> tauri::Result<()> {
    Ok(())
}

/// Counts an ending at `now`; whether to start the page again.
fn try_again(now: Instant) -> bool {
    let mut endings = ENDINGS.lock().unwrap_or_else(|e| e.into_inner());
    endings.retain(|t| now.duration_since(*t) < Duration::from_secs(60));
    endings.push(now);
    endings.len() <= RESTARTS_PER_MINUTE
}

/// Only the app's own pages may load in the window: no link, redirect or
/// injected script can take it anywhere else.
fn is_own_page(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_that_keeps_ending_is_not_started_again_and_again() {
        let start = Instant::now();
        let at = |s: u64| start + Duration::from_secs(s);
        assert!(try_again(at(0)) && try_again(at(10)) && try_again(at(20)));
        assert!(!try_again(at(30)), "a fourth in a minute");
        assert!(try_again(at(75)), "a minute after the first two");
    }

    #[test]
    fn only_own_pages_are_allowed() {
        for ok in ["tauri://localhost/index.html", "http://tauri.localhost/index.html"] {
            assert!(is_own_page(&Url::parse(ok).unwrap()), "{ok}");
        }
        for bad in ["https://example.com/", "file:///etc/passwd", "tauri://evil/", "data:text/html,hi"] {
            assert!(!is_own_page(&Url::parse(bad).unwrap()), "{bad}");
        }
    }
}
