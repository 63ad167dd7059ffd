// Templates: the built-ins, which stay as they are, and the user's copies,
// which can be edited, reordered and deleted. Copying opens the copy.
import { call } from '../lib/ipc.js';
import { sep, t } from '../lib/i18n.js';
import { ask, errorBox, h, showError } from '../lib/dom.js';

export const meta = { name: 'templates', inside: true, section: 'meetings' };

export async function render(root, ctx, params = {}) {
  const error = errorBox();
  const list = h('ul', { id: 'templates', class: 'entries' });
  root.append(h('section', { class: 'page' },
    h('h1', { text: t('templates.title') }),
    h('p', { class: 'lead', text: t('templates.intro') }),
    params.notice ? h('p', { id: 'templates-notice', class: 'status', role: 'status', text: params.notice }) : null,
    error, list,
    h('button', { type: 'button', class: 'link', text: t('session.back'), onclick: () => ctx.go('meetings') })));

  const copy = async (key) => {
    try {
      const made = await call('template_copy', { key });
      ctx.go('templateEdit', { key: made.key, copied: true });
    } catch (e) { showError(error, e.message); }
  };
  const remove = async (tpl) => {
    const yes = await ask({ id: 'confirm-delete-template', text: t('templates.confirmDelete', { name: tpl.name }),
      no: t('groups.cancel'), yes: t('templates.delete') });
    if (!yes) return;
    try {
      await call('template_delete', { key: tpl.key });
      ctx.go('templates', { notice: t('templates.deleted', { name: tpl.name }) });
    } catch (e) { showError(error, e.message); }
  };

  const templates = await call('template_list');
  templates.forEach((tpl, index) => {
    const builtin = tpl.key.startsWith('builtin:');
    const action = (id, label, onclick, cls) =>
      h('button', { type: 'button', id: `${id}-${index}`, class: cls, text: label, 'aria-label': `${label}: ${tpl.name}`, onclick });
    list.append(h('li', { class: 'template-row', 'data-key': tpl.key },
      h('div', {},
        h('span', { class: 'entry-title', text: tpl.name }),
        builtin ? h('span', { class: 'badge', text: t('templates.builtinBadge') }) : null,
        h('p', { class: 'entry-meta' }, `${tpl.phases.map((p) => p.title).join(' → ')}${sep()}`,
          h('span', { class: 'nowrap', text: t('session.minutes', { n: tpl.planned_minutes }) }))),
      h('div', { class: 'actions' },
        builtin ? null : action('edit-template', t('templates.edit'), () => ctx.go('templateEdit', { key: tpl.key })),
        action('copy-template', t('templates.copy'), () => copy(tpl.key), builtin ? 'primary' : undefined),
        builtin ? null : action('delete-template', t('templates.delete'), () => remove(tpl), 'danger'))));
  });
}
