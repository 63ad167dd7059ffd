// A quick note from the unlock screen: sealed to the vault's capture key
// without the passphrase, into the inbox, and joined to the journal at the
// next unlock. Nothing sealed can be read back here.
import { call } from '../lib/ipc.js';
import { plural, t } from '../lib/i18n.js';
import { errorBox, h } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';

/** The "Quick note" button (Alt+N), its form, and the waiting count. */
export function quickNote(limits) {
  const waiting = h('p', { id: 'capture-waiting', class: 'muted', role: 'status' });
  const showWaiting = ({ count, more }) => {
    waiting.textContent = count === 0 ? '' : t(plural('quickNote.waiting', count), { n: `${count}${more ? '+' : ''}` });
  };
  call('capture_waiting').then(showWaiting).catch(() => {});

  const kind = h('select', { id: 'quick-note-kind' },
    ['reflection', 'boundary'].map((k) => h('option', { value: k, text: t(`quickNote.kind_${k}`) })));
  const text = h('textarea', { id: 'quick-note-text', rows: 4, maxlength: limits.capture_chars,
    'aria-describedby': 'quick-note-help' });
  const error = errorBox('quick-note-error');
  const status = h('p', { id: 'quick-note-status', class: 'status', role: 'status' });
  const form = h('form', { id: 'quick-note', class: 'card narrow', hidden: true, novalidate: true },
    h('h2', { text: t('quickNote.title') }),
    h('p', { id: 'quick-note-help', class: 'help', text: t('quickNote.help') }),
    h('div', { class: 'field' }, h('label', { for: 'quick-note-kind', text: t('quickNote.kind') }), kind),
    h('div', { class: 'field' }, h('label', { for: 'quick-note-text', text: t('quickNote.text') }), text),
    error, status,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'quick-note-save', class: 'primary', text: t('quickNote.save') }),
      h('button', { type: 'button', id: 'quick-note-close', class: 'link', text: t('quickNote.close'),
        onclick: () => toggle(false) })),
    h('p', { class: 'help', text: t('quickNote.keyNote') }));
  onSubmit(form, {
    error,
    busyLabel: t('quickNote.sealing'),
    action: async () => {
      status.textContent = '';
      showWaiting(await call('capture_note', { kind: kind.value, text: text.value }));
      text.value = '';
      status.textContent = t('quickNote.sealed');
    },
    onError: () => text.focus(),
  });

  const open = h('button', { type: 'button', id: 'quick-note-open', class: 'link', 'aria-keyshortcuts': 'Alt+N',
    'aria-expanded': 'false', 'aria-controls': 'quick-note', text: t('quickNote.open') });
  const toggle = (show) => {
    form.hidden = !show;
    open.setAttribute('aria-expanded', String(show));
    if (show) text.focus(); else open.focus();
  };
  open.addEventListener('click', () => toggle(form.hidden));
  const shortcut = (event) => {
    if (!open.isConnected) {
      document.removeEventListener('keydown', shortcut);
      return;
    }
    if (event.altKey && !event.ctrlKey && !event.metaKey && event.key.toLowerCase() === 'n') {
      event.preventDefault();
      toggle(true);
    }
  };
  document.addEventListener('keydown', shortcut);
  return { button: h('p', { class: 'aside' }, open), form, waiting };
}
