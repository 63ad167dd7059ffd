// Restore from a backup, from the unlock screen (the vault on this computer
// is replaced; the current one is kept aside) or on first run (the vault is
// made from the backup). Step by step: the file and its date; its
// passphrase or the recovery key, then what it holds and an explicit yes;
// a new passphrase; the new recovery key, shown once.
import { call } from '../lib/ipc.js';
import { formatDateTime, t } from '../lib/i18n.js';
import { errorBox, field, focusFirst, h } from '../lib/dom.js';
import { onSubmit, StopSubmit } from '../lib/forms.js';
import { formatBytes, isFullPath } from '../lib/format.js';
import { strength } from '../lib/passphrase.js';
import { languageSwitch } from '../components/language-switch.js';
import { progressBar } from '../components/progress.js';
import { backupSecret } from '../components/backup-secret.js';
import { pathField } from '../components/path-field.js';
import { countsText, withProgress } from './backup.js';
import { showRecoveryKey } from './firstrun.js';

export const meta = { name: 'restore', inside: false };

export async function render(root, ctx) {
  // No vault yet (first run): the restore makes it; else it replaces it.
  // Asked now: ctx.info holds the state the app started in.
  const { state } = await call('app_status');
  const replacing = state !== 'missing';
  const back = replacing ? 'unlock' : 'firstRun';

  // 1. The file.
  const path = pathField({ id: 'restore-path', label: t('restore.path'), help: t('restore.pathHelp'),
    purpose: 'restore_file', attrs: { autofocus: true } });
  const header = h('p', { id: 'restore-header', class: 'status', role: 'status' });
  const fileError = errorBox('restore-file-error');
  const fileForm = h('form', { novalidate: true },
    path.row, fileError,
    h('button', { type: 'submit', id: 'restore-inspect', class: 'primary', text: t('restore.inspect') }), header);

  // 2. What opens it.
  const secret = backupSecret('restore');
  const openBar = progressBar({ id: 'restore-open-progress', label: t('restore.checking') });
  const openError = errorBox('restore-open-error');
  const openForm = h('form', { novalidate: true, hidden: true },
    ...secret.rows, openError,
    h('button', { type: 'submit', id: 'restore-open', class: 'primary', text: t('restore.open') }), openBar.row);

  // 3. What it holds, the explicit yes, the new passphrase.
  const summary = h('div', { id: 'restore-summary', class: 'result' });
  const confirmBox = h('input', { type: 'checkbox', id: 'restore-confirm' });
  const pass = field({ id: 'restore-new-passphrase', label: t('restore.newPassphrase'), type: 'password',
    help: t('firstRun.passphraseHelp'), attrs: { autocomplete: 'new-password' } });
  const hint = h('p', { id: 'restore-strength', class: 'strength', 'aria-live': 'polite' });
  pass.input.addEventListener('input', () => {
    const level = strength(pass.input.value, ctx.info.limits.passphrase_min_chars);
    hint.textContent = t(`strength.${level}`);
    hint.dataset.level = level;
  });
  const again = field({ id: 'restore-new-confirm', label: t('restore.newConfirm'), type: 'password',
    attrs: { autocomplete: 'new-password' } });
  const restoreBar = progressBar({ id: 'restore-progress', label: t('restore.restoring') });
  const restoreError = errorBox('restore-error');
  const restoreForm = h('form', { novalidate: true, hidden: true },
    summary,
    h('p', { id: 'restore-replace-warning', class: 'warning',
      text: replacing ? t('restore.replaceWarning', { parent: parentOf(ctx.info.vault_path), name: baseOf(ctx.info.vault_path) })
        : t('restore.newWarning') }),
    h('div', { class: 'check' }, confirmBox,
      h('label', { for: 'restore-confirm', text: t(replacing ? 'restore.confirmReplace' : 'restore.confirmNew') })),
    pass.row, hint, again.row, restoreError,
    h('button', { type: 'submit', id: 'restore-submit', class: 'danger',
      text: t(replacing ? 'restore.submitReplace' : 'restore.submitNew') }),
    restoreBar.row);

  const card = h('section', { class: 'card narrow restore' },
    h('h1', { text: t('restore.title') }),
    h('p', { class: 'lead', text: t(replacing ? 'restore.introReplace' : 'restore.introNew') }),
    fileForm, openForm, restoreForm,
    h('p', { class: 'aside' },
      h('button', { type: 'button', id: 'restore-back', class: 'link', text: t('restore.back'),
        onclick: () => ctx.go(back) })));

  let file = '';
  let opened = null;
  // Changing the file starts over from step 2.
  path.input.addEventListener('input', () => {
    openForm.hidden = true;
    restoreForm.hidden = true;
    header.textContent = '';
  });

  onSubmit(fileForm, {
    error: fileError,
    busyLabel: t('restore.inspecting'),
    action: async () => {
      header.textContent = '';
      file = path.input.value.trim();
      if (!isFullPath(file)) throw new StopSubmit(t('restore.pathMissing'), path.input);
      const head = await call('backup_inspect', { path: file });
      header.textContent = t('restore.header', { date: formatDateTime(head.created_at), size: formatBytes(head.bytes) });
      openForm.hidden = false;
      restoreForm.hidden = true;
      if (!head.recovery_slot) secret.kind.value = 'passphrase';
      secret.kind.querySelector('[value=recovery_key]').disabled = !head.recovery_slot;
      secret.input.focus();
    },
  });

  onSubmit(openForm, {
    error: openError,
    busyLabel: t('restore.checking'),
    action: async () => {
      restoreForm.hidden = true;
      opened = await withProgress(openBar, t('restore.checking'), t('restore.checked'),
        () => call('backup_open', { path: file, secret: secret.value() }));
      summary.replaceChildren(
        h('p', { class: 'result-head', text: t('restore.holds', { date: formatDateTime(opened.created_at) }) }),
        h('p', { id: 'restore-counts', text: countsText(opened.counts) }));
      confirmBox.checked = false;
      restoreForm.hidden = false;
      confirmBox.focus();
    },
    onError: () => secret.input.select(),
  });

  onSubmit(restoreForm, {
    error: restoreError,
    busyLabel: t('restore.restoring'),
    action: async () => {
      if (!confirmBox.checked) throw new StopSubmit(t('restore.confirmFirst'), confirmBox);
      if (pass.input.value !== again.input.value) throw new StopSubmit(t('firstRun.mismatch'), again.input);
      const args = { path: file, secret: secret.value(), newPassphrase: pass.input.value };
      const done = await withProgress(restoreBar, t('restore.restoring'), t('restore.progressDone'),
        () => call(replacing ? 'backup_replace' : 'backup_restore_new', args));
      for (const f of [secret, pass, again]) f.input.value = '';
      ctx.info.state = 'unlocked';
      showRecoveryKey(root, ctx, done.recovery_key, {
        title: t('restore.doneTitle'),
        note: done.previous ? t('restore.previousKept', { path: done.previous }) : null,
      });
    },
  });

  root.append(h('div', { class: 'welcome' }, languageSwitch(ctx)), card);
  focusFirst(card);
}

function parentOf(p = '') {
  const i = p.replace(/\/+$/, '').lastIndexOf('/');
  return i > 0 ? p.slice(0, i) : '/';
}

function baseOf(p = '') {
  const trimmed = p.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
