// The template select of the start card and of a group's settings:
// built-ins first, then the user's copies.
import { t } from '../lib/i18n.js';
import { h } from '../lib/dom.js';

export function templateSelect({ id, templates, value }) {
  const group = (label, list) => (list.length === 0 ? null : h('optgroup', { label },
    list.map((tpl) => h('option', { value: tpl.key, text: tpl.name }))));
  const select = h('select', { id },
    group(t('templates.builtin'), templates.filter((tpl) => tpl.key.startsWith('builtin:'))),
    group(t('templates.mine'), templates.filter((tpl) => !tpl.key.startsWith('builtin:'))));
  if (value !== undefined) select.value = value;
  return select;
}
