// The self-care plan: four plain answers, saved as a new version each time;
// the earlier versions stay readable with their dates.
import { call } from '../lib/ipc.js';
import { formatDateTime, t } from '../lib/i18n.js';
import { errorBox, field, h } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';

export const meta = { name: 'plan', inside: true, section: 'journal' };

const FIELDS = [
  ['warning_signs', 'plan.warningSigns', 'plan.warningSignsHelp'],
  ['what_helps', 'plan.whatHelps', 'plan.whatHelpsHelp'],
  ['people', 'plan.people', 'plan.peopleHelp'],
  ['say_no_to', 'plan.sayNoTo', 'plan.sayNoToHelp'],
];

export async function render(root, ctx, params = {}) {
  const versions = await call('plan_versions');
  const current = versions[0]?.plan ?? {};
  const inputs = {};
  const rows = FIELDS.map(([name, label, help], i) => {
    const f = field({ id: `plan-${name.replaceAll('_', '-')}`, label: t(label), type: 'textarea', help: t(help),
      attrs: { rows: 3, maxlength: ctx.info.limits.journal_field_chars, autofocus: i === 0 } });
    f.input.value = current[name] ?? '';
    inputs[name] = f.input;
    return f.row;
  });
  const error = errorBox('plan-error');
  const form = h('form', { id: 'plan-form', class: 'card', novalidate: true },
    h('h1', { text: t('plan.title') }),
    h('p', { class: 'lead', text: t('plan.intro') }),
    versions[0] ? h('p', { id: 'plan-current-date', class: 'help', text: t('plan.savedOn', { n: versions.length, date: formatDateTime(versions[0].saved_at) }) }) : null,
    params.saved ? h('p', { id: 'plan-saved', class: 'status saved-note', role: 'status', tabindex: -1,
      autofocus: true, text: t('plan.saved') }) : null,
    ...rows, error,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'plan-save', class: 'primary', text: t('plan.save') }),
      h('button', { type: 'button', class: 'link', id: 'plan-back', text: t('journal.back'), onclick: () => ctx.go('journal') })));
  const changes = ctx.trackChanges(form);
  onSubmit(form, {
    error,
    action: async () => {
      const plan = Object.fromEntries(FIELDS.map(([name]) => [name, inputs[name].value]));
      await call('plan_save', { plan });
      changes.saved();
      ctx.go('plan', { saved: true });
    },
  });

  const earlier = versions.slice(1);
  const history = h('div', { id: 'plan-history', class: 'card' }, h('h2', { text: t('plan.history') }),
    earlier.length === 0 ? h('p', { class: 'muted', text: t('plan.noHistory') }) : h('ol', { class: 'versions' },
      // Numbered from the first: two versions saved in one minute differ.
      earlier.map((v, i) => h('li', { class: 'plan-version' },
        h('details', {},
          h('summary', { text: t('plan.versionOf', { n: earlier.length - i, date: formatDateTime(v.saved_at) }) }),
          h('dl', { class: 'record' }, FIELDS.flatMap(([name, label]) => [
            h('dt', { text: t(label) }), h('dd', { text: v.plan[name] || '—' })])))))));
  root.append(h('section', { class: 'page' }, form, history));
}
