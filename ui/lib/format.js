// Timer text. Whether a timer is near its end is the core's call (Clock).

/** 125 → "2:05"; -65 → "1:05" (the caller shows "over"). */
export function mmss(totalSeconds) {
  const s = Math.abs(Math.trunc(totalSeconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A file's size with its unit, one decimal from a megabyte: "820 KB",
 * "3.2 MB" (the same in both languages). */
export function formatBytes(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1000) return `${n} B`;
  if (n < 1000 * 1000) return `${Math.round(n / 1000)} KB`;
  if (n < 1000 * 1000 * 1000) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(1)} GB`;
}

/** `dir` and `name` joined with one slash. */
export function joinPath(dir, name) {
  return `${String(dir || '').replace(/\/+$/, '')}/${name}`;
}

/** Whether a typed path is a full one ("/media/usb/…", "C:\\…"): a
 * relative one would land wherever the app happened to start. */
export function isFullPath(path) {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(String(path || '').trim());
}
