// The crisis card in a modal dialog, opened over the meeting screen (key C).
// When the card cannot be read the dialog still opens and says why: a key
// press that silently does nothing would cost time when someone is at risk.
import { call, userMessage } from '../lib/ipc.js';
import { formatDate, sep, t } from '../lib/i18n.js';
import { h } from '../lib/dom.js';

/** Shows the card in a modal dialog over `root`. */
export async function openCrisisCard(root) {
  let content;
  try {
    content = cardContent(await call('crisis_card_get'));
  } catch (e) {
    content = [h('p', { class: 'error', role: 'alert', text: userMessage(e) })];
  }
  const dialog = h('dialog', { id: 'crisis-card', class: 'crisis' },
    h('h2', { text: t('crisis.title') }),
    content,
    h('form', { method: 'dialog' }, h('button', { id: 'close-crisis', autofocus: true, text: t('crisis.close') })));
  dialog.addEventListener('close', () => dialog.remove());
  root.append(dialog);
  dialog.showModal();
}

function cardContent({ card, script, stale }) {
  return [
    card.contacts.length === 0 ? h('p', { class: 'muted', text: t('crisis.none') }) : h('ul', { class: 'contacts' },
      card.contacts.map((c, i) => h('li', {},
        h('strong', { text: c.service }), ' ', h('span', { class: 'number', text: c.number }),
        h('span', { class: 'muted', text: `${sep()}${c.hours}${sep()}${t('crisis.checked', { date: formatDate(c.last_checked) })}` }),
        stale[i] ? h('p', { class: 'warning', text: t('crisis.stale') }) : null))),
    h('h3', { text: t('crisis.script') }),
    h('p', { id: 'crisis-script', class: 'script-text', text: script }),
  ];
}
