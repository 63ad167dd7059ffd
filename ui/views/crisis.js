// Editing the crisis card's contacts, from the meetings page. The card
// itself opens over the meeting screen (components/crisis-card.js).
import { call } from '../lib/ipc.js';
import { dateEcho, language, t } from '../lib/i18n.js';
import { errorBox, field, h } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';

export const meta = { name: 'crisisEdit', inside: true, section: 'meetings' };

/** The view that edits the card's contacts. */
export async function render(root, ctx) {
  const error = errorBox();
  const status = h('p', { id: 'crisis-status', class: 'status', role: 'status' });
  const list = h('div', { id: 'crisis-contacts' });
  // A new contact counts as checked today, the person's local day (the core's).
  const [{ card }, today] = await Promise.all([call('crisis_card_get'), call('local_today')]);
  const rows = [];

  function addRow(c = { service: '', number: '', hours: '', last_checked: today }) {
    const n = rows.length;
    const f = {
      service: field({ id: `service-${n}`, label: t('crisis.service'), attrs: { value: c.service } }),
      number: field({ id: `number-${n}`, label: t('crisis.number'), attrs: { value: c.number } }),
      hours: field({ id: `hours-${n}`, label: t('crisis.hours'), attrs: { value: c.hours } }),
      checked: field({ id: `checked-${n}`, label: t('crisis.lastChecked'), type: 'date', attrs: { value: c.last_checked, lang: language() } }),
    };
    const row = h('fieldset', { class: 'contact-row' }, f.service.row, f.number.row, f.hours.row, f.checked.row, dateEcho(f.checked.input),
      h('button', { type: 'button', class: 'danger', text: t('crisis.remove'), onclick: () => { row.remove(); f.removed = true; changes.touch(); } }));
    rows.push(f);
    list.append(row);
    return f;
  }
  card.contacts.forEach(addRow);

  const save = h('button', { type: 'submit', id: 'save-crisis', class: 'primary', text: t('crisis.save') });
  const form = h('form', { class: 'card', novalidate: true },
    h('h1', { text: t('crisis.title') }), list,
    h('p', {}, h('button', { type: 'button', id: 'add-contact', text: t('crisis.add'), onclick: () => {
      // The new contact's first field, ready to type into.
      addRow().service.input.focus();
    } })),
    error, status, save);
  const changes = ctx.trackChanges(form);
  onSubmit(form, {
    error,
    action: async () => {
      status.textContent = '';
      const contacts = rows.filter((f) => !f.removed).map((f) => ({
        service: f.service.input.value, number: f.number.input.value,
        hours: f.hours.input.value, last_checked: f.checked.input.value,
      }));
      await call('crisis_card_save', { card: { contacts, script: card.script } });
      changes.saved();
      status.textContent = t('crisis.saved');
    },
  });
  root.append(h('section', { class: 'page' }, form,
    h('button', { type: 'button', class: 'link', text: t('session.back'), onclick: () => ctx.go('meetings') })));
}
