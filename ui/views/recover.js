// Forgot the passphrase: the recovery key opens the vault and a new
// passphrase replaces the old one.
import { call } from '../lib/ipc.js';
import { t } from '../lib/i18n.js';
import { errorBox, field, h } from '../lib/dom.js';
import { onSubmit, StopSubmit } from '../lib/forms.js';
import { languageSwitch } from '../components/language-switch.js';

export const meta = { name: 'recover', inside: false };

export function render(root, ctx) {
  const key = field({ id: 'recovery-input', label: t('recover.key'), help: t('recover.keyHelp'),
    attrs: { autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters', class: 'mono', autofocus: true } });
  const pass = field({ id: 'new-passphrase', label: t('recover.newPassphrase'), type: 'password',
    attrs: { autocomplete: 'new-password' } });
  const confirm = field({ id: 'new-passphrase-confirm', label: t('recover.confirm'), type: 'password',
    attrs: { autocomplete: 'new-password' } });
  const error = errorBox();
  const submit = h('button', { type: 'submit', id: 'recover-submit', class: 'primary', text: t('recover.submit') });
  const form = h('form', { class: 'card narrow', novalidate: true },
    h('h1', { text: t('recover.title') }),
    h('p', { class: 'lead', text: t('recover.intro') }),
    key.row, pass.row, confirm.row, error, submit,
    h('p', { class: 'aside' },
      h('button', { type: 'button', id: 'back-to-unlock', class: 'link', text: t('recover.back'),
        onclick: () => ctx.go('unlock') })));

  onSubmit(form, {
    error,
    busyLabel: t('recover.working'),
    action: async () => {
      if (pass.input.value !== confirm.input.value) throw new StopSubmit(t('firstRun.mismatch'), confirm.input);
      await call('vault_recover', { recoveryKey: key.input.value, newPassphrase: pass.input.value });
      for (const f of [key, pass, confirm]) f.input.value = '';
      ctx.go('reflections');
    },
  });

  root.append(h('div', { class: 'welcome' }, languageSwitch(ctx)), form);
}
