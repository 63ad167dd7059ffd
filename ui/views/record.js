// After closing: the meeting record. Before saving, the core looks for what
// may identify someone; the facilitator chooses to keep it or edit.
import { call } from '../lib/ipc.js';
import { dateEcho, language, t } from '../lib/i18n.js';
import { errorBox, field, h } from '../lib/dom.js';
import { onSubmit, StopSubmit } from '../lib/forms.js';

export const meta = { name: 'record', inside: true, section: 'meetings' };

const TEXTS = ['facilitators', 'themes', 'notes', 'safety_action', 'follow_ups', 'self_check_in'];
const LABELS = { safety_action: 'safetyAction', follow_ups: 'followUps', self_check_in: 'selfCheckIn' };

export async function render(root, ctx, params) {
  const { id } = params;
  // A new record comes with the names written last time (the group's first)
  // and the number of people the sharing round counted.
  const { record: existing, saved } = await call('record_draft', { id });
  const f = {};
  for (const name of TEXTS) {
    const type = ['notes', 'self_check_in', 'follow_ups', 'safety_action'].includes(name) ? 'textarea' : 'text';
    f[name] = field({ id: `rec-${name}`, label: t(`record.${LABELS[name] ?? name}`), type, attrs: { rows: 3 } });
    f[name].input.value = existing[name] ?? '';
  }
  const people = { min: 0, max: ctx.info.limits.people_max };
  f.attendance = field({ id: 'rec-attendance', label: t('record.attendance'), type: 'number', attrs: people });
  f.newcomers = field({ id: 'rec-newcomers', label: t('record.newcomers'), type: 'number', attrs: people });
  f.attendance.input.value = saved || existing.attendance ? existing.attendance : '';
  f.newcomers.input.value = saved ? existing.newcomers : '';
  const safety = h('input', { type: 'checkbox', id: 'rec-safety', checked: !!existing.safety_concern });
  const debrief = h('input', { type: 'checkbox', id: 'rec-debrief', checked: !!existing.needs_debrief });
  // lang: the date picker follows the interface language where WebKit lets it.
  const due = field({ id: 'rec-due', label: t('record.safetyDue'), type: 'date', attrs: { lang: language() } });
  due.input.value = existing.safety_follow_up_due ?? '';
  const error = errorBox();
  const save = h('button', { type: 'submit', id: 'save-record', class: 'primary', text: t('record.save') });

  const form = h('form', { class: 'card', novalidate: true },
    h('h1', { text: t('record.title') }), h('p', { class: 'lead', text: t('record.intro') }),
    f.facilitators.row,
    h('div', { class: 'two' }, f.attendance.row, f.newcomers.row),
    f.themes.row, f.notes.row,
    h('div', { class: 'check' }, safety, h('label', { for: 'rec-safety', text: t('record.safety') })),
    f.safety_action.row, due.row, dateEcho(due.input), f.follow_ups.row, f.self_check_in.row,
    h('div', { class: 'check' }, debrief, h('label', { for: 'rec-debrief', text: t('record.debrief') })),
    error, save);

  const collect = () => {
    const record = {};
    for (const name of TEXTS) record[name] = f[name].input.value;
    record.attendance = Number.parseInt(f.attendance.input.value, 10) || 0;
    record.newcomers = Number.parseInt(f.newcomers.input.value, 10) || 0;
    record.safety_concern = safety.checked;
    record.needs_debrief = debrief.checked;
    record.safety_follow_up_due = due.input.value || null;
    return record;
  };

  const changes = ctx.trackChanges(form);
  onSubmit(form, {
    error,
    action: async () => {
      const record = collect();
      const findings = await call('record_check', { record });
      if (findings.length > 0 && (await askKeepOrEdit(root, findings)) !== 'keep') {
        // Not an error: the facilitator chose to edit, so go to the first finding.
        throw new StopSubmit('', f[findings[0].field].input);
      }
      await call('record_save', { id, record });
      changes.saved();
      ctx.go('session', { id, saved: true });
    },
  });
  root.append(h('section', { class: 'page' }, form));
}

/** "This may identify someone": keep as written, or edit. Never blocks. */
function askKeepOrEdit(root, findings) {
  const seen = new Set();
  const lines = [];
  for (const { field: name, finding } of findings) {
    const key = `${name}/${finding.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(h('li', { text: `${t(`record.field_${name}`)}: ${t(`record.kind_${finding.kind}`)}` }));
  }
  const dialog = h('dialog', { id: 'pii-prompt' },
    h('h2', { text: t('record.piiTitle') }), h('p', { text: t('record.piiBody') }), h('ul', {}, lines),
    h('form', { method: 'dialog', class: 'actions' },
      h('button', { value: 'edit', id: 'pii-edit', autofocus: true, text: t('record.edit') }),
      h('button', { value: 'keep', id: 'pii-keep', text: t('record.keep') })));
  root.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => { resolve(dialog.returnValue); dialog.remove(); });
    dialog.showModal();
  });
}
