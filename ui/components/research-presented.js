// On a 当事者研究 meeting's page: which research of the notebook was
// presented. Only the link is kept, never a person's name. The core says
// whether the card is offered (the template, or a link already noted).
import { call } from '../lib/ipc.js';
import { errorBox, h } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';
import { t } from '../lib/i18n.js';

export async function presentedCard(session, ctx, saved) {
  const p = await call('research_presented', { session });
  if (!p.offered) return null;
  const card = h('div', { id: 'presented-card', class: 'card' }, h('h2', { text: t('research.presentedTitle') }));
  if (saved) {
    card.append(h('p', { id: 'presented-saved', class: 'status saved-note', role: 'status', tabindex: -1, autofocus: true,
      text: t('research.presentedSaved') }));
  }
  if (p.research.length === 0) {
    card.append(h('p', { class: 'muted', text: t('research.presentedNone') }));
    return card;
  }
  const boxes = p.research.map((r) => h('input', { type: 'checkbox', id: `presented-${r.id}`, value: r.id,
    checked: p.chosen.includes(r.id) }));
  const error = errorBox('presented-error');
  const form = h('form', { id: 'presented-form', novalidate: true },
    h('fieldset', {}, h('legend', { text: t('research.presentedLegend') }),
      p.research.map((r, i) => h('div', { class: 'check' }, boxes[i],
        h('label', { for: `presented-${r.id}`, text: r.theme })))),
    h('p', { class: 'help', text: t('research.presentedHelp') }), error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'presented-save', text: t('research.save') })));
  const changes = ctx.trackChanges(form);
  onSubmit(form, {
    error,
    action: async () => {
      await call('research_set_presented', { session, research: boxes.filter((b) => b.checked).map((b) => Number(b.value)) });
      changes.saved();
      ctx.go('session', { id: session, presented: true });
    },
  });
  card.append(form);
  return card;
}
