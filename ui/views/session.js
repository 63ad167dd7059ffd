// One recorded meeting: when each phase ran, the sharing round, the record.
import { call } from '../lib/ipc.js';
import { formatDate, formatDateTime, formatTime, language, plural, sep, t } from '../lib/i18n.js';
import { append, h } from '../lib/dom.js';
import { mmss } from '../lib/format.js';
import { lengthText } from '../components/session-list.js';
import { handoverCard } from '../components/handover-out.js';
import { presentedCard } from '../components/research-presented.js';

export const meta = { name: 'session', inside: true, section: 'meetings' };

// "Group: …", "グループ:…".
const colon = () => (language() === 'ja' ? '\uff1a' : ': ');

// The core computes every duration and count (`d.facts`); this only formats.

export async function render(root, ctx, params) {
  const page = h('section', { class: 'page' });
  root.append(page);
  const d = await call('session_detail', { id: params.id });
  const m = d.meeting;
  const f = d.facts;
  append(page,
    h('h1', { text: t('session.title', { date: formatDateTime(m.started_at) }) }),
    h('div', { class: 'card' },
      d.summary.group_name
        ? h('p', { id: 'session-group' }, `${t('meetings.group')}${colon()}`, h('strong', { text: d.summary.group_name }))
        : null,
      h('p', {}, `${t('session.template')}${colon()}`, h('strong', { text: m.template.name })),
      h('p', { text: `${t('session.duration')}${colon()}${lengthText(f.duration_secs)}` }),
      h('h2', { text: t('session.phases') }),
      h('ol', { id: 'phase-log' }, f.phases.map((p) => h('li', {
        text: `${p.title}${sep()}${formatTime(p.from)}${sep()}${lengthText(p.secs)}` }))),
      h('p', { id: 'items-done', text: t(plural('session.itemsDone', f.items_total), { done: f.items_done, total: f.items_total }) }),
      f.gaps.map((at) => h('p', { class: 'notice', text: t('session.gap', { time: formatDateTime(at) }) })),
      f.locks.map((lock) => h('p', { class: 'muted session-lock', text: t('session.locked', {
        from: formatTime(lock.from), to: lock.to ? formatTime(lock.to) : '…' }) })),
      f.round ? roundSummary(f.round) : null),
    recordCard(d.record, ctx, params),
    // A 当事者研究 meeting notes which research was presented.
    await presentedCard(params.id, ctx, params.presented).catch(() => null),
    // An ended meeting can be handed over to the co-facilitators.
    m.ended_at ? await handoverCard(params.id, ctx).catch(() => null) : null,
    h('button', { type: 'button', id: 'back-to-meetings', class: 'link', text: t('session.back'), onclick: () => ctx.go('meetings') }));
}

function roundSummary(r) {
  const seat = (turn) => (turn.nickname
    ? t('live.named', { name: turn.nickname, seat: t('live.seat', { n: turn.seat }) }) : t('live.seat', { n: turn.seat }));
  return h('div', {}, h('h2', { text: t('session.round') }),
    h('p', { id: 'round-summary', text: t('session.roundSummary', r) }),
    h('details', { id: 'turns-details' }, h('summary', { text: t('session.turns') }),
      h('table', { id: 'turns' },
        h('thead', {}, h('tr', {}, ['#', t('session.seat'), t('session.turnLength'), t('session.planned'), '']
          .map((text) => h('th', { text })))),
        h('tbody', {}, r.turns.map((turn, i) => h('tr', {},
          h('td', { text: String(i + 1) }), h('td', { text: seat(turn) }),
          h('td', { text: turn.secs === null ? '' : mmss(turn.secs) }),
          h('td', { text: mmss(turn.planned_secs) }),
          h('td', { text: turn.outcome ? t(`session.outcome_${turn.outcome}`) : '' })))))));
}

// After a save the page opens on the record with "Record saved." focused
// (so shown and read out), however far down the page it is.
function recordCard(record, ctx, { id, saved }) {
  const card = h('div', { class: 'card', id: 'record' }, h('h2', { text: t('session.record') }));
  if (!record) {
    card.append(h('p', { class: 'muted', text: t('session.noRecord') }),
      h('button', { type: 'button', id: 'write-record', class: 'primary', text: t('session.writeRecord'), onclick: () => ctx.go('record', { id }) }));
    return card;
  }
  if (saved) card.append(h('p', { id: 'record-saved', class: 'status saved-note', role: 'status', tabindex: '-1', autofocus: true, text: t('record.saved') }));
  const yes = (b) => t(b ? 'session.yes' : 'session.no');
  const rows = [
    ['record.facilitators', record.facilitators], ['record.attendance', String(record.attendance)],
    ['record.newcomers', String(record.newcomers)], ['record.themes', record.themes], ['record.notes', record.notes],
    ['record.safety', yes(record.safety_concern)], ['record.safetyAction', record.safety_action],
    ['record.safetyDue', formatDate(record.safety_follow_up_due)], ['record.followUps', record.follow_ups],
    ['record.selfCheckIn', record.self_check_in], ['record.debrief', yes(record.needs_debrief)],
  ];
  card.append(h('dl', { class: 'record' }, rows.filter(([, v]) => v !== '').flatMap(([k, v]) => [h('dt', { text: t(k) }), h('dd', { text: v })])),
    h('button', { type: 'button', id: 'edit-record', text: t('session.editRecord'), onclick: () => ctx.go('record', { id }) }));
  return card;
}
