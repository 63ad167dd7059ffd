// One piece of research: its heading (theme, own name, ways to help myself,
// status), the pattern drawn and written out with an editor made for the
// keyboard (every control a native field or button, Tab from one to the
// next), the earlier versions of the pattern, experiments, and ideas from
// peers. Each save comes back to this page with its card's notice focused.
import { call } from '../lib/ipc.js';
import { formatDate, formatDateTime, plural, t } from '../lib/i18n.js';
import { ask, errorBox, field, h } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';
import { patternDiagram } from '../components/pattern-diagram.js';

export const meta = { name: 'study', inside: true, section: 'journal' };

export async function render(root, ctx, params = {}) {
  const view = await call('research_get', { id: Number(params.id) });
  const { study, words } = view;
  const again = (saved) => ctx.go('study', { id: study.id, saved });
  const notice = (card) => (params.saved === card
    ? h('p', { id: `${card}-saved`, class: 'status saved-note', role: 'status', tabindex: -1, autofocus: true,
      text: t(`research.saved.${card}`) }) : null);
  const status = Object.fromEntries(words.statuses.map((s) => [s.key, s.label]));
  root.append(h('section', { class: 'page study' },
    h('h1', { id: 'study-theme', text: study.theme }),
    h('p', { class: 'lead' },
      h('span', { class: `badge status-${study.status}`, id: 'study-status', text: status[study.status] }), ' ',
      t('research.startedOn', { date: formatDate(study.started_at) }),
      study.presented_at.length ? ` · ${t(plural('research.presentedCount', study.presented_at.length), { n: study.presented_at.length })}` : ''),
    params.started ? h('p', { id: 'study-started', class: 'status saved-note', role: 'status', tabindex: -1,
      autofocus: true, text: t('research.started') }) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'study-sheet', text: t('research.sheet'),
        onclick: () => ctx.go('studySheet', { id: study.id }) }),
      h('button', { type: 'button', class: 'link', id: 'study-back', text: t('research.backToList'),
        onclick: () => ctx.go('research') })),
    patternCard(ctx, view, notice('pattern'), again),
    headingCard(ctx, study, words, notice('heading'), again),
    experimentsCard(ctx, study, words, notice('experiments'), again),
    ideasCard(ctx, study, notice('ideas'), again),
    deleteCard(ctx, study)));
}

function headingCard(ctx, study, words, notice, again) {
  const limits = ctx.info.limits;
  const theme = field({ id: 'study-theme-input', label: t('research.theme'), help: t('research.themeHelp'),
    attrs: { maxlength: limits.title_chars, required: true, autocomplete: 'off' } });
  const name = field({ id: 'study-own-name', label: t('research.ownName'), help: t('research.ownNameHelp'),
    attrs: { maxlength: limits.name_chars, autocomplete: 'off' } });
  const helping = field({ id: 'study-helping', label: t('research.helpingMyself'), type: 'textarea',
    help: t('research.helpingMyselfHelp'), attrs: { rows: 3, maxlength: limits.journal_field_chars } });
  const statusSelect = h('select', { id: 'study-status-select', name: 'status' },
    words.statuses.map((s) => h('option', { value: s.key, text: s.label, selected: s.key === study.status })));
  theme.input.value = study.theme;
  name.input.value = study.own_name;
  helping.input.value = study.helping_myself;
  const error = errorBox('heading-error');
  const form = h('form', { id: 'heading-form', class: 'card', novalidate: true },
    h('h2', { text: t('research.headingTitle') }), notice, theme.row, name.row, helping.row,
    h('div', { class: 'field' }, h('label', { for: 'study-status-select', text: t('research.status') }), statusSelect,
      h('p', { class: 'help', text: t('research.statusSince', { date: formatDate(study.status_at) }) })),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'heading-save', class: 'primary', text: t('research.save') })));
  const changes = ctx.trackChanges(form);
  onSubmit(form, {
    error,
    action: async () => {
      await call('research_save_heading', { id: study.id, heading: { theme: theme.input.value,
        own_name: name.input.value, helping_myself: helping.input.value, status: statusSelect.value } });
      changes.saved();
      again('heading');
    },
  });
  return form;
}

/** The pattern: the drawing and its text, then the editor. Every change in
 * the editor is drawn again by the core (only the figure is replaced, so
 * the focus stays where the person is typing); saving keeps a new version. */
