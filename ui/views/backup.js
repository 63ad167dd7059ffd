// Backups, reached from Settings: one written now to a file, and the
// automatic ones (a folder, how many to keep, when). Paths are chosen in
// the system's dialog or typed.
import { call, onBackupProgress, userMessage } from '../lib/ipc.js';
import { formatDateTime, plural, t } from '../lib/i18n.js';
import { ask, errorBox, field, focusResult, h, showError } from '../lib/dom.js';
import { onSubmit, StopSubmit } from '../lib/forms.js';
import { formatBytes, isFullPath, joinPath } from '../lib/format.js';
import { strength } from '../lib/passphrase.js';
import { progressBar } from '../components/progress.js';
import { lastText, warningText } from '../components/backup-status.js';
import { backupSecret } from '../components/backup-secret.js';
import { pathField } from '../components/path-field.js';

export const meta = { name: 'backup', inside: true, section: 'settings' };

/** The kinds a backup's counts are shown for, in this order, with their
 * strings' keys (the core's manifest names). */
const SHOWN_COUNTS = [
  ['reflections', 'backup.count.reflections'],
  ['checkins', 'backup.count.checkins'],
  ['boundary_events', 'backup.count.boundary_events'],
  ['plan_versions', 'backup.count.plan_versions'],
  ['meetings', 'backup.count.meetings'],
  ['records', 'backup.count.records'],
  ['groups', 'backup.count.groups'],
  ['template_copies', 'backup.count.template_copies'],
];

/** "12 reflections, 30 check-ins, …" (kinds with none are left out). */
export function countsText(counts = {}) {
  const parts = SHOWN_COUNTS.filter(([k]) => (counts[k] ?? 0) > 0)
    .map(([k, key]) => t(plural(key, counts[k]), { n: counts[k] }));
  return parts.length ? parts.join(t('backup.countSeparator')) : t('backup.countNone');
}

/** Runs `work` with `bar` following the backup's progress events; the bar
 * then says `doneLabel`. */
export async function withProgress(bar, label, doneLabel, work) {
  bar.start(label);
  const stop = await onBackupProgress((p) => bar.update(p));
  try {
    const out = await work();
    bar.finish(doneLabel);
    return out;
  } catch (e) {
    bar.fail(t('backup.progressFailed'));
    throw e;
  } finally {
    stop();
  }
}

export async function render(root, ctx) {
  const [{ status, home }, today] = await Promise.all([call('backup_auto_get'), call('local_today')]);
  // How the automatic backups are going, first: a warning is seen at once.
  const line = h('div', { id: 'auto-status-box' });
  const showStatus = (st) => {
    const warning = warningText(st);
    line.replaceChildren(warning
      ? h('div', { class: 'warning' },
        h('p', { id: 'auto-warning', role: 'alert', text: warning }),
        st.folder_can_be_made ? makeFolderButton(showStatus) : null)
      : h('p', { id: 'auto-status', class: 'status', role: 'status', text: lastText(st) }));
  };
  showStatus(status);
  root.append(h('section', { class: 'page' },
    h('div', { class: 'page-head' },
      h('h1', { text: t('backup.title') }),
      h('button', { type: 'button', id: 'backup-back', class: 'quiet', text: t('backup.back'),
        onclick: () => ctx.go('settings') })),
    line,
    writeCard(status, home, today, ctx.info.limits.passphrase_min_chars),
    autoCard(status, showStatus),
    checkCard()));
}

/** "Check a backup file": opened and checked completely, nothing written. */
function checkCard() {
  const path = pathField({ id: 'check-path', label: t('backup.checkPath'), help: t('restore.pathHelp'),
    purpose: 'restore_file' });
  const secret = backupSecret('check');
  const bar = progressBar({ id: 'check-progress', label: t('restore.checking') });
  const result = h('div', { id: 'check-result', class: 'result', role: 'status' });
  const error = errorBox('check-error');
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('backup.checkTitle') }),
    h('p', { class: 'lead', text: t('backup.checkIntro') }),
    path.row, ...secret.rows, error,
    h('button', { type: 'submit', id: 'check-submit', class: 'primary', text: t('backup.check') }), bar.row, result);
  onSubmit(form, {
    error,
    busyLabel: t('restore.checking'),
    action: async () => {
      result.replaceChildren();
      const file = path.input.value.trim();
      if (!isFullPath(file)) throw new StopSubmit(t('restore.pathMissing'), path.input);
      const info = await withProgress(bar, t('restore.checking'), t('restore.checked'),
        () => call('backup_open', { path: file, secret: secret.value() }));
      secret.input.value = '';
      result.replaceChildren(h('p', { id: 'check-ok', class: 'result-head', text: t('restore.checked') }),
        h('p', { text: t('restore.header', { date: formatDateTime(info.created_at), size: formatBytes(info.bytes) }) }),
        ...infoLines(info, file, 'check').slice(1));
      focusResult(result);
    },
    onError: () => secret.input.select(),
  });
  return form;
}

