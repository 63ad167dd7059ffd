// The self-care activities a check-in offers: take one off, or add your
// own. The core keeps the list and names the built-ins in each language.
import { call, userMessage } from '../lib/ipc.js';
import { t } from '../lib/i18n.js';
import { clear, errorBox, h, showError } from '../lib/dom.js';

/** The editor, as one card; `activities` is [{key, label}] from the core. */
export function activityList(activities, limits) {
  const error = errorBox('activities-error');
  const list = h('ul', { id: 'activities', class: 'activities' });
  const draw = (items) => {
    clear(list);
    for (const a of items) {
      list.append(h('li', {},
        h('span', { text: a.label }),
        h('button', { type: 'button', class: 'link', 'data-key': a.key, text: t('settings.activityRemove'),
          'aria-label': t('settings.activityRemoveNamed', { name: a.label }),
          onclick: () => change(() => call('selfcare_activity_remove', { key: a.key })) })));
    }
  };
  const name = h('input', { id: 'activity-new', maxlength: limits.name_chars, autocomplete: 'off' });
  const change = async (action) => {
    showError(error, '');
    try {
      draw(await action());
      return true;
    } catch (e) {
      showError(error, userMessage(e));
      return false;
    }
  };
  const form = h('form', { class: 'inline', novalidate: true },
    h('label', { for: 'activity-new', text: t('settings.activityNew') }), name,
    h('button', { type: 'submit', id: 'activity-add', text: t('settings.activityAdd') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await change(() => call('selfcare_activity_add', { label: name.value }))) {
      name.value = '';
      name.focus();
    }
  });
  draw(activities);
  return h('div', { class: 'card' }, h('h2', { text: t('settings.activities') }),
    h('p', { class: 'help', text: t('settings.activitiesHelp') }), list, form, error);
}