function patternCard(ctx, view, notice, again) {
  const { study, words } = view;
  const limits = ctx.info.limits;
  let steps = study.pattern.steps.map((s) => ({ ...s }));
  const figureHost = h('div', { id: 'pattern-figure' }, patternDiagram(view.diagram));
  const rows = h('ol', { id: 'pattern-steps', class: 'pattern-steps' });
  const error = errorBox('pattern-error');
  let timer = null;
  const redraw = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const diagram = await call('research_preview', { pattern: { steps } });
      figureHost.replaceChildren(patternDiagram(diagram));
    }, 150);
  };

  const moved = (from, to) => {
    // Loops follow the steps they point at.
    const map = (n) => (n === from + 1 ? to + 1 : n === to + 1 ? from + 1 : n);
    [steps[from], steps[to]] = [steps[to], steps[from]];
    steps = steps.map((s) => ({ ...s, back_to: s.back_to ? map(s.back_to) : null }));
  };
  const removed = (i) => {
    steps.splice(i, 1);
    steps = steps.map((s) => ({ ...s,
      back_to: !s.back_to || s.back_to === i + 1 ? null : s.back_to > i + 1 ? s.back_to - 1 : s.back_to }));
  };

  // After a move the focus stays on the moved step's button, or on its
  // text where that button is now disabled (the top or the bottom).
  const drawRows = (focusId, otherwise) => {
    rows.replaceChildren(...steps.map((step, i) => stepRow(step, i)));
    addButton.disabled = steps.length >= limits.research_steps_max;
    redraw();
    const target = [focusId, otherwise].map((id) => id && document.getElementById(id)).find((el) => el && !el.disabled);
    target?.focus();
  };
  const stepRow = (step, i) => {
    const n = i + 1;
    const kind = h('select', { id: `pattern-kind-${n}`, 'aria-label': t('research.stepKind', { n }) },
      words.kinds.map((k) => h('option', { value: k.key, text: k.label, selected: k.key === step.kind })));
    kind.addEventListener('change', () => { step.kind = kind.value; redraw(); });
    const text = h('textarea', { id: `pattern-step-${n}`, rows: 2, maxlength: limits.research_step_chars,
      'aria-label': t('research.stepText', { n }) });
    text.value = step.text;
    text.addEventListener('input', () => { step.text = text.value; redraw(); });
    const back = h('select', { id: `pattern-back-${n}`, 'aria-label': t('research.stepBack', { n }) },
      h('option', { value: '', text: t('research.noLoop') }),
      Array.from({ length: n }, (_, j) => h('option', { value: j + 1, selected: step.back_to === j + 1,
        text: j + 1 === n ? t('research.loopSelf') : t('research.loopTo', { n: j + 1 }) })));
    back.addEventListener('change', () => { step.back_to = back.value ? Number(back.value) : null; redraw(); });
    // Short words on the buttons; the whole name ("Move step 3 up") for
    // screen readers.
    const button = (id, text, label, disabled, act) => h('button', { type: 'button', id, class: 'small', disabled,
      'aria-label': label, text, onclick: act });
    return h('li', { class: 'pattern-step' },
      h('fieldset', {},
        h('legend', { text: t('research.stepLegend', { n }) }),
        h('div', { class: 'step-fields' }, kind, text, back),
        h('div', { class: 'step-actions' },
          button(`pattern-up-${n}`, t('research.up'), t('research.stepUp', { n }), i === 0, () => { moved(i, i - 1); drawRows(`pattern-up-${n - 1}`, `pattern-step-${n - 1}`); }),
          button(`pattern-down-${n}`, t('research.down'), t('research.stepDown', { n }), i === steps.length - 1,
            () => { moved(i, i + 1); drawRows(`pattern-down-${n + 1}`, `pattern-step-${n + 1}`); }),
          button(`pattern-remove-${n}`, t('research.remove'), t('research.stepRemove', { n }), false,
            () => { removed(i); drawRows(steps.length ? `pattern-step-${Math.min(n, steps.length)}` : 'pattern-add'); }))));
  };
  const addButton = h('button', { type: 'button', id: 'pattern-add', text: t('research.stepAdd'), onclick: () => {
    const kind = words.kinds[steps.length % words.kinds.length].key;
    steps.push({ kind, text: '', back_to: null });
    drawRows(`pattern-step-${steps.length}`);
  } });

  const versions = h('details', { id: 'pattern-versions' },
    h('summary', { text: t('research.versions', { n: study.pattern_versions }) }));
  versions.addEventListener('toggle', async () => {
    if (!versions.open || versions.dataset.loaded) return;
    versions.dataset.loaded = 'yes';
    const list = await call('research_versions', { id: study.id });
    versions.append(h('ol', { class: 'versions' }, list.map((v, i) => h('li', { class: 'pattern-version' },
      h('h4', { text: t('research.versionOf', { n: list.length - i, date: formatDateTime(v.saved_at) }) }),
      h('ol', { class: 'pattern-text' }, v.text.map((line) => h('li', { text: line })))))));
  });

  const form = h('form', { id: 'pattern-form', novalidate: true },
    h('h3', { text: t('research.editPattern') }),
    h('p', { class: 'help', id: 'pattern-help', text: t('research.patternHelp') }),
    rows, h('div', { class: 'actions' }, addButton), error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'pattern-save', class: 'primary', text: t('research.savePattern') })));
  const changes = ctx.trackChanges(form);
  form.addEventListener('click', (e) => { if (e.target.matches('#pattern-steps button')) changes.touch(); });
  onSubmit(form, {
    error,
    action: async () => {
      await call('research_save_pattern', { id: study.id, pattern: { steps } });
      changes.saved();
      again('pattern');
    },
  });
  drawRows();
  return h('div', { id: 'pattern-card', class: 'card' },
    h('h2', { text: t('research.pattern') }), notice, figureHost, versions, form);
}

