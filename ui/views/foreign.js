// The vault folder holds something Enza did not make: say so, touch nothing.
import { t } from '../lib/i18n.js';
import { h } from '../lib/dom.js';
import { languageSwitch } from '../components/language-switch.js';

export const meta = { name: 'foreign', inside: false };

export function render(root, ctx) {
  root.append(h('div', { class: 'welcome' }, languageSwitch(ctx)),
    h('section', { class: 'card narrow', role: 'alert' },
      h('h1', { text: t('foreign.title') }),
      h('p', { text: t('foreign.body') }),
      h('p', { class: 'path' }, t('app.labelled', { label: t('foreign.path') }), h('code', { text: ctx.info.vault_path }))));
}
