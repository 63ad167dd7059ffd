// A list of sessions, newest first, as the meetings page and a group's page
// show them. Each entry opens the session.
import { formatDateTime, t } from '../lib/i18n.js';
import { h } from '../lib/dom.js';

export function sessionList(ctx, sessions, { id = 'history', showGroup = true } = {}) {
  if (sessions.length === 0) {
    return h('p', { id: `${id}-empty`, class: 'empty', text: t('meetings.noHistory') });
  }
  return h('ul', { id, class: 'entries' }, sessions.map((s) => h('li', {},
    h('button', { type: 'button', class: 'entry session-item', 'data-id': s.id,
      onclick: () => ctx.go('session', { id: s.id }) },
      h('span', { class: 'entry-title', text: formatDateTime(s.started_at) }),
      h('span', { class: 'entry-excerpt',
        text: showGroup && s.group_name ? `${s.group_name} · ${s.template_name}` : s.template_name }),
      h('span', { class: 'entry-meta', text: s.ended_at === null ? t('meetings.running')
        : (s.attendance === null ? '' : t('meetings.attendance', { count: s.attendance })) })))));
}