function experimentsCard(ctx, study, words, notice, again) {
  const limits = ctx.info.limits;
  const experimentForm = (e, n) => {
    const id = e.id ? `experiment-${e.id}` : 'experiment-new';
    const what = field({ id: `${id}-what`, label: t('research.experimentWhat'), type: 'textarea',
      attrs: { rows: 2, maxlength: limits.research_note_chars } });
    const when = field({ id: `${id}-when`, label: t('research.experimentWhen'), help: e.id ? null : t('research.experimentWhenHelp'),
      attrs: { maxlength: limits.title_chars, autocomplete: 'off' } });
    const result = field({ id: `${id}-result`, label: t('research.experimentResult'), type: 'textarea',
      attrs: { rows: 2, maxlength: limits.research_note_chars } });
    const verdict = h('select', { id: `${id}-verdict` },
      words.verdicts.map((v) => h('option', { value: v.key, text: v.label, selected: v.key === e.verdict })));
    what.input.value = e.what;
    when.input.value = e.when;
    result.input.value = e.result;
    const error = errorBox(`${id}-error`);
    const form = h('form', { id, class: e.id ? 'experiment' : 'experiment new', novalidate: true },
      h('h3', { text: e.id ? t('research.experimentN', { n }) : t('research.experimentNew') }),
      what.row, when.row, e.id ? result.row : null,
      e.id ? h('div', { class: 'field' }, h('label', { for: `${id}-verdict`, text: t('research.experimentVerdict') }), verdict) : null,
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', id: `${id}-save`, class: e.id ? '' : 'primary',
          text: e.id ? t('research.save') : t('research.experimentAdd') }),
        e.id ? h('button', { type: 'button', id: `${id}-delete`, class: 'link danger-link', text: t('research.delete'),
          onclick: async () => {
            const sure = await ask({ id: 'experiment-delete-ask', text: t('research.experimentDeleteAsk'),
              no: t('research.cancel'), yes: t('research.delete'), noId: 'experiment-delete-no' });
            if (!sure) return;
            await call('research_delete_experiment', { id: study.id, experiment: e.id });
            again('experiments');
          } }) : null));
    const changes = ctx.trackChanges(form);
    onSubmit(form, {
      error,
      action: async () => {
        await call('research_save_experiment', { id: study.id, experiment: { id: e.id, what: what.input.value,
          when: when.input.value, result: result.input.value, verdict: verdict.value } });
        changes.saved();
        again('experiments');
      },
    });
    return form;
  };
  return h('div', { id: 'experiments-card', class: 'card' },
    h('h2', { text: t('research.experiments') }),
    h('p', { class: 'help', text: t('research.experimentsHelp') }), notice,
    study.experiments.map((e, i) => experimentForm(e, i + 1)),
    experimentForm({ id: 0, what: '', when: '', result: '', verdict: 'open' }));
}

function ideasCard(ctx, study, notice, again) {
  const idea = field({ id: 'idea-text', label: t('research.ideaNew'), type: 'textarea', help: t('research.ideaHelp'),
    attrs: { rows: 2, maxlength: ctx.info.limits.research_note_chars } });
  const error = errorBox('idea-error');
  const form = h('form', { id: 'idea-form', novalidate: true }, idea.row, error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'idea-add', text: t('research.ideaAdd') })));
  const changes = ctx.trackChanges(form);
  onSubmit(form, {
    error,
    action: async () => {
      await call('research_add_idea', { id: study.id, text: idea.input.value });
      changes.saved();
      again('ideas');
    },
  });
  return h('div', { id: 'ideas-card', class: 'card' },
    h('h2', { text: t('research.ideas') }), notice,
    study.ideas.length ? h('ul', { id: 'idea-list', class: 'idea-list' }, study.ideas.map((i) => h('li', {},
      h('p', { text: i.text }),
      h('span', { class: 'help', text: formatDate(i.added_at) }), ' ',
      h('button', { type: 'button', class: 'link small', id: `idea-delete-${i.id}`,
        'aria-label': t('research.ideaDelete', { date: formatDate(i.added_at) }), text: t('research.delete'),
        onclick: async () => {
          await call('research_delete_idea', { id: study.id, idea: i.id });
          again('ideas');
        } })))) : h('p', { class: 'muted', text: t('research.noIdeas') }),
    form);
}

function deleteCard(ctx, study) {
  return h('div', { class: 'card danger-zone' },
    h('button', { type: 'button', id: 'study-delete', class: 'danger', text: t('research.deleteStudy'),
      onclick: async () => {
        const sure = await ask({ id: 'study-delete-ask', text: t('research.deleteStudyAsk', { theme: study.theme }),
          no: t('research.cancel'), yes: t('research.deleteStudy'), noId: 'study-delete-no' });
        if (sure) {
          await call('research_delete', { id: study.id });
          ctx.go('research');
        }
      } }));
}
