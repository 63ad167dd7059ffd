// Writing down a boundary event: what happened, what I did, how I feel,
// and whether to bring it to supervision. The recent ones are listed below;
// `params.id` (from a search result) shows that event there, focused, with
// the list reaching back to its day (`params.day`) if that is earlier.
import { call } from '../lib/ipc.js';
import { dateEcho, formatDate, sep, t } from '../lib/i18n.js';
import { errorBox, field, h } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';

export const meta = { name: 'boundary', inside: true, section: 'journal' };

/** The kinds the core knows, each with its label's key. */
export const KINDS = {
  after_hours_contact: 'boundary.kind_after_hours_contact',
  money_or_gifts: 'boundary.kind_money_or_gifts',
  over_involvement: 'boundary.kind_over_involvement',
  dual_relationship: 'boundary.kind_dual_relationship',
  confidentiality_pressure: 'boundary.kind_confidentiality_pressure',
  role_confusion: 'boundary.kind_role_confusion',
  other: 'boundary.kind_other',
};

export async function render(root, ctx, params = {}) {
  // The core keeps the usual days (and today); a found event's day reaches further back.
  const from = /^\d{4}-\d{2}-\d{2}$/.test(params.day ?? '') ? params.day : null;
  const { today: day, since: sinceDay, older, events: recent } = await call('boundary_list', { from });
  const found = params.id ?? null;
  const max = ctx.info.limits.journal_field_chars;

  const date = field({ id: 'bd-day', label: t('boundary.day'), type: 'date', attrs: { max: day } });
  date.input.value = day;
  date.row.append(dateEcho(date.input));
  const kind = h('select', { id: 'bd-kind' },
    Object.entries(KINDS).map(([key, label]) => h('option', { value: key, text: t(label) })));
  const what = field({ id: 'bd-what', label: t('boundary.whatHappened'), type: 'textarea',
    help: t('boundary.noNames'), attrs: { rows: 4, maxlength: max, autofocus: found === null } });
  const did = field({ id: 'bd-did', label: t('boundary.whatIDid'), type: 'textarea', attrs: { rows: 3, maxlength: max } });
  const feel = field({ id: 'bd-feel', label: t('boundary.howIFeel'), type: 'textarea', attrs: { rows: 3, maxlength: max } });
  const supervision = h('input', { type: 'checkbox', id: 'bd-supervision' });
  const error = errorBox('boundary-error');
  const form = h('form', { id: 'boundary-form', class: 'card', novalidate: true },
    h('h1', { text: t('boundary.title') }),
    h('p', { class: 'lead', text: t('boundary.intro') }),
    h('div', { class: 'two' }, date.row,
      h('div', { class: 'field' }, h('label', { for: 'bd-kind', text: t('boundary.kind') }), kind)),
    what.row, did.row, feel.row,
    h('div', { class: 'check' }, supervision, h('label', { for: 'bd-supervision', text: t('boundary.supervision') })),
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'bd-save', class: 'primary', text: t('boundary.save') }),
      h('button', { type: 'button', class: 'link', id: 'bd-back', text: t('journal.back'), onclick: () => ctx.go('journal') })));
  const changes = ctx.trackChanges(form);
  onSubmit(form, {
    error,
    action: async () => {
      await call('boundary_save', { event: {
        id: 0, day: date.input.value, kind: kind.value, what_happened: what.input.value,
        what_i_did: did.input.value, how_i_feel: feel.input.value, supervision: supervision.checked,
      } });
      changes.saved();
      ctx.go('journal', { notice: t('boundary.saved') });
    },
  });

  const list = recent.length === 0
    ? h('p', { class: 'muted', text: t('boundary.none') })
    : h('ul', { id: 'boundary-list', class: 'entries' }, recent.map((e) => h('li', {
      id: `boundary-${e.id}`, class: e.id === found ? 'entry boundary-item found' : 'entry boundary-item',
      'data-id': e.id, tabindex: e.id === found ? '-1' : null, autofocus: e.id === found },
      h('span', { class: 'entry-meta', text: `${formatDate(e.day)}${sep()}${t(KINDS[e.kind] ?? 'boundary.kind_other')}${
        e.supervision ? `${sep()}${t('boundary.forSupervision')}` : ''}` }),
      h('span', { class: 'entry-excerpt', text: e.what_happened }))));
  root.append(h('section', { class: 'page' }, form,
    h('div', { class: 'card' },
      h('h2', { text: older ? t('boundary.since', { date: formatDate(sinceDay) }) : t('boundary.recent') }), list)));
}