/** The chosen folder is missing but its disk is there: make it. */
function makeFolderButton(showStatus) {
  const error = errorBox('auto-make-error');
  const button = h('button', { type: 'button', id: 'auto-make-folder', text: t('backup.makeFolder') });
  button.addEventListener('click', async () => {
    try {
      showStatus(await call('backup_auto_make_folder'));
      focusResult(document.getElementById('auto-status') ?? document.getElementById('auto-warning'));
    } catch (e) {
      showError(error, userMessage(e));
    }
  });
  return h('div', { class: 'actions' }, button, error);
}

/** "Back up now to a file". */
function writeCard(status, home, today, minChars) {
  const path = pathField({ id: 'backup-path', label: t('backup.path'), help: t('backup.pathHelp'),
    purpose: 'backup_file' });
  const folder = status.settings.folder && !status.folder_missing ? status.settings.folder : home;
  path.input.value = joinPath(folder, `enza-${today}.enzabackup`);
  const other = h('input', { type: 'checkbox', id: 'backup-other', 'aria-controls': 'backup-other-fields' });
  const pass = field({ id: 'backup-passphrase', label: t('backup.otherPassphrase'), type: 'password',
    help: t('backup.otherHelp'), attrs: { autocomplete: 'new-password' } });
  const confirm = field({ id: 'backup-passphrase-confirm', label: t('backup.otherConfirm'), type: 'password',
    attrs: { autocomplete: 'new-password' } });
  const hint = h('p', { id: 'backup-strength', class: 'strength', 'aria-live': 'polite' });
  pass.input.addEventListener('input', () => {
    const level = strength(pass.input.value, minChars);
    hint.textContent = t(`strength.${level}`);
    hint.dataset.level = level;
  });
  const otherFields = h('div', { id: 'backup-other-fields', hidden: true }, pass.row, hint, confirm.row);
  other.addEventListener('change', () => { otherFields.hidden = !other.checked; });
  const bar = progressBar({ id: 'backup-progress', label: t('backup.writing') });
  const result = h('div', { id: 'backup-result', class: 'result', role: 'status' });
  const error = errorBox('backup-error');
  const submit = h('button', { type: 'submit', id: 'backup-write', class: 'primary', text: t('backup.write') });
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('backup.writeTitle') }),
    h('p', { class: 'lead', text: t('backup.writeIntro') }),
    path.row,
    h('div', { class: 'check' }, other, h('label', { for: 'backup-other', text: t('backup.other') })),
    otherFields, error, submit, bar.row, result);
  onSubmit(form, {
    error,
    busyLabel: t('backup.writingButton'),
    action: async () => {
      result.replaceChildren();
      if (!isFullPath(path.input.value)) throw new StopSubmit(t('backup.fullPath'), path.input);
      let passphrase = null;
      if (other.checked) {
        if (pass.input.value !== confirm.input.value) throw new StopSubmit(t('firstRun.mismatch'), confirm.input);
        passphrase = pass.input.value;
      }
      const info = await withProgress(bar, t('backup.writing'), t('backup.progressDone'),
        () => call('backup_write', { path: path.input.value, passphrase }));
      pass.input.value = '';
      confirm.input.value = '';
      result.replaceChildren(...infoLines(info, path.input.value.trim()));
      focusResult(result);
    },
  });
  return form;
}

