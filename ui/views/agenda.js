// What to bring to supervision since the last session: boundary events by
// kind, reflections marked for it, and meetings with a safety concern or a
// wish for a debrief. Printable; a supervision date starts the next agenda.
import { call } from '../lib/ipc.js';
import { dateEcho, formatDate, formatDateTime, sep, t } from '../lib/i18n.js';
import { append, errorBox, field, h } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';
import { KINDS } from './boundary.js';

export const meta = { name: 'agenda', inside: true, section: 'journal' };

export async function render(root, ctx, params = {}) {
  const [agenda, today] = await Promise.all([call('agenda_get'), call('local_today')]);
  const page = h('section', { class: 'page agenda' });
  root.append(page);
  const empty = agenda.boundary_events.length + agenda.reflections.length + agenda.meetings.length === 0;
  append(page,
    h('div', { class: 'page-head' },
      h('h1', { id: 'agenda-title', text: t('agenda.title') }),
      h('button', { type: 'button', id: 'agenda-print', class: 'no-print', text: t('agenda.print'),
        onclick: () => window.print() })),
    h('p', { id: 'agenda-since', class: 'lead',
      text: agenda.since ? t('agenda.since', { date: formatDate(agenda.since) }) : t('agenda.sinceNever') }),
    params.recorded ? h('p', { id: 'agenda-recorded', class: 'status saved-note no-print', role: 'status',
      tabindex: -1, autofocus: true, text: t('agenda.recorded') }) : null,
    empty ? h('p', { id: 'agenda-empty', class: 'empty', text: t('agenda.empty') }) : null,
    boundaryCard(agenda.boundary_events),
    reflectionsCard(agenda.reflections, ctx),
    meetingsCard(agenda.meetings, ctx),
    recordForm(ctx, today),
    h('button', { type: 'button', class: 'link no-print', text: t('journal.back'), onclick: () => ctx.go('journal') }));
}

function boundaryCard(events) {
  if (events.length === 0) return null;
  const byKind = new Map();
  for (const e of events) {
    if (!byKind.has(e.kind)) byKind.set(e.kind, []);
    byKind.get(e.kind).push(e);
  }
  return h('div', { id: 'agenda-boundary', class: 'card' },
    h('h2', { text: t('agenda.boundary') }),
    [...byKind].map(([kind, list]) => h('section', { class: 'agenda-kind', 'data-kind': kind },
      h('h3', { text: t('app.withCount', { label: t(KINDS[kind] ?? 'boundary.kind_other'), n: list.length }) }),
      h('ul', { class: 'agenda-list' }, list.map((e) => h('li', { class: 'agenda-event' },
        h('p', { class: 'entry-meta', text: formatDate(e.day) }),
        h('dl', { class: 'record' },
          h('dt', { text: t('boundary.whatHappened') }), h('dd', { text: e.what_happened }),
          e.what_i_did ? [h('dt', { text: t('boundary.whatIDid') }), h('dd', { text: e.what_i_did })] : null,
          e.how_i_feel ? [h('dt', { text: t('boundary.howIFeel') }), h('dd', { text: e.how_i_feel })] : null)))))));
}

function reflectionsCard(items, ctx) {
  if (items.length === 0) return null;
  return h('div', { id: 'agenda-reflections', class: 'card' },
    h('h2', { text: t('agenda.reflections') }),
    h('ul', { class: 'agenda-list' }, items.map((r) => h('li', {},
      h('button', { type: 'button', class: 'link', text: r.title || t('reflections.untitled'),
        onclick: () => ctx.go('editor', { id: r.id }) }),
      `${sep()}${formatDateTime(r.created_at)}`))));
}

function meetingsCard(meetings, ctx) {
  if (meetings.length === 0) return null;
  return h('div', { id: 'agenda-meetings', class: 'card' },
    h('h2', { text: t('agenda.meetings') }),
    h('ul', { class: 'agenda-list' }, meetings.map((m) => {
      const r = m.record;
      const flags = [r.needs_debrief ? t('agenda.debrief') : null, r.safety_concern ? t('agenda.safety') : null]
        .filter(Boolean).join(sep());
      return h('li', { class: 'agenda-meeting' },
        h('button', { type: 'button', class: 'link', text: formatDateTime(m.started_at),
          onclick: () => ctx.go('session', { id: m.session_id }) }),
        h('p', { class: 'agenda-flags', text: flags }),
        h('dl', { class: 'record' },
          r.safety_action ? [h('dt', { text: t('record.safetyAction') }), h('dd', { text: r.safety_action })] : null,
          r.safety_follow_up_due ? [h('dt', { text: t('agenda.followUpDue') }), h('dd', { text: formatDate(r.safety_follow_up_due) })] : null,
          r.follow_ups ? [h('dt', { text: t('record.followUps') }), h('dd', { text: r.follow_ups })] : null));
    })));
}

function recordForm(ctx, today) {
  const day = field({ id: 'supervision-day', label: t('agenda.recordDay'), type: 'date', help: t('agenda.recordHelp'),
    attrs: { max: today } });
  day.input.value = today;
  day.row.append(dateEcho(day.input));
  const error = errorBox('supervision-error');
  const form = h('form', { id: 'supervision-form', class: 'card no-print', novalidate: true },
    h('h2', { text: t('agenda.recordTitle') }), day.row, error,
    h('button', { type: 'submit', id: 'supervision-save', text: t('agenda.record') }));
  onSubmit(form, {
    error,
    action: async () => {
      await call('supervision_record', { day: day.input.value });
      ctx.go('agenda', { recorded: true });
    },
  });
  return form;
}
