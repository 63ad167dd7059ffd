//! The one window, built in code so its webview can be incognito.

use tauri::{AppHandle, Url, WebviewUrl, WebviewWindowBuilder};

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
    WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("Enza")
        .inner_size(1100.0, 760.0)
        .min_inner_size(640.0, 480.0)
        .incognito(!automated)
        .on_navigation(is_own_page)
        .build()?;
    Ok(())
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
    fn only_own_pages_are_allowed() {
        for ok in ["tauri://localhost/index.html", "http://tauri.localhost/index.html"] {
            assert!(is_own_page(&Url::parse(ok).unwrap()), "{ok}");
        }
        for bad in ["https://example.com/", "file:///etc/passwd", "tauri://evil/", "data:text/html,hi"] {
            assert!(!is_own_page(&Url::parse(bad).unwrap()), "{bad}");
        }
    }
}
