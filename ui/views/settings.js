// Language, auto-lock minutes, and changing the passphrase.
import { call, userMessage } from '../lib/ipc.js';
import { LANGUAGES, language, plural, t } from '../lib/i18n.js';
import { errorBox, field, h, showError } from '../lib/dom.js';
import { onSubmit, StopSubmit } from '../lib/forms.js';
import { activityList } from '../components/activity-list.js';
import { lastText, warningText } from '../components/backup-status.js';
import { sealedCard } from '../components/sealed-settings.js';

export const meta = { name: 'settings', inside: true, section: 'settings' };

export async function render(root, ctx) {
  // Loaded first: a failure shows the app's error panel, not empty fields
  // that would save as zero and false.
  const [current, activities, backups] = await Promise.all([call('settings_get'), call('selfcare_activities_get'),
    // A backup being written makes this "busy": the rest of Settings still shows.
    call('backup_auto_get').catch(() => null)]);
  // A vault on a disk that takes no writes may have no handover key yet.
  const handover = await sealedCard().catch(() => null);
  const langSelect = h('select', { id: 'language', onchange: (e) => ctx.changeLanguage(e.target.value) },
    LANGUAGES.map((lang) => h('option', { value: lang, lang, selected: lang === language(), text: t(`lang.${lang}`) })));

  const { auto_lock_minutes_min: min, auto_lock_minutes_max: max } = ctx.info.limits;
  const minutes = field({ id: 'auto-lock', label: t('settings.autoLock'), type: 'number',
    help: t('settings.autoLockHelp', { min, max }), attrs: { min, max, step: 1, inputmode: 'numeric' } });
  minutes.input.value = current.auto_lock_minutes;
  const lockError = errorBox('auto-lock-error');
  const lockStatus = h('p', { id: 'auto-lock-status', class: 'status', role: 'status' });
  const lockSave = h('button', { type: 'submit', id: 'save-auto-lock', text: t('settings.saveAutoLock') });
  const lockForm = h('form', { class: 'card', novalidate: true }, minutes.row, lockError, lockStatus, lockSave);
  onSubmit(lockForm, {
    error: lockError,
    action: async () => {
      lockStatus.textContent = '';
      const value = Number.parseInt(minutes.input.value, 10);
      await call('settings_set_auto_lock', { minutes: Number.isFinite(value) ? value : 0 });
      lockStatus.textContent = t(plural('settings.autoLockSaved', value), { minutes: value });
    },
  });

  const old = field({ id: 'old-passphrase', label: t('settings.oldPassphrase'), type: 'password',
    attrs: { autocomplete: 'current-password' } });
  const next = field({ id: 'change-new-passphrase', label: t('settings.newPassphrase'), type: 'password',
    attrs: { autocomplete: 'new-password' } });
  const confirm = field({ id: 'change-confirm', label: t('settings.confirm'), type: 'password',
    attrs: { autocomplete: 'new-password' } });
  const passError = errorBox('passphrase-error');
  const passStatus = h('p', { id: 'passphrase-status', class: 'status', role: 'status' });
  const passSave = h('button', { type: 'submit', id: 'change-passphrase', text: t('settings.submitPassphrase') });
  const passForm = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('settings.changePassphrase') }), old.row, next.row, confirm.row, passError, passStatus, passSave);
  onSubmit(passForm, {
    error: passError,
    action: async () => {
      passStatus.textContent = '';
      if (next.input.value !== confirm.input.value) throw new StopSubmit(t('firstRun.mismatch'), confirm.input);
      await call('vault_change_passphrase', { old: old.input.value, new: next.input.value });
      for (const f of [old, next, confirm]) f.input.value = '';
      passStatus.textContent = t('settings.passphraseChanged');
    },
  });

  const notesDuring = h('input', { type: 'checkbox', id: 'notes-during', checked: current.notes_during_meeting });
  const lockDuring = h('input', { type: 'checkbox', id: 'lock-during', checked: current.lock_during_meeting });
  const meetingError = errorBox('meeting-settings-error');
  const saveMeetingSettings = async () => {
    showError(meetingError, '');
    try {
      await call('settings_set_meeting', { notesDuringMeeting: notesDuring.checked, lockDuringMeeting: lockDuring.checked });
    } catch (e) {
      showError(meetingError, userMessage(e));
    }
  };
  notesDuring.addEventListener('change', saveMeetingSettings);
  lockDuring.addEventListener('change', saveMeetingSettings);
  const meetingCard = h('div', { class: 'card' }, h('h2', { text: t('settings.meetings') }),
    h('div', { class: 'check' }, notesDuring, h('label', { for: 'notes-during', text: t('settings.notesDuring') })),
    h('div', { class: 'check' }, lockDuring, h('label', { for: 'lock-during', text: t('settings.lockDuring') })),
    meetingError);

  const strain = h('input', { type: 'checkbox', id: 'strain-notice', checked: current.strain_notice !== false,
    'aria-describedby': 'strain-notice-help' });
  const appearance = h('select', { id: 'appearance' },
    [['system', 'settings.appearanceSystem'], ['light', 'settings.appearanceLight'], ['dark', 'settings.appearanceDark']]
      .map(([value, label]) => h('option', { value, selected: value === (ctx.info.appearance ?? 'system'), text: t(label) })));
  const journalError = errorBox('journal-settings-error');
  const journalStatus = h('p', { id: 'journal-settings-status', class: 'status', role: 'status' });
  strain.addEventListener('change', async () => {
    showError(journalError, '');
    journalStatus.textContent = '';
    try {
      await call('settings_set_journal', { strainNotice: strain.checked });
      journalStatus.textContent = t(strain.checked ? 'settings.strainOn' : 'settings.strainOff');
    } catch (e) {
      showError(journalError, userMessage(e));
    }
  });
  appearance.addEventListener('change', async () => {
    showError(journalError, '');
    try {
      await call('app_set_appearance', { appearance: appearance.value });
      ctx.setAppearance(appearance.value);
    } catch (e) {
      showError(journalError, userMessage(e));
    }
  });
  const journalCard = h('div', { class: 'card' }, h('h2', { text: t('settings.journal') }),
    h('div', { class: 'check' }, strain, h('label', { for: 'strain-notice', text: t('settings.strainNotice') })),
    h('p', { id: 'strain-notice-help', class: 'help', text: t('settings.strainNoticeHelp') }),
    journalStatus, journalError);
  const appearanceCard = h('div', { class: 'card' },
    h('div', { class: 'field' }, h('label', { for: 'appearance', text: t('settings.appearance') }), appearance));

  // Backups and the readable export have their own screens; here, how the
  // automatic backups are going, plainly.
  const backupWarningText = backups ? warningText(backups.status) : '';
  const backupCard = h('div', { class: 'card' }, h('h2', { text: t('backup.settingsTitle') }),
    backupWarningText
      ? h('p', { id: 'settings-backup-warning', class: 'warning', role: 'alert', text: backupWarningText })
      : h('p', { id: 'settings-backup-status', class: 'status', text: backups ? lastText(backups.status) : '' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'open-backup', text: t('backup.open'), onclick: () => ctx.go('backup') }),
      h('button', { type: 'button', id: 'open-export', text: t('export.open'), onclick: () => ctx.go('export') })));

  root.append(h('section', { class: 'page' },
    h('h1', { text: t('settings.title') }),
    h('div', { class: 'card' },
      h('div', { class: 'field' }, h('label', { for: 'language', text: t('settings.language') }), langSelect)),
    backupCard, appearanceCard, lockForm, meetingCard, handover, journalCard, activityList(activities, ctx.info.limits), passForm,
    h('p', { class: 'path' }, `${t('settings.vaultPath')}: `, h('code', { text: ctx.info.vault_path }))));
}
