// The research notebook (当事者研究): every piece of research, the most
// recently changed first, and a short form to start one. The theme and the
// name for the difficulty are the person's own words; Enza never offers a
// diagnosis.
import { call } from '../lib/ipc.js';
import { formatDate, t } from '../lib/i18n.js';
import { errorBox, field, h } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';

export const meta = { name: 'research', inside: true, section: 'journal' };

export async function render(root, ctx) {
  const { list, words } = await call('research_list');
  const status = Object.fromEntries(words.statuses.map((s) => [s.key, s.label]));
  const limits = ctx.info.limits;
  const theme = field({ id: 'research-theme', label: t('research.theme'), help: t('research.themeHelp'),
    attrs: { maxlength: limits.title_chars, required: true, autocomplete: 'off', autofocus: list.length === 0 } });
  const name = field({ id: 'research-own-name', label: t('research.ownName'), help: t('research.ownNameHelp'),
    attrs: { maxlength: limits.name_chars, autocomplete: 'off' } });
  const error = errorBox('research-error');
  const form = h('form', { id: 'research-form', class: 'card', novalidate: true },
    h('h2', { text: t('research.start') }), theme.row, name.row, error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'research-start', class: 'primary',
      text: t('research.startButton') })));
  const changes = ctx.trackChanges(form);
  onSubmit(form, {
    error,
    action: async () => {
      const view = await call('research_start', { heading: { theme: theme.input.value, own_name: name.input.value } });
      changes.saved();
      ctx.go('study', { id: view.study.id, started: true });
    },
  });

  const items = list.map((s) => h('li', {},
    h('button', { type: 'button', class: 'link research-open', 'data-id': s.id, onclick: () => ctx.go('study', { id: s.id }) },
      h('span', { class: 'research-theme', text: s.theme }),
      s.own_name ? h('span', { class: 'research-name', text: t('research.nameInList', { name: s.own_name }) }) : null),
    h('span', { class: `badge status-${s.status}`, text: status[s.status] }),
    h('span', { class: 'help', text: t('research.updatedOn', { date: formatDate(s.updated_at) }) })));
  root.append(h('section', { class: 'page research' },
    h('h1', { text: t('research.title') }),
    h('p', { class: 'lead', text: t('research.intro') }),
    h('div', { id: 'research-list', class: 'card' }, h('h2', { text: t('research.listTitle') }),
      items.length ? h('ul', { class: 'research-list' }, items) : h('p', { class: 'muted', text: t('research.none') })),
    form,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'link', id: 'research-back', text: t('journal.back'),
      onclick: () => ctx.go('journal') }))));
}
