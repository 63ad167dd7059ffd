// Groups: the circles that meet. Each opens its own page; a new one is a
// name, a language, a usual template and a usual length.
import { call } from '../lib/ipc.js';
import { sep, t } from '../lib/i18n.js';
import { h } from '../lib/dom.js';

export const meta = { name: 'groups', inside: true, section: 'meetings' };

export async function render(root, ctx, params = {}) {
  const list = h('div', {});
  root.append(h('section', { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', { text: t('groups.title') }),
      h('button', { type: 'button', id: 'new-group', class: 'primary', text: t('groups.new'),
        onclick: () => ctx.go('groupEdit', {}) })),
    params.notice ? h('p', { id: 'groups-notice', class: 'status', role: 'status', text: params.notice }) : null,
    list,
    h('button', { type: 'button', class: 'link', text: t('session.back'), onclick: () => ctx.go('meetings') })));
  const [groups, templates] = await Promise.all([call('group_list'), call('template_list')]);
  const templateName = (key) => templates.find((x) => x.key === key)?.name ?? '';
  if (groups.length === 0) {
    list.append(h('p', { id: 'groups-empty', class: 'empty', text: t('groups.empty') }));
    return;
  }
  list.append(h('ul', { id: 'groups', class: 'entries' }, groups.map((g) => h('li', {},
    h('button', { type: 'button', class: 'entry group-item', 'data-id': g.id,
      onclick: () => ctx.go('group', { id: g.id }) },
      h('span', { class: 'entry-title', text: g.name }),
      h('span', { class: 'entry-excerpt', text: templateName(g.default_template) }),
      h('span', { class: 'entry-meta',
        text: `${t(`groups.lang_${g.language}`)}${sep()}${t('session.minutes', { n: g.usual_minutes })}` }))))));
}
