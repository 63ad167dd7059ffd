// "Hand over…" on an ended meeting's page: one file sealed to the chosen
// co-facilitators and to yourself, or to a passphrase, with what the
// handover holds said before it is written.
import { call } from '../lib/ipc.js';
import { t } from '../lib/i18n.js';
import { errorBox, field, h } from '../lib/dom.js';
import { onSubmit, StopSubmit } from '../lib/forms.js';
import { pathField } from './path-field.js';

export async function handoverCard(sessionId, ctx) {
  const [settings, place] = await Promise.all([call('sealed_settings'), call('handover_place', { sessionId })]);
  const people = settings.cofacilitators.map((p) => {
    const box = h('input', { type: 'checkbox', id: `handover-to-${p.id}`, value: String(p.id) });
    return { box, row: h('div', { class: 'check' }, box, h('label', { for: box.id, text: p.name })) };
  });
  const from = field({ id: 'handover-from', label: t('handover.ownName'), help: t('handover.fromHelp'),
    attrs: { autocomplete: 'off', maxlength: ctx.info.limits.name_chars } });
  from.input.value = settings.from_name;
  const pass = field({ id: 'handover-passphrase', label: t('handover.passphrase'), type: 'password',
    help: t('handover.passphraseHelp'), attrs: { autocomplete: 'new-password' } });
  const nicknames = h('input', { type: 'checkbox', id: 'handover-nicknames' });
  const notes = h('input', { type: 'checkbox', id: 'handover-notes' });
  const path = pathField({ id: 'handover-path', label: t('handover.file'), purpose: 'handover_file' });
  path.input.value = place;
  const error = errorBox('handover-error');
  const status = h('p', { id: 'handover-status', class: 'status', role: 'status', tabindex: '-1' });
  const form = h('form', { class: 'card', id: 'handover', novalidate: true },
    h('h2', { text: t('handover.title') }),
    h('p', { class: 'help', text: t('handover.holds') }),
    from.row,
    h('fieldset', { class: 'people' }, h('legend', { text: t('handover.to') }),
      people.length ? people.map((p) => p.row) : h('p', { class: 'muted', text: t('handover.noPeople') })),
    pass.row,
    h('div', { class: 'check' }, nicknames, h('label', { for: 'handover-nicknames', text: t('handover.nicknames') })),
    h('div', { class: 'check' }, notes, h('label', { for: 'handover-notes', text: t('handover.notes') })),
    path.row, error, status,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'handover-write', class: 'primary', text: t('handover.write') }),
      h('button', { type: 'button', class: 'link', id: 'handover-people', text: t('handover.peopleLink'), onclick: () => ctx.go('settings') })));
  onSubmit(form, {
    error,
    busyLabel: t('handover.sealing'),
    action: async () => {
      status.textContent = '';
      const to = people.filter((p) => p.box.checked).map((p) => Number(p.box.value));
      const passphrase = pass.input.value;
      if (passphrase && to.length) throw new StopSubmit(t('handover.eitherOr'), pass.input);
      // A name typed here is the name on later handovers too.
      if (from.input.value.trim() !== settings.from_name.trim()) {
        await call('handover_name_set', { name: from.input.value });
      }
      await call('handover_write', { sessionId, choice: { to, passphrase: passphrase || null,
        include: { nicknames: nicknames.checked, notes: notes.checked }, path: path.input.value } });
      pass.input.value = '';
      status.textContent = t('handover.written', { path: path.input.value.trim() });
      status.focus();
    },
    // The core names what is missing; the focus goes where it is typed.
    onError: (e) => { if (e.code === 'handover_name_missing') from.input.focus(); },
  });
  return form;
}