/** What a finished backup holds: its date, size and counts. */
function infoLines(info, where, prefix = 'backup') {
  return [
    h('p', { class: 'result-head', text: t('backup.written', { date: formatDateTime(info.created_at), size: formatBytes(info.bytes) }) }),
    where ? h('p', { class: 'help' }, h('code', { text: where })) : null,
    h('p', { id: `${prefix}-counts`, text: countsText(info.counts) }),
    info.recovery_slot ? null : h('p', { class: 'help', text: t('backup.noRecoverySlot') }),
    info.warning ? h('p', { id: `${prefix}-damaged`, class: 'warning', text: info.warning }) : null,
  ].filter(Boolean);
}

/** Automatic backups: folder, keep, when, "Back up now" and the status. */
function autoCard(status, showStatus) {
  const folder = pathField({ id: 'auto-folder', label: t('backup.autoFolder'), help: t('backup.autoFolderHelp'),
    purpose: 'backup_folder' });
  folder.input.value = status.settings.folder ?? '';
  const keep = field({ id: 'auto-keep', label: t('backup.autoKeep'), type: 'number', help: t('backup.autoKeepHelp'),
    attrs: { min: 1, max: 100, step: 1, inputmode: 'numeric', class: 'minutes' } });
  keep.input.value = status.settings.keep ?? 10;
  const schedule = h('select', { id: 'auto-schedule' },
    [['on_lock', 'backup.onLock'], ['on_quit', 'backup.onQuit'], ['daily', 'backup.daily']]
      .map(([value, key]) => h('option', { value, selected: value === status.settings.schedule, text: t(key) })));
  const saved = h('p', { id: 'auto-saved', class: 'status', role: 'status' });
  const error = errorBox('auto-error');
  const save = h('button', { type: 'submit', id: 'auto-save', text: t('backup.autoSave') });
  const form = h('form', { novalidate: true },
    folder.row,
    h('div', { class: 'two' }, keep.row,
      h('div', { class: 'field' }, h('label', { for: 'auto-schedule', text: t('backup.autoWhen') }), schedule)),
    error, saved, save);
  let current = status;
  onSubmit(form, {
    error,
    action: async () => {
      saved.textContent = '';
      const typed = folder.input.value.trim();
      if (typed && !isFullPath(typed)) throw new StopSubmit(t('backup.fullPath'), folder.input);
      const n = Number.parseInt(keep.input.value, 10);
      const settings = { folder: folder.input.value.trim() || null, keep: Number.isFinite(n) ? n : 0,
        schedule: schedule.value };
      try {
        current = await call('backup_auto_set', { settings, makeFolder: false });
      } catch (e) {
        // Not there yet, on a disk that is: ask, then make it.
        if (e.code !== 'backup_folder_not_made') throw e;
        const yes = await ask({ id: 'make-folder', text: e.message, no: t('backup.makeFolderNo'),
          noId: 'make-folder-no', yes: t('backup.makeFolder'), yesClass: 'primary' });
        if (!yes) throw new StopSubmit('', folder.input);
        current = await call('backup_auto_set', { settings, makeFolder: true });
      }
      showStatus(current);
      runNow.disabled = !current.settings.folder;
      saved.textContent = t(current.settings.folder ? 'backup.autoSaved' : 'backup.autoSavedOff');
      focusResult(saved);
    },
  });

  const bar = progressBar({ id: 'auto-progress', label: t('backup.writing') });
  const runError = errorBox('auto-run-error');
  const result = h('div', { id: 'auto-result', class: 'result', role: 'status' });
  const runNow = h('button', { type: 'button', id: 'auto-run', text: t('backup.runNow'),
    disabled: !status.settings.folder });
  runNow.addEventListener('click', async () => {
    showError(runError, '');
    result.replaceChildren();
    runNow.disabled = true;
    try {
      const info = await withProgress(bar, t('backup.writing'), t('backup.progressDone'),
        () => call('backup_auto_run'));
      result.replaceChildren(...infoLines(info, '', 'auto'));
      focusResult(result);
    } catch (e) {
      showError(runError, userMessage(e));
    } finally {
      runNow.disabled = false;
      // A failure leaves the focus where another try starts.
      if (!runError.hidden) runNow.focus();
      call('backup_auto_get').then(({ status: st }) => showStatus(st)).catch(() => {});
    }
  });

  return h('div', { class: 'card' },
    h('h2', { text: t('backup.autoTitle') }),
    h('p', { class: 'lead', text: t('backup.autoIntro') }),
    form,
    h('div', { class: 'actions run-now' }, runNow), runError, bar.row, result);
}
