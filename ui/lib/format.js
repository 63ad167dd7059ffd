// Timer text. Whether a timer is near its end is the core's call (Clock).

/** 125 → "2:05"; -65 → "1:05" (the caller shows "over"). */
export function mmss(totalSeconds) {
  const s = Math.abs(Math.trunc(totalSeconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
