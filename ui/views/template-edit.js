// Editing a copy of a template: its name, each phase's title and time, and
// each phase's items (label, words to read aloud, minutes), which can be
// added, removed and moved (buttons, or Alt+↑/↓ inside an item).
import { call } from '../lib/ipc.js';
import { t } from '../lib/i18n.js';
import { clear, errorBox, h } from '../lib/dom.js';
import { onSubmit, StopSubmit } from '../lib/forms.js';

export const meta = { name: 'templateEdit', inside: true, section: 'meetings' };

export async function render(root, ctx, params) {
  const tpl = await call('template_get', { key: params.key });
  const { limits } = ctx.info;
  // An optional whole number of minutes; blank means none.
  const minutesInput = (id, value, set) => {
    const input = h('input', { id, type: 'number', min: 1, max: limits.phase_minutes_max, class: 'minutes',
      value: value ?? '' });
    input.addEventListener('input', () => {
      const n = Number.parseInt(input.value, 10);
      set(Number.isFinite(n) ? n : null);
    });
    return input;
  };
  const error = errorBox();
  const page = h('section', { class: 'page template-editor' });
  root.append(page);
  const phasesBox = h('div', { id: 'phases' });
  const name = h('input', { id: 'tpl-name', maxlength: limits.name_chars, autocomplete: 'off', value: tpl.name, 'data-required': true,
    oninput: () => { tpl.name = name.value; } });
  const save = h('button', { type: 'submit', id: 'save-template', class: 'primary', text: t('templates.save') });
  const form = h('form', { novalidate: true },
    h('h1', { text: t('templates.editTitle') }),
    params.copied ? h('p', { id: 'template-copied', class: 'status', role: 'status', text: t('templates.copied') }) : null,
    h('div', { class: 'field card' }, h('label', { for: 'tpl-name', text: t('templates.name') }), name),
    phasesBox,
    h('button', { type: 'button', id: 'add-phase', text: t('templates.addPhase'), onclick: () => {
      tpl.phases.push({ title: '', planned_minutes: 10, sharing_round: false, items: [] });
      draw(`phase-${tpl.phases.length - 1}-title`);
    } }),
    h('div', { class: 'actions sticky-actions' }, error, save,
      h('button', { type: 'button', id: 'cancel-template', text: t('groups.cancel'), onclick: () => ctx.go('templates') })));
  page.append(form);

  const changes = ctx.trackChanges(form);
  onSubmit(form, {
    error,
    action: async () => {
      const blank = [...form.querySelectorAll('[data-required]')].find((input) => !input.value.trim());
      if (blank) throw new StopSubmit(t('templates.blank'), blank);
      const saved = await call('template_save', { template: tpl });
      changes.saved();
      ctx.go('templates', { notice: t('templates.saved', { name: saved.name }) });
    },
  });

  // Moves item i of phase p by `by` places and keeps the focus on it.
  const move = (p, i, by, focusPart) => {
    const items = tpl.phases[p].items;
    const j = i + by;
    if (j < 0 || j >= items.length) return;
    [items[i], items[j]] = [items[j], items[i]];
    draw(`item-${p}-${j}-${focusPart}`);
    ctx.announce(t('templates.moved', { n: j + 1, total: items.length }));
  };

  function draw(focusId) {
    if (focusId) changes.touch(); // an item or phase was added, moved or removed
    clear(phasesBox);
    tpl.phases.forEach((phase, p) => phasesBox.append(phaseCard(phase, p)));
    if (!focusId) return;
    // A move to the top or bottom disables the button it came from.
    const target = document.getElementById(focusId);
    const usable = target && !target.disabled ? target : document.getElementById(focusId.replace(/(up|down)$/, 'label'));
    usable?.focus();
  }

  function phaseCard(phase, p) {
    const title = h('input', { id: `phase-${p}-title`, maxlength: limits.name_chars, value: phase.title, 'data-required': true,
      oninput: () => { phase.title = title.value; } });
    const minutes = minutesInput(`phase-${p}-minutes`, phase.planned_minutes, (v) => { phase.planned_minutes = v; });
    return h('fieldset', { class: 'card phase-card', id: `phase-${p}` },
      h('legend', { text: t('templates.phase', { n: p + 1 }) }),
      h('div', { class: 'phase-head' },
        h('div', { class: 'field grow' }, h('label', { for: title.id, text: t('templates.phaseTitle') }), title),
        h('div', { class: 'field' }, h('label', { for: minutes.id, text: t('templates.minutes') }), minutes)),
      phase.sharing_round ? h('p', { class: 'help', text: t('templates.sharingRound') }) : null,
      h('ol', { class: 'item-list' }, phase.items.map((item, i) => itemRow(phase, p, item, i))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', id: `phase-${p}-add`, text: t('templates.addItem'), onclick: () => {
          phase.items.push({ label: '', script: null, minutes: null });
          draw(`item-${p}-${phase.items.length - 1}-label`);
        } }),
        tpl.phases.length > 1 ? h('button', { type: 'button', id: `phase-${p}-remove`, class: 'danger',
          text: t('templates.removePhase'), onclick: () => { tpl.phases.splice(p, 1); draw('add-phase'); } }) : null));
  }

  function itemRow(phase, p, item, i) {
    const id = `item-${p}-${i}`;
    const label = h('input', { id: `${id}-label`, maxlength: limits.name_chars, value: item.label, 'data-required': true,
      oninput: () => { item.label = label.value; } });
    const script = h('textarea', { id: `${id}-script`, rows: 2, maxlength: limits.script_chars,
      oninput: () => { item.script = script.value.trim() ? script.value : null; } });
    script.value = item.script ?? '';
    const minutes = minutesInput(`${id}-minutes`, item.minutes, (v) => { item.minutes = v; });
    const last = phase.items.length - 1;
    const tool = (part, text, aria, onclick, disabled) =>
      h('button', { type: 'button', id: `${id}-${part}`, class: 'tool', text, 'aria-label': aria, onclick, disabled });
    const row = h('li', { class: 'item-row', id },
      h('div', { class: 'item-fields' },
        h('div', { class: 'field grow' }, h('label', { for: label.id, text: t('templates.itemLabel') }), label),
        h('div', { class: 'field' }, h('label', { for: minutes.id, text: t('templates.minutesOptional') }), minutes),
        h('div', { class: 'item-tools' },
          tool('up', '↑', t('templates.moveUp'), () => move(p, i, -1, 'up'), i === 0),
          tool('down', '↓', t('templates.moveDown'), () => move(p, i, 1, 'down'), i === last),
          tool('remove', '×', t('templates.removeItem'), () => {
            phase.items.splice(i, 1);
            draw(phase.items.length ? `item-${p}-${Math.min(i, phase.items.length - 1)}-label` : `phase-${p}-add`);
          }))),
      h('div', { class: 'field' }, h('label', { for: script.id, text: t('templates.script') }), script));
    row.addEventListener('keydown', (event) => {
      if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
      event.preventDefault();
      const part = event.target.id.slice(id.length + 1) || 'label';
      move(p, i, event.key === 'ArrowUp' ? -1 : 1, part);
    });
    return row;
  }

  draw();
}
