// A group's settings: new (no id) or existing. Saving goes to its page.
import { call } from '../lib/ipc.js';
import { language, t, LANGUAGES } from '../lib/i18n.js';
import { errorBox, field, h, showError } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';
import { templateSelect } from '../components/template-select.js';

export const meta = { name: 'groupEdit', inside: true, section: 'meetings' };

export async function render(root, ctx, params = {}) {
  const templates = await call('template_list');
  const { limits } = ctx.info;
  const error = errorBox();
  const group = params.group ?? {
    id: 0, name: '', language: language(), default_template: 'builtin:standard', usual_minutes: null,
  };
  const name = field({ id: 'group-name', label: t('groups.name'), attrs: { maxlength: limits.name_chars, autocomplete: 'off' } });
  name.input.value = group.name;
  const lang = h('select', { id: 'group-language' },
    LANGUAGES.map((code) => h('option', { value: code, text: t(`groups.lang_${code}`), selected: code === group.language })));
  const template = templateSelect({ id: 'group-template', templates, value: group.default_template });
  const length = field({ id: 'group-minutes', label: t('groups.minutes'), type: 'number',
    help: t('groups.minutesHelp'), attrs: { min: limits.group_minutes_min, max: limits.group_minutes_max, step: 5 } });
  length.input.value = group.usual_minutes ?? '';
  // A new group's length is its template's planned length, until it is typed.
  let lengthTyped = !!group.id;
  length.input.addEventListener('input', () => { lengthTyped = true; });
  const usePlannedLength = async () => {
    if (lengthTyped) return;
    try {
      length.input.value = await call('meeting_plan', { groupId: null, templateKey: template.value });
    } catch (e) { showError(error, e.message); }
  };
  template.addEventListener('change', usePlannedLength);
  if (!group.id) await usePlannedLength();
  const save = h('button', { type: 'submit', id: 'save-group', class: 'primary', text: t('groups.save') });

  const form = h('form', { class: 'card', novalidate: true },
    h('h1', { text: group.id ? t('groups.edit') : t('groups.new') }),
    name.row,
    h('div', { class: 'two' },
      h('div', { class: 'field' }, h('label', { for: 'group-language', text: t('groups.language') }), lang),
      h('div', { class: 'field' }, h('label', { for: 'group-template', text: t('groups.template') }), template)),
    length.row,
    h('div', { class: 'actions' }, save,
      h('button', { type: 'button', id: 'cancel-group', text: t('groups.cancel'),
        onclick: () => (group.id ? ctx.go('group', { id: group.id }) : ctx.go('groups')) })));
  root.append(h('section', { class: 'page' }, error, form));
  const changes = ctx.trackChanges(form);
  onSubmit(form, {
    error,
    action: async () => {
      const edited = {
        id: group.id, name: name.input.value, language: lang.value, default_template: template.value,
        usual_minutes: Number.parseInt(length.input.value, 10) || 0,
      };
      const saved = await call('group_save', { group: edited });
      changes.saved();
      ctx.go('group', { id: saved.id, saved: true });
    },
    onError: () => name.input.focus(),
  });
}
