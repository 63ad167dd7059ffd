// A list of sessions, newest first, as the meetings page and a group's page
// show them. Each entry opens the session. Two meetings begun in the same
// minute differ in what the meta line says: start time, length, attendance.
import { formatDate, formatTime, sep, t } from '../lib/i18n.js';
import { h } from '../lib/dom.js';

/** "85 min", or "under 1 min" for a meeting ended at once. */
export function lengthText(secs) {
  return secs < 60 ? t('session.underMinute') : t('session.minutes', { n: Math.round(secs / 60) });
}

/** "14:02 · 85 min · 6 attended"; "14:02 · still open" while it runs. */
function meta(s) {
  const parts = [formatTime(s.started_at)];
  if (s.ended_at === null || s.duration_secs === null || s.duration_secs === undefined) {
    parts.push(t('meetings.running'));
  } else {
    parts.push(lengthText(s.duration_secs));
    if (s.attendance !== null && s.attendance !== undefined) parts.push(t('meetings.attendance', { count: s.attendance }));
  }
  return parts.join(sep());
}

export function sessionList(ctx, sessions, { id = 'history', showGroup = true } = {}) {
  if (sessions.length === 0) {
    return h('p', { id: `${id}-empty`, class: 'empty', text: t('meetings.noHistory') });
  }
  return h('ul', { id, class: 'entries' }, sessions.map((s) => h('li', {},
    h('button', { type: 'button', class: 'entry session-item', 'data-id': s.id,
      onclick: () => ctx.go('session', { id: s.id }) },
      h('span', { class: 'entry-title', text: formatDate(s.started_at) }),
      h('span', { class: 'entry-excerpt',
        text: showGroup && s.group_name ? `${s.group_name}${sep()}${s.template_name}` : s.template_name }),
      h('span', { class: 'entry-meta', text: meta(s) })))));
}
