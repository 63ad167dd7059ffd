// The journal's own page: a gentle notice when the core sees strain, the
// day's check-in (made for the keyboard: type the mood, Tab, the energy,
// Tab, the stress, Enter), and the ways to the rest of the journal. The
// check-in has a day: a date field, the previous and next day (Alt+← and
// Alt+→), never a day to come; `params.day` opens one (a search result).
import { call, userMessage } from '../lib/ipc.js';
import { dateEcho, formatDate, language, t } from '../lib/i18n.js';
import { append, errorBox, focusResult, h, showError } from '../lib/dom.js';
import { onSubmit, StopSubmit } from '../lib/forms.js';

export const meta = { name: 'journal', inside: true, section: 'journal' };

export async function render(root, ctx, params = {}) {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(params.day ?? '') ? params.day : null;
  // The core names the day's neighbours and refuses a day to come.
  const [notice, page, activities] = await Promise.all([
    call('strain_notice_get'), call('checkin_day', { day }), call('selfcare_activities_get'),
  ]);
  const section = h('section', { class: 'page journal' });
  root.append(section);
  append(section,
    h('h1', { text: t('journal.title') }),
    params.notice ? h('p', { id: 'journal-saved', class: 'status saved-note', role: 'status', tabindex: -1, autofocus: true,
      text: params.notice }) : null,
    notice ? strainCard(notice, ctx) : null,
    checkinForm(ctx, page, activities, params.focus),
    linksCard(ctx));
}

function strainCard(notice, ctx) {
  // The core's message names the reasons in words; their kinds are kept
  // on the card for tests (data-reasons="high_stress boundary_events").
  return h('div', { id: 'strain-notice', class: 'card strain', role: 'note',
    'data-reasons': notice.reasons.map((r) => r.kind).join(' ') },
    h('h2', { text: t('journal.strainTitle') }),
    h('p', { id: 'strain-message', text: notice.message }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'strain-plan', class: 'link', text: t('journal.openPlan'),
        onclick: () => ctx.go('plan') }),
      h('button', { type: 'button', id: 'strain-agenda', class: 'link', text: t('journal.openAgenda'),
        onclick: () => ctx.go('agenda') })),
    h('p', { class: 'help', text: t('journal.strainHelp') }));
}

function scale(id, label, help, value) {
  const input = h('input', { id, name: id, type: 'number', min: 0, max: 10, step: 1, inputmode: 'numeric',
    class: 'scale', required: true, 'aria-describedby': `${id}-help` });
  if (value !== undefined && value !== null) input.value = String(value);
  return {
    input,
    row: h('div', { class: 'field scale-field' },
      h('label', { for: id, text: label }), input, h('p', { id: `${id}-help`, class: 'help', text: help })),
  };
}

/** The check-in's day: a date field and the previous and next day. A day
 * chosen opens that day's check-in (its own page, so unsaved changes are
 * asked about); a day to come stays refused with the core's message. */
function dayBar(ctx, page, focus) {
  const goTo = (day, focusId) => ctx.go('journal', { day, focus: focusId });
  const input = h('input', { id: 'ci-day', type: 'date', max: page.today, lang: language(),
    'aria-describedby': 'ci-day-help ci-day-shown', value: page.day, autofocus: focus === 'ci-day' });
  const error = errorBox('ci-day-error');
  // Choosing a day is moving, not an edit of the check-in: the form's
  // unsaved-changes watch does not hear it.
  input.addEventListener('input', (event) => event.stopPropagation());
  input.addEventListener('change', async (event) => {
    event.stopPropagation();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.value) || input.value === page.day) return;
    try {
      await call('checkin_day', { day: input.value });
      goTo(input.value, 'ci-day');
    } catch (e) {
      showError(error, userMessage(e));
      input.value = page.day;
      input.focus();
    }
  });
  const prev = h('button', { type: 'button', id: 'ci-prev', text: t('journal.previousDay'),
    autofocus: focus === 'ci-prev', onclick: () => goTo(page.previous, 'ci-prev') });
  const next = h('button', { type: 'button', id: 'ci-next', text: t('journal.nextDay'),
    disabled: !page.next, autofocus: focus === 'ci-next', onclick: () => goTo(page.next, 'ci-next') });
  const toToday = page.is_today ? null : h('button', { type: 'button', id: 'ci-today', class: 'link',
    text: t('journal.backToToday'), onclick: () => goTo(null, 'ci-day') });
  const bar = h('div', { class: 'day-bar' },
    prev,
    h('div', { class: 'field' }, h('label', { for: 'ci-day', text: t('journal.day') }), input),
    next, toToday);
  const shown = dateEcho(input);
  const help = h('p', { id: 'ci-day-help', class: 'help', text: t('journal.dayKeys') });
  // Alt+← and Alt+→ anywhere on the form: the day before, the day after.
  const keys = (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const to = event.key === 'ArrowLeft' ? page.previous : event.key === 'ArrowRight' ? page.next : undefined;
    if (to === undefined) return;
    event.preventDefault();
    if (to) goTo(to, event.target.id === 'ci-day' ? 'ci-day' : 'ci-mood');
    else showError(error, t('journal.noDayToCome'));
  };
  return { parts: [bar, shown, help, error], keys };
}

