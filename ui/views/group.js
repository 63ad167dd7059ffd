// One group's page: its meetings newest first and its attendance over time
// (a bar chart of the recent meetings, and a table of all of them).
import { call } from '../lib/ipc.js';
import { formatDateTime, language, t } from '../lib/i18n.js';
import { append, ask, errorBox, h, showError } from '../lib/dom.js';
import { sessionList } from './history.js';

const CHART_MEETINGS = 26; // about half a year of weekly meetings

export async function render(root, ctx, params) {
  const error = errorBox();
  const page = h('section', { class: 'page' }, error);
  root.append(page);
  let history;
  try {
    history = await call('group_history', { id: params.id });
  } catch (e) {
    showError(error, e.message);
    return;
  }
  const { group, sessions, attendance } = history;
  const deleteGroup = async () => {
    const yes = await ask({ id: 'confirm-delete-group', text: t('groups.confirmDelete', { name: group.name }),
      no: t('groups.cancel'), yes: t('groups.delete') });
    if (!yes) return;
    try {
      await call('group_delete', { id: group.id });
      ctx.go('groups', { notice: t('groups.deleted', { name: group.name }) });
    } catch (e) { showError(error, e.message); }
  };

  append(page,
    h('div', { class: 'page-head' }, h('h1', { id: 'group-title', text: group.name }),
      h('button', { type: 'button', id: 'group-start', class: 'primary', text: t('groups.startMeeting'),
        onclick: () => ctx.go('meetings', { groupId: group.id }) })),
    params.saved ? h('p', { id: 'group-saved', class: 'status', role: 'status', text: t('groups.saved') }) : null,
    h('p', { class: 'muted', text: `${t(`groups.lang_${group.language}`)} · ${t('session.minutes', { n: group.usual_minutes })}` }),
    attendanceCard(attendance),
    h('div', { class: 'card' }, h('h2', { text: t('groups.history') }),
      sessionList(ctx, sessions, { id: 'group-history', showGroup: false })),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'edit-group', text: t('groups.edit'),
        onclick: () => ctx.go('groupEdit', { group }) }),
      h('button', { type: 'button', id: 'delete-group', class: 'danger', text: t('groups.delete'),
        onclick: deleteGroup }),
      h('button', { type: 'button', class: 'link', text: t('groups.back'), onclick: () => ctx.go('groups') })));
}

function attendanceCard(points) {
  const card = h('div', { class: 'card', id: 'attendance' }, h('h2', { text: t('groups.attendance') }));
  if (points.length === 0) {
    card.append(h('p', { class: 'muted', text: t('groups.noAttendance') }));
    return card;
  }
  const total = points.reduce((sum, p) => sum + p.attendance, 0);
  const newcomers = points.reduce((sum, p) => sum + p.newcomers, 0);
  card.append(h('p', { id: 'attendance-summary', text: t('groups.attendanceSummary', {
    meetings: points.length, average: (total / points.length).toFixed(1), newcomers }) }));

  const recent = points.slice(-CHART_MEETINGS);
  const max = Math.max(1, ...recent.map((p) => p.attendance));
  const day = (iso) => new Date(iso).toLocaleDateString(language() === 'ja' ? 'ja-JP' : 'en-GB',
    { month: 'numeric', day: 'numeric' });
  // The chart is for the eye; the table below says the same to a screen reader.
  card.append(h('div', { class: 'chart', id: 'attendance-chart', 'aria-hidden': 'true' },
    recent.map((p) => h('div', { class: 'chart-col', title: `${formatDateTime(p.started_at)}: ${p.attendance}` },
      h('span', { class: 'chart-value', text: String(p.attendance) }),
      bar(p.attendance / max, p.attendance ? p.newcomers / p.attendance : 0),
      h('span', { class: 'chart-label', text: day(p.started_at) })))),
  h('p', { class: 'chart-key help' }, h('span', { class: 'key-swatch' }), t('groups.keyAttended'),
    h('span', { class: 'key-swatch new' }), t('groups.keyNewcomers')));

  card.append(h('details', { id: 'attendance-details' },
    h('summary', { text: t('groups.attendanceTable') }),
    h('table', { id: 'attendance-table' },
      h('thead', {}, h('tr', {}, h('th', { text: t('groups.date') }), h('th', { text: t('record.attendance') }),
        h('th', { text: t('record.newcomers') }))),
      h('tbody', {}, [...points].reverse().map((p) => h('tr', {},
        h('td', { text: formatDateTime(p.started_at) }), h('td', { text: String(p.attendance) }),
        h('td', { text: String(p.newcomers) })))))));
  return card;
}

/** A bar `share` of the chart high, the newcomers' part `newShare` of it.
 * Heights go through the style object: the CSP allows no style attributes. */
function bar(share, newShare) {
  const newcomers = h('div', { class: 'chart-new' });
  newcomers.style.height = `${newShare * 100}%`;
  const column = h('div', { class: 'chart-bar' }, newcomers);
  column.style.height = `${share * 100}%`;
  return column;
}
