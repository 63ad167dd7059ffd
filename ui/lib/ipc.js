// The only module that talks to the Rust side. Every failure becomes an
// IpcError with a stable `code` and a `message` already in the user's
// language; anything unexpected gets a generic message, never raw internals.
import { t } from './i18n.js';

const tauri = window.__TAURI__;

export class IpcError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export async function call(command, args = {}) {
  try {
    return await tauri.core.invoke(command, args);
  } catch (e) {
    if (e && typeof e.code === 'string' && typeof e.message === 'string') {
      throw new IpcError(e.code, e.message);
    }
    throw new IpcError('unexpected', t('error.unexpected'));
  }
}

/** What to tell the user about a failure: an IpcError's own message, or
 * the generic one for anything else (never a raw internal message). */
export function userMessage(error) {
  return error instanceof IpcError ? error.message : t('error.unexpected');
}

/** Calls `handler(reason)` whenever the core locks the vault by itself. */
export function onLocked(handler) {
  return tauri.event.listen('vault-locked', (event) => handler(event.payload));
}

/** Calls `handler({done, total})` while an unlock upgrades the vault (the
 * search index of a vault from an older version is built once). Resolves
 * to a function that stops listening. */
export function onUpgradeProgress(handler) {
  return tauri.event.listen('vault-upgrade-progress', (event) => handler(event.payload));
}

/** Calls `handler({done, total})` while a backup is written, checked or
 * restored (by hand or automatically). Resolves to a function that stops
 * listening. */
export function onBackupProgress(handler) {
  return tauri.event.listen('backup-progress', (event) => handler(event.payload));
}

/** Calls `handler({done, total})` while an export is written. */
export function onExportProgress(handler) {
  return tauri.event.listen('export-progress', (event) => handler(event.payload));
}

/** Calls `handler()` when the window has been asked to close with the vault
 * open: the automatic backup on quit (if set) runs, then the app ends. */
export function onQuitting(handler) {
  return tauri.event.listen('app-quitting', () => handler());
}
