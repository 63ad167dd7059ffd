// The vault folder holds something Enza did not make, or cannot be read:
// say which, touch nothing (and never offer to make a vault over it).
import { t } from '../lib/i18n.js';
import { h } from '../lib/dom.js';
import { languageSwitch } from '../components/language-switch.js';

export const meta = { name: 'foreign', inside: false };

export function render(root, ctx) {
  const unreadable = ctx.info.state === 'unreadable';
  root.append(h('div', { class: 'welcome' }, languageSwitch(ctx)),
    h('section', { class: 'card narrow', role: 'alert' },
      h('h1', { id: 'foreign-title', text: unreadable ? t('unreadable.title') : t('foreign.title') }),
      h('p', { text: unreadable ? t('unreadable.body') : t('foreign.body') }),
      h('p', { class: 'path' }, t('app.labelled', { label: t('foreign.path') }), h('code', { text: ctx.info.vault_path }))));
}
