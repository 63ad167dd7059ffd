// Two buttons to switch language, shown on the screens before unlocking.
import { h } from '../lib/dom.js';
import { LANGUAGES, language, t } from '../lib/i18n.js';

export function languageSwitch(ctx) {
  return h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.label') },
    LANGUAGES.map((lang) => h('button', {
      type: 'button',
      id: `lang-${lang}`,
      lang,
      'aria-pressed': String(lang === language()),
      text: t(`lang.${lang}`),
      onclick: () => ctx.changeLanguage(lang),
    })));
}
