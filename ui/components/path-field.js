// A path typed or chosen: the text field (for keyboards, pasting and
// tests) with "Choose…" beside it, which opens the system's own file or
// folder dialog through the shell (`path_choose`) and puts the choice in
// the field, as if typed, with the focus back on it.
import { call, userMessage } from '../lib/ipc.js';
import { t } from '../lib/i18n.js';
import { h } from '../lib/dom.js';

/** `purpose`: backup_file, backup_folder, restore_file or export_folder
 * (the shell decides the dialog's kind and where it opens). */
export function pathField({ id, label, help, purpose, attrs = {} }) {
  const helpId = help ? `${id}-help` : undefined;
  const input = h('input', { id, name: id, type: 'text', autocomplete: 'off', spellcheck: 'false', class: 'mono',
    'aria-describedby': helpId, ...attrs });
  const error = h('p', { id: `${id}-choose-error`, class: 'error', role: 'alert', hidden: true });
  const choose = h('button', { type: 'button', id: `${id}-choose`, class: 'choose',
    text: t('files.choose'), 'aria-label': t('files.chooseNamed', { what: label }) });
  choose.addEventListener('click', async () => {
    error.hidden = true;
    try {
      const chosen = await call('path_choose', { purpose, title: t(`files.title.${purpose}`), typed: input.value });
      if (chosen) {
        input.value = chosen;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    } catch (e) {
      error.textContent = userMessage(e);
      error.hidden = false;
    }
    input.focus();
  });
  return {
    input,
    row: h('div', { class: 'field path-field' },
      h('label', { for: id, text: label }),
      h('div', { class: 'path-row' }, input, choose),
      help ? h('p', { id: helpId, class: 'help', text: help }) : null,
      error),
  };
}
