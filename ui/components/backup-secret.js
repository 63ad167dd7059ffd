// What opens a backup: its passphrase or the recovery key, chosen from a
// list, then typed (the recovery key shown as typed, in a fixed-width
// font). Restoring and checking a backup ask the same question.
import { t } from '../lib/i18n.js';
import { field, h } from '../lib/dom.js';

/** `prefix`-secret-kind and `prefix`-secret; `value()` is what the shell's
 * backup commands take as `secret`. */
export function backupSecret(prefix) {
  const kind = h('select', { id: `${prefix}-secret-kind` },
    h('option', { value: 'passphrase', text: t('restore.kindPassphrase') }),
    h('option', { value: 'recovery_key', text: t('restore.kindRecoveryKey') }));
  const secret = field({ id: `${prefix}-secret`, label: t('restore.secret'), type: 'password',
    help: t('restore.secretHelp'), attrs: { autocomplete: 'off', spellcheck: 'false' } });
  kind.addEventListener('change', () => {
    secret.input.type = kind.value === 'recovery_key' ? 'text' : 'password';
    secret.input.classList.toggle('mono', kind.value === 'recovery_key');
  });
  return {
    kind,
    input: secret.input,
    rows: [h('div', { class: 'field' }, h('label', { for: kind.id, text: t('restore.kind') }), kind), secret.row],
    value: () => ({ kind: kind.value, value: secret.input.value }),
  };
}
