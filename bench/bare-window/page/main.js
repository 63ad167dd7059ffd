// Reports the first frame drawn, as Enza's app.js does for its first view.
requestAnimationFrame(() => requestAnimationFrame(() => window.__TAURI__.core.invoke('first_view_drawn')));
