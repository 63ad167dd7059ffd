// One group's page: its meetings newest first and its attendance over time
// (a bar chart of the recent meetings, and a table of all of them).
import { call } from '../lib/ipc.js';
import { formatDateTime, formatDay, plural, sep, t } from '../lib/i18n.js';
import { append, ask, errorBox, h, showError } from '../lib/dom.js';
import { chartWithTable } from '../components/chart-table.js';
import { sessionList } from '../components/session-list.js';
import { receivedCard } from '../components/handover-in.js';

export const meta = { name: 'group', inside: true, section: 'meetings' };

const CHART_MEETINGS = 26; // about half a year of weekly meetings

export async function render(root, ctx, params) {
  const { group, sessions, attendance } = await call('group_history', { id: params.id });
  const error = errorBox();
  const page = h('section', { class: 'page' }, error);
  root.append(page);
  const deleteGroup = async () => {
    const yes = await ask({ id: 'confirm-delete-group', text: t('groups.confirmDelete', { name: group.name }),
      no: t('groups.cancel'), yes: t('groups.delete') });
    if (!yes) return;
    try {
      await call('group_delete', { id: group.id });
      ctx.go('groups', { notice: t('groups.deleted', { name: group.name }) });
    } catch (e) { showError(error, e.message); }
  };

  // One press starts the group's meeting with its usual template, fitted by
  // the core to its usual length. A meeting still open is offered first, on
  // the Meetings page.
  const startMeeting = async () => {
    try {
      if ((await call('meeting_unfinished')) !== null) {
        ctx.go('meetings', { groupId: group.id });
        return;
      }
      const live = await call('meeting_start', { groupId: group.id, templateKey: group.default_template });
      ctx.go('live', { live });
    } catch (e) { showError(error, e.message); }
  };

  append(page,
    h('div', { class: 'page-head' }, h('h1', { id: 'group-title', text: group.name }),
      h('button', { type: 'button', id: 'group-start', class: 'primary', text: t('groups.startMeeting'),
        onclick: startMeeting })),
    params.saved ? h('p', { id: 'group-saved', class: 'status', role: 'status', text: t('groups.saved') }) : null,
    h('p', { class: 'muted', text: `${t(`groups.lang_${group.language}`)}${sep()}${t('session.minutes', { n: group.usual_minutes })}` }),
    attendanceCard(attendance),
    h('div', { class: 'card' }, h('h2', { text: t('groups.history') }),
      sessionList(ctx, sessions, { id: 'group-history', showGroup: false })),
    await receivedCard(group.id),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'edit-group', text: t('groups.edit'),
        onclick: () => ctx.go('groupEdit', { group }) }),
      h('button', { type: 'button', id: 'delete-group', class: 'danger', text: t('groups.delete'),
        onclick: deleteGroup }),
      h('button', { type: 'button', class: 'link', text: t('groups.back'), onclick: () => ctx.go('groups') })));
}

function attendanceCard({ points, meetings, average, newcomers }) {
  const card = h('div', { class: 'card', id: 'attendance' }, h('h2', { text: t('groups.attendance') }));
  if (points.length === 0) {
    card.append(h('p', { class: 'muted', text: t('groups.noAttendance') }));
    return card;
  }
  card.append(h('p', { id: 'attendance-summary', text: [
    t(plural('groups.summaryMeetings', meetings), { n: meetings }),
    t('groups.summaryAverage', { average: average.toFixed(1) }),
    t(plural('groups.summaryNewcomers', newcomers), { n: newcomers }),
  ].join(sep()) }));
  append(card, chartWithTable({
    id: 'attendance',
    series: points.map((p) => ({
      label: formatDay(p.started_at), fullLabel: formatDateTime(p.started_at), value: p.attendance, part: p.newcomers,
    })),
    recent: CHART_MEETINGS,
    summary: t('groups.attendanceTable'),
    columns: { label: t('groups.date'), value: t('record.attendance'), part: t('record.newcomers') },
    key: { value: t('groups.keyAttended'), part: t('groups.keyNewcomers') },
  }));
  return card;
}
