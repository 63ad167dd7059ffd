// The list of reflections, newest first.
import { call } from '../lib/ipc.js';
import { formatDateTime, sep, t } from '../lib/i18n.js';
import { h } from '../lib/dom.js';
import { backupWarning } from '../components/backup-status.js';

export const meta = { name: 'reflections', inside: true, section: 'reflections' };

const PAGE = 200;

export async function render(root, ctx) {
  const list = h('ul', { id: 'reflection-list', class: 'entries' });
  root.append(h('section', { class: 'page' },
    h('div', { class: 'page-head' },
      h('h1', { text: t('reflections.title') }),
      h('button', { type: 'button', id: 'new-reflection', class: 'primary', text: t('reflections.new'),
        onclick: () => ctx.go('editor') })),
    backupWarning(ctx),
    list));

  const items = await call('reflection_list', { limit: PAGE });
  if (items.length === 0) {
    list.replaceWith(h('p', { id: 'reflection-empty', class: 'empty', text: t('reflections.empty') }));
    return;
  }
  for (const item of items) list.append(row(item, ctx));
}

function row(item, ctx) {
  const edited = item.updated_at !== item.created_at
    ? `${sep()}${t('reflections.edited', { date: formatDateTime(item.updated_at) })}` : '';
  return h('li', {},
    h('button', { type: 'button', class: 'entry reflection-item', 'data-id': item.id,
      onclick: () => ctx.go('editor', { id: item.id }) },
      h('span', { class: 'entry-title', text: item.title || t('reflections.untitled') }),
      h('span', { class: 'entry-excerpt', text: item.excerpt }),
      h('span', { class: 'entry-meta',
        text: t('reflections.created', { date: formatDateTime(item.created_at) }) + edited })));
}
