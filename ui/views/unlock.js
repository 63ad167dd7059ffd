// Unlock with the passphrase; a way to the recovery key for those who forgot.
import { call, onBackupProgress, onUpgradeProgress } from '../lib/ipc.js';
import { t } from '../lib/i18n.js';
import { errorBox, field, h } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';
import { languageSwitch } from '../components/language-switch.js';
import { quickNote } from '../components/quick-note.js';

export const meta = { name: 'unlock', inside: false };

export function render(root, ctx, params = {}) {
  const pass = field({ id: 'unlock-passphrase', label: t('unlock.passphrase'), type: 'password',
    attrs: { autocomplete: 'current-password', 'data-autofocus': '' } });
  const error = errorBox();
  const submit = h('button', { type: 'submit', id: 'unlock', class: 'primary', text: t('unlock.submit') });
  const quick = quickNote(ctx.info.limits);
  const form = h('form', { class: 'card narrow', novalidate: true },
    h('h1', { text: t('unlock.title') }),
    params.notice ? h('p', { id: 'notice', class: 'notice', role: 'status', text: params.notice }) : null,
    h('p', { class: 'lead', text: t('unlock.intro') }),
    pass.row, error, submit, quick.waiting, quick.button,
    h('p', { class: 'aside' },
      h('button', { type: 'button', id: 'forgot', class: 'link', text: t('unlock.forgot'),
        onclick: () => ctx.go('recover') })),
    h('p', { class: 'aside' },
      h('button', { type: 'button', id: 'restore-link', class: 'link', text: t('restore.link'),
        onclick: () => ctx.go('restore') })));

  // Shown only while an upgrade builds the search index of an older vault.
  // Also while a daily automatic backup that is due is made on unlock.
  const bar = h('progress', { id: 'unlock-progress', max: '1', value: '0', 'aria-labelledby': 'unlock-progress-label' });
  const barLabel = h('span', { id: 'unlock-progress-label', text: t('unlock.upgrading') });
  const upgrade = h('p', { class: 'progress-row', hidden: true }, barLabel, bar);
  form.insertBefore(upgrade, submit);

  onSubmit(form, {
    error,
    busyLabel: t('unlock.working'),
    action: async () => {
      const show = (label) => ({ done, total }) => {
        barLabel.textContent = label;
        upgrade.hidden = total === 0;
        bar.max = String(Math.max(total, 1));
        bar.value = String(done);
      };
      let opened = null;
      const stops = await Promise.all([onUpgradeProgress(show(t('unlock.upgrading'))),
        onBackupProgress(show(t('unlock.backingUp')))]);
      try {
        opened = await call('vault_unlock', { passphrase: pass.input.value });
      } finally {
        stops.forEach((stop) => stop());
        upgrade.hidden = true;
      }
      pass.input.value = '';
      // A full or read-only disk, or a damaged database: the banner says so.
      await ctx.refreshReadOnly();
      // A meeting paused by a lock goes on where it was; one left open by a
      // crash or a closed lid is offered first.
      // A damaged vault may not read its meetings: the vault is open all
      // the same, and its banner says why.
      const paused = await call('meeting_after_unlock').catch(() => null);
      if (paused !== null) return ctx.go('live', { live: paused });
      const open = await call('meeting_unfinished').catch(() => null);
      await ctx.go(open !== null ? 'meetings' : await ctx.landing());
      // The recovery slot was found wrong at unlock: rebuilt, or not.
      if (opened.recovery_slot === 'repaired' || opened.recovery_slot === 'damaged') {
        ctx.notice(t(`unlock.recovery_${opened.recovery_slot}`));
      }
      // Quick notes imported or set aside, a replaced capture key: the
      // core's sentences.
      const sealed = await call('capture_notices').catch(() => []);
      if (sealed.length > 0) ctx.notice(sealed.join(' '));
    },
    onError: () => {
      pass.input.select();
      pass.input.focus();
    },
  });

  root.append(h('div', { class: 'welcome' },
    h('p', { class: 'brand-large', 'aria-hidden': 'true', text: '円座' }),
    languageSwitch(ctx)),
  form, quick.form);
}
