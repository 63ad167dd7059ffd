//! A bare Tauri window: one static page, an incognito webview built in code
//! as Enza's is, and the same start-up mark (`enza-startup-ms N` on stdout,
//! from the top of `main` to the second animation frame of the page).
//! `scripts/bench-app.sh` measures it beside Enza, built the same way.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();

#[tauri::command]
fn first_view_drawn() {
    if let Some(start) = START.get() {
        println!("enza-startup-ms {:.1}", start.elapsed().as_secs_f64() * 1000.0);
    }
}

fn main() {
    START.get_or_init(Instant::now);
    tauri::Builder::default()
        .setup(|app| {
            tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::App("index.html".into()))
                .title("Bare window")
                .inner_size(1100.0, 760.0)
                .incognito(std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() != Ok("true"))
                .build()?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![first_view_drawn])
        .run(tauri::generate_context!())
        .expect("the bare window could not start");
}
