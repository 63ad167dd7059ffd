// How the automatic backups are going, in one line: the last success, or a
// plain warning (role=alert) when the chosen folder is missing or the last
// automatic backup failed, with the core's own words. The main screens show
// only the warning; Settings shows either.
import { call } from '../lib/ipc.js';
import { formatDateTime, t } from '../lib/i18n.js';
import { h } from '../lib/dom.js';

/** The warning's text, or '' when nothing needs attention. */
export function warningText(status) {
  if (!status?.needs_attention) return '';
  if (status.folder_missing) {
    // Its disk is there (only the folder went): making it is offered.
    const key = status.folder_can_be_made ? 'backup.folderGone' : 'backup.folderMissing';
    return t(key, { folder: status.settings.folder ?? '' });
  }
  if (status.last_error) {
    return t('backup.lastFailed', { date: formatDateTime(status.last_error.at), message: status.last_error.message });
  }
  return '';
}

/** The quiet line: the last success, or that automatic backups are off. */
export function lastText(status) {
  if (!status?.settings?.folder) return t('backup.autoOff');
  if (status.last_ok) return t('backup.lastOk', { date: formatDateTime(status.last_ok) });
  return t('backup.noneYet');
}

/** For a main screen: an element that shows the warning if there is one,
 * with a way to the backup settings, and otherwise stays empty. */
export function backupWarning(ctx) {
  const box = h('div', { id: 'backup-warning-box' });
  call('backup_auto_get').then(({ status }) => {
    const text = warningText(status);
    if (!text || !box.isConnected) return;
    box.append(h('div', { id: 'backup-warning', class: 'warning backup-warning', role: 'alert' },
      h('p', { text }),
      h('button', { type: 'button', id: 'backup-warning-open', text: t('backup.openSettings'),
        onclick: () => ctx.go('backup') })));
  }).catch(() => {
    // Busy (a backup is being written) or locked meanwhile: nothing to say yet.
  });
  return box;
}
