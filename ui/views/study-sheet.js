// The one-page sheet for a 当事者研究 meeting (研究発表): the theme, the
// person's own name for the difficulty, the pattern drawn and as text,
// ways to help myself, and the experiments with what happened. Printing
// leaves out the buttons (`no-print`).
import { call } from '../lib/ipc.js';
import { formatDate, t } from '../lib/i18n.js';
import { h } from '../lib/dom.js';
import { patternDiagram } from '../components/pattern-diagram.js';

export const meta = { name: 'studySheet', inside: true, section: 'journal' };

export async function render(root, ctx, params = {}) {
  const { study, diagram, words } = await call('research_get', { id: Number(params.id) });
  const verdict = Object.fromEntries(words.verdicts.map((v) => [v.key, v.label]));
  const status = Object.fromEntries(words.statuses.map((s) => [s.key, s.label]));
  const row = (label, value) => (value ? [h('dt', { text: label }), h('dd', { text: value })] : []);
  root.append(h('section', { class: 'page sheet', id: 'study-sheet-page' },
    h('div', { class: 'actions no-print' },
      h('button', { type: 'button', id: 'sheet-print', class: 'primary', text: t('research.print'),
        onclick: () => window.print() }),
      h('button', { type: 'button', class: 'link', id: 'sheet-back', text: t('research.backToStudy'),
        onclick: () => ctx.go('study', { id: study.id }) })),
    h('h1', { id: 'sheet-theme', text: study.theme }),
    h('dl', { class: 'record sheet-facts' },
      row(t('research.ownName'), study.own_name),
      row(t('research.status'), status[study.status]),
      row(t('research.startedLabel'), formatDate(study.started_at))),
    h('h2', { text: t('research.pattern') }),
    patternDiagram(diagram, 'sheet-pattern'),
    study.helping_myself ? [h('h2', { text: t('research.helpingMyself') }),
      h('p', { id: 'sheet-helping', class: 'pre-line', text: study.helping_myself })] : null,
    study.experiments.length ? [h('h2', { text: t('research.experiments') }),
      h('ol', { id: 'sheet-experiments', class: 'sheet-experiments' }, study.experiments.map((e) => h('li', {},
        h('p', { class: 'experiment-what', text: e.what }),
        h('dl', { class: 'record' },
          row(t('research.experimentWhen'), e.when),
          row(t('research.experimentResult'), e.result),
          row(t('research.experimentVerdict'), verdict[e.verdict])))))] : null));
}
