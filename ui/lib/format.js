// Small formatting helpers for timers and counts.

/** 125 → "2:05"; -65 → "1:05" (the caller shows "over"). */
export function mmss(totalSeconds) {
  const s = Math.abs(Math.trunc(totalSeconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "near" in the last minute (or last fifth), "over" past zero. */
export function timerState(remaining, planned) {
  if (remaining === null || remaining === undefined) return 'none';
  if (remaining < 0) return 'over';
  if (remaining <= Math.max(60, (planned ?? 0) / 5) && planned > 60) return 'near';
  if (planned <= 60 && remaining <= 10) return 'near';
  return 'ok';
}
