// A group's handovers: those received, newest first, and "Import a
// handover": open the file, see who sealed it and what it holds, then keep
// it on this group's page. Nothing of the person's own records changes.
import { call, userMessage } from '../lib/ipc.js';
import { formatDate, formatDateTime, sep, t } from '../lib/i18n.js';
import { append, clear, errorBox, field, h, showError } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';
import { pathField } from './path-field.js';

export async function receivedCard(groupId, imported = null) {
  const received = await call('handover_received', { groupId });
  const list = h('ul', { id: 'received-list', class: 'received-list' }, received.map(receivedItem));
  const status = imported ? h('p', { id: 'import-status', class: 'status', role: 'status', tabindex: '-1',
    text: t(imported.already ? 'handover.already' : 'handover.imported') }) : null;
  const card = h('div', { class: 'card', id: 'received' }, h('h2', { text: t('handover.received') }), status,
    received.length ? list : h('p', { class: 'muted', id: 'received-none', text: t('handover.noneReceived') }));
  card.append(importForm(groupId, async (result) => {
    const fresh = await receivedCard(groupId, result);
    card.replaceWith(fresh);
    fresh.querySelector('#import-status').focus();
  }));
  return card;
}

function fromText(known, named) {
  return known ? t('handover.fromKnown', { name: known }) : t('handover.fromUnknown', { name: named });
}

function receivedItem(r) {
  const m = r.meeting;
  return h('li', { class: 'received-item' },
    h('strong', { text: `${formatDate(m.date)}${sep()}${m.template}` }),
    h('p', { text: fromText(r.known_as, r.from_name) }),
    h('p', { text: t('handover.counts', { attendance: m.attendance, newcomers: m.newcomers }) }),
    m.themes ? h('p', { text: `${t('record.themes')}${t('handover.colon')}${m.themes}` }) : null,
    m.safety_concern ? h('p', { class: 'warning', text: t('handover.safety', { action: m.safety_action || '—' }) }) : null,
    m.follow_ups ? h('p', { text: `${t('record.followUps')}${t('handover.colon')}${m.follow_ups}` }) : null,
    h('p', { class: 'muted', text: t('handover.receivedAt', { when: formatDateTime(r.received_at) }) }));
}

function importForm(groupId, refresh) {
  const path = pathField({ id: 'import-path', label: t('handover.importFile'), purpose: 'handover_open' });
  const pass = field({ id: 'import-passphrase', label: t('handover.importPassphrase'), type: 'password',
    help: t('handover.importPassphraseHelp'), attrs: { autocomplete: 'off' } });
  const error = errorBox('import-error');
  const preview = h('div', { id: 'import-preview', class: 'import-preview', role: 'status' });
  const keep = h('button', { type: 'button', id: 'import-keep', class: 'primary', hidden: true, text: t('handover.keep') });
  // The preview and "Keep" sit after the form: its controls are disabled
  // while it opens the file, and the focus goes on to "Keep".
  const form = h('form', { id: 'import', novalidate: true },
    h('h3', { text: t('handover.import') }), path.row, pass.row, error,
    h('button', { type: 'submit', id: 'import-open', text: t('handover.open') }));
  const args = () => ({ path: path.input.value, passphrase: pass.input.value || null });
  onSubmit(form, {
    error,
    action: async () => {
      clear(preview);
      keep.hidden = true;
      const p = await call('handover_open', args());
      const m = p.doc.meeting;
      append(preview,
        h('p', { id: 'import-from', text: p.own ? t('handover.fromYou') : fromText(p.known_as, p.doc.from.name) }),
        p.known_as || p.own ? null : h('p', { class: 'help', text: t('handover.compareWords', { words: p.from_words }) }),
        h('p', { id: 'import-what', text: `${formatDate(m.date)}${sep()}${m.template}${sep()}${
          t('handover.counts', { attendance: m.attendance, newcomers: m.newcomers })}` }),
        p.already_imported ? h('p', { class: 'muted', text: t('handover.already') }) : null);
      keep.hidden = p.already_imported;
      if (!keep.hidden) keep.focus();
    },
  });
  keep.addEventListener('click', async () => {
    try {
      await refresh(await call('handover_import', { ...args(), groupId }));
    } catch (e) {
      showError(error, userMessage(e));
    }
  });
  return h('div', { class: 'import-area' }, form, preview, keep);
}
