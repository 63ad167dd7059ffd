// First run: language, a passphrase typed twice, then the recovery key,
// shown once, until the person says they have written it down.
import { call } from '../lib/ipc.js';
import { t } from '../lib/i18n.js';
import { errorBox, field, focusFirst, h, clear } from '../lib/dom.js';
import { onSubmit, StopSubmit } from '../lib/forms.js';
import { strength } from '../lib/passphrase.js';
import { languageSwitch } from '../components/language-switch.js';

export const meta = { name: 'firstRun', inside: false };

export function render(root, ctx) {
  const pass = field({ id: 'passphrase', label: t('firstRun.passphrase'), type: 'password',
    help: t('firstRun.passphraseHelp'), attrs: { autocomplete: 'new-password', required: true, autofocus: true } });
  const confirm = field({ id: 'passphrase-confirm', label: t('firstRun.confirm'), type: 'password',
    attrs: { autocomplete: 'new-password', required: true } });
  const hint = h('p', { id: 'strength', class: 'strength', 'aria-live': 'polite' });
  pass.input.addEventListener('input', () => {
    const level = strength(pass.input.value, ctx.info.limits.passphrase_min_chars);
    hint.textContent = t(`strength.${level}`);
    hint.dataset.level = level;
  });
  const error = errorBox();
  const submit = h('button', { type: 'submit', id: 'create', class: 'primary', text: t('firstRun.create') });

  const form = h('form', { class: 'card narrow', novalidate: true },
    h('h1', { text: t('firstRun.title') }),
    h('p', { class: 'lead', text: t('firstRun.intro') }),
    pass.row, hint, confirm.row, error, submit,
    h('p', { class: 'aside' },
      h('button', { type: 'button', id: 'restore-link', class: 'link', text: t('restore.link'),
        onclick: () => ctx.go('restore') })));

  onSubmit(form, {
    error,
    busyLabel: t('firstRun.creating'),
    action: async () => {
      if (pass.input.value !== confirm.input.value) throw new StopSubmit(t('firstRun.mismatch'), confirm.input);
      const created = await call('vault_create', { passphrase: pass.input.value });
      pass.input.value = '';
      confirm.input.value = '';
      showRecoveryKey(root, ctx, created.recovery_key);
    },
  });

  root.append(h('div', { class: 'welcome' },
    h('p', { class: 'brand-large', 'aria-hidden': 'true', text: '円座' }),
    h('p', { class: 'tagline', text: t('app.tagline') }),
    languageSwitch(ctx)),
  form);
}

/** The recovery key, shown once, until the person says it is written down;
 * then on to the reflections. `title` and a `note` (e.g. where a replaced
 * vault was kept) for a restore. */
export function showRecoveryKey(root, ctx, key, { title, note } = {}) {
  clear(root);
  const check = h('input', { type: 'checkbox', id: 'written-down' });
  const next = h('button', { type: 'button', id: 'continue', class: 'primary', disabled: true,
    text: t('firstRun.continue'), onclick: () => ctx.go('reflections') });
  check.addEventListener('change', () => { next.disabled = !check.checked; });
  // One group per element, so the key can be read aloud and copied by hand
  // group by group; user-select is off, as there is no clipboard copy.
  const groups = h('p', { id: 'recovery-key', class: 'recovery-key', 'aria-label': key },
    key.split('-').map((g) => h('span', { text: g })));
  root.append(h('section', { class: 'card narrow' },
    h('h1', { text: title ?? t('firstRun.recoveryTitle') }),
    note ? h('p', { id: 'restore-previous', class: 'notice', text: note }) : null,
    h('p', { text: t('firstRun.recoveryIntro') }),
    groups,
    h('p', { class: 'warning', text: t('firstRun.recoveryWarning') }),
    h('div', { class: 'check' }, check, h('label', { for: 'written-down', text: t('firstRun.writtenDown') })),
    next));
  focusFirst(root);
}