function checkinForm(ctx, page, activities, focus) {
  const { day, checkin: existing, is_today: isToday } = page;
  const days = dayBar(ctx, page, focus);
  const mood = scale('ci-mood', t('journal.mood'), t('journal.moodHelp'), existing?.mood);
  const energy = scale('ci-energy', t('journal.energy'), t('journal.energyHelp'), existing?.energy);
  const stress = scale('ci-stress', t('journal.stress'), t('journal.stressHelp'), existing?.stress);
  mood.input.autofocus = !focus || focus === 'ci-mood';
  const sleep = h('input', { id: 'ci-sleep', type: 'number', min: 0, max: 24, step: 0.5, inputmode: 'decimal',
    class: 'scale', 'aria-describedby': 'ci-sleep-help' });
  if (existing?.sleep_hours !== null && existing?.sleep_hours !== undefined) sleep.value = String(existing.sleep_hours);
  const done = new Set(existing?.selfcare ?? []);
  const boxes = activities.map((a, i) => h('input', { type: 'checkbox', id: `ci-care-${i}`, 'data-key': a.key,
    checked: done.has(a.key) }));
  const note = h('textarea', { id: 'ci-note', rows: 2, maxlength: ctx.info.limits.checkin_note_chars });
  note.value = existing?.note ?? '';
  const error = errorBox('checkin-error');
  const status = h('p', { id: 'checkin-status', class: 'status', role: 'status',
    text: existing && isToday ? t('journal.alreadyToday') : '' });
  const save = h('button', { type: 'submit', id: 'checkin-save', class: 'primary', text: t('journal.saveCheckin') });
  const form = h('form', { id: 'checkin', class: 'card checkin', novalidate: true, 'aria-labelledby': 'checkin-title' },
    h('h2', { id: 'checkin-title',
      text: t(isToday ? 'journal.checkinTitle' : 'journal.checkinTitleDay', { date: formatDate(day) }) }),
    ...days.parts,
    h('p', { class: 'help', text: t('journal.checkinKeys') }),
    h('div', { class: 'scales' }, mood.row, energy.row, stress.row,
      h('div', { class: 'field scale-field' }, h('label', { for: 'ci-sleep', text: t('journal.sleep') }), sleep,
        h('p', { id: 'ci-sleep-help', class: 'help', text: t('journal.sleepHelp') }))),
    h('fieldset', { class: 'selfcare' }, h('legend', { text: t('journal.selfcare') }),
      activities.map((a, i) => h('div', { class: 'check' }, boxes[i], h('label', { for: `ci-care-${i}`, text: a.label })))),
    h('div', { class: 'field' }, h('label', { for: 'ci-note', text: t('journal.note') }), note),
    error, status, h('div', { class: 'actions' }, save));
  form.addEventListener('keydown', days.keys);
  // Enter saves from a self-care box too, as it does from the numbers.
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target.type === 'checkbox') {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  const changes = ctx.trackChanges(form);
  // The core alone accepts or refuses the numbers; its refusal names the field.
  const fieldFor = {
    mood_out_of_range: mood.input, energy_out_of_range: energy.input,
    stress_out_of_range: stress.input, sleep_out_of_range: sleep,
  };
  onSubmit(form, {
    error,
    action: async () => {
      status.textContent = '';
      try {
        await call('checkin_save', { checkin: {
          day, mood: mood.input.value, energy: energy.input.value, stress: stress.input.value,
          sleep_hours: sleep.value, selfcare: boxes.filter((b) => b.checked).map((b) => b.dataset.key),
          note: note.value,
        } });
      } catch (e) {
        if (fieldFor[e.code]) throw new StopSubmit(e.message, fieldFor[e.code]);
        throw e;
      }
      changes.saved();
      status.textContent = t('journal.checkinSaved');
      focusResult(status);
    },
  });
  return form;
}

function linksCard(ctx) {
  const link = (id, view, key) => h('li', {}, h('button', { type: 'button', id, class: 'link', text: t(key),
    onclick: () => ctx.go(view) }));
  return h('nav', { class: 'card journal-links', 'aria-label': t('journal.more') },
    h('h2', { text: t('journal.more') }),
    h('ul', { class: 'link-list' },
      link('go-boundary', 'boundary', 'journal.linkBoundary'),
      link('go-plan', 'plan', 'journal.linkPlan'),
      link('go-trends', 'trends', 'journal.linkTrends'),
      link('go-agenda', 'agenda', 'journal.linkAgenda'),
      link('go-research', 'research', 'journal.linkResearch'),
      link('go-reflections', 'reflections', 'journal.linkReflections')));
}
