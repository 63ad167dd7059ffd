// The live meeting screen, made to be glanced at from a chair: where we are,
// what to read aloud, how much time is left, whose turn it is. Every timer
// comes from the core (recorded times); this view only shows them.
import { call } from '../lib/ipc.js';
import { t } from '../lib/i18n.js';
import { clear, errorBox, h, showError } from '../lib/dom.js';
import { onSubmit, StopSubmit } from '../lib/forms.js';
import { mmss } from '../lib/format.js';
import { openCrisisCard } from '../components/crisis-card.js';

export const meta = { name: 'live', inside: true, section: 'meetings' };

const POLL_MS = 1000;

// Nicknames the facilitator did not choose to keep: on this screen only,
// never sent to the core, forgotten at the end of the meeting and on lock.
const shownNames = new Map();

export function forgetShownNames() {
  shownNames.clear();
}

export function render(root, ctx, params) {
  let live = params.live;
  const id = live.id;
  const strip = h('ol', { id: 'phase-strip', class: 'phase-strip', 'aria-label': t('live.checklist') });
  const phaseTitle = h('h1', { id: 'phase-title' });
  const phaseOf = h('p', { id: 'phase-of', class: 'muted' });
  const phaseTimer = h('p', { id: 'phase-timer', class: 'timer', role: 'timer' });
  const script = h('div', { id: 'script', class: 'script', role: 'region', 'aria-label': t('live.readAloud') });
  const items = h('ul', { id: 'items', class: 'items' });
  const round = h('div', { id: 'round', class: 'round' });
  const error = errorBox();
  const notice = params.resumed
    ? h('p', { id: 'resumed', class: 'notice', role: 'status', text: t('live.resumed') }) : null;
  const confirmEnd = h('dialog', { id: 'confirm-end' },
    h('p', { text: t('live.confirmEnd') }),
    h('form', { method: 'dialog', class: 'actions' },
      h('button', { value: 'cancel', id: 'cancel-end', autofocus: true, text: t('live.cancel') }),
      h('button', { value: 'end', id: 'confirm-end-yes', class: 'danger', text: t('live.confirmEndYes') })));
  const help = helpDialog();

  const controls = h('div', { class: 'live-controls' },
    button('prev-phase', 'live.prevPhase', '←', () => send({ type: 'previous_phase' })),
    button('next-phase', 'live.nextPhase', '→', () => send({ type: 'next_phase' })),
    button('open-crisis', 'live.crisis', 'C', () => openCrisisCard(root)),
    button('end-meeting', 'live.end', 'E', () => confirmEnd.showModal()),
    button('open-help', 'live.help', '?', () => help.showModal()));

  // The section takes the focus, so shortcuts work from the start and Space
  // never toggles a control by accident.
  const section = h('section', { class: 'live', tabindex: -1, autofocus: true },
    strip, notice, error,
    h('div', { class: 'live-grid' },
      h('div', { class: 'live-main' }, phaseOf, phaseTitle, phaseTimer, script,
        h('h2', { class: 'visually-hidden', text: t('live.checklist') }), items),
      round),
    controls, confirmEnd, help);
  root.append(section);

  // Each answer to a command is newer than any poll asked before it.
  let commands = 0;
  async function send(command) {
    showError(error, '');
    commands += 1;
    try {
      live = await call('meeting_command', { id, command });
      update();
      if (live.meeting.ended_at) {
        shownNames.delete(id);
        ctx.go('record', { id });
      }
    } catch (e) {
      showError(error, e.message);
    }
  }

  confirmEnd.addEventListener('close', () => {
    if (confirmEnd.returnValue === 'end') send({ type: 'end' });
  });

  function currentItem() {
    const done = live.meeting.done[live.meeting.phase];
    const index = done.indexOf(false);
    return index === -1 ? null : index;
  }

  // The screen is built once per phase and then only updated in place (the
  // core is asked every second), so the keyboard focus stays where it is.
  const currentLabel = h('p', { id: 'current-item', class: 'current-item' });
  const scriptLabel = h('p', { class: 'script-label', text: t('live.readAloud') });
  const scriptText = h('p', { class: 'script-text' });
  const allDone = h('p', { class: 'muted', text: t('live.allDone') });
  script.append(allDone, currentLabel, scriptLabel, scriptText);
  let drawnPhase = null;

  function update() {
    const m = live.meeting;
    const phases = m.template.phases;
    const phase = phases[m.phase];
    if (drawnPhase !== m.phase) drawPhase(phases);
    drawTimer(phaseTimer, live.clock.phase_remaining_secs, live.clock.phase_state);

    const current = currentItem();
    [...items.children].forEach((li, i) => {
      li.className = i === current ? 'current' : '';
      li.querySelector('input').checked = m.done[m.phase][i];
    });
    const item = current === null ? null : phase.items[current];
    allDone.hidden = item !== null;
    currentLabel.hidden = item === null;
    currentLabel.textContent = item?.label ?? '';
    scriptLabel.hidden = scriptText.hidden = !item?.script;
    scriptText.textContent = item?.script ?? '';
    // Text longer than its area scrolls there, and so takes the focus too
    // (arrow keys scroll it).
    if (script.scrollHeight > script.clientHeight + 1) script.setAttribute('tabindex', '0');
    else script.removeAttribute('tabindex');
    drawRound(phase.sharing_round);
  }

  function drawPhase(phases) {
    const m = live.meeting;
    const phase = phases[m.phase];
    // A ticked box that goes with its phase leaves the focus on the screen.
    const hadFocus = items.contains(document.activeElement);
    drawnPhase = m.phase;
    clear(strip);
    phases.forEach((p, i) => strip.append(h('li', {
      class: i === m.phase ? 'current' : (i < m.phase ? 'past' : ''),
      'aria-current': i === m.phase ? 'step' : undefined, text: p.title })));
    phaseOf.textContent = t('live.phase', { n: m.phase + 1, total: phases.length });
    phaseTitle.textContent = phase.title;
    clear(items);
    phase.items.forEach((item, i) => {
      const box = h('input', { type: 'checkbox', id: `item-${i}`,
        onchange: (e) => send({ type: 'set_item', phase: m.phase, item: i, done: e.target.checked }) });
      items.append(h('li', {}, box, h('label', { for: `item-${i}`, text: item.label })));
    });
    if (hadFocus) section.focus();
  }

  // The round panel: the form that starts it, then the running round, each
  // built once; what changes is text and which buttons show.
  let running = null;
  function drawRound(isSharing) {
    const r = live.meeting.round;
    round.hidden = !isSharing && !r;
    if (round.hidden) return;
    if (!r) {
      if (!round.querySelector('.round-start')) round.append(roundForm());
      return;
    }
    if (!running) {
      const lost = round.contains(document.activeElement) || document.activeElement === document.body;
      clear(round);
      running = runningRound();
      round.append(running.panel);
      running.draw(r);
      // Started from the form: the focus goes on to the round's first button.
      if (lost) (running.nextSpeaker.hidden ? running.arrival : running.nextSpeaker).focus();
      return;
    }
    running.draw(r);
  }

  function roundForm() {
    const present = h('input', { id: 'present', type: 'number', min: 1, max: ctx.info.limits.people_max, inputmode: 'numeric', value: '' });
    const minutes = (id, value) => h('input', { id, type: 'number', min: 0.25, max: ctx.info.limits.turn_secs_max / 60, step: 0.25, value });
    const shortest = minutes('turn-min', 1);
    const longest = minutes('turn-max', 5);
    const names = h('textarea', { id: 'nicknames', rows: 3, 'aria-describedby': 'nicknames-help' });
    const keep = h('input', { type: 'checkbox', id: 'keep-nicknames' });
    const form = h('form', { class: 'round-start', novalidate: true },
      h('h2', { text: t('live.sharing') }),
      h('div', { class: 'field' }, h('label', { for: 'present', text: t('live.present') }), present),
      h('div', { class: 'two' },
        h('div', { class: 'field' }, h('label', { for: 'turn-min', text: t('live.turnMin') }), shortest),
        h('div', { class: 'field' }, h('label', { for: 'turn-max', text: t('live.turnMax') }), longest)),
      h('details', { class: 'nicknames' },
        h('summary', { id: 'nicknames-toggle', text: t('live.nicknames') }),
        h('div', { class: 'field' }, h('label', { for: 'nicknames', class: 'visually-hidden', text: t('live.nicknames') }),
          names, h('p', { id: 'nicknames-help', class: 'help', text: t('live.nicknamesHelp') })),
        h('div', { class: 'check' }, keep, h('label', { for: 'keep-nicknames', text: t('live.keepNicknames') })),
        h('p', { class: 'help', text: t('live.keepNicknamesHelp') })),
      h('button', { type: 'submit', id: 'start-round', class: 'primary', text: t('live.startRound') }));
    // The core checks the nicknames (one per seat, trimmed) and the turn
    // lengths; names not kept are checked but stay on this screen only.
    onSubmit(form, { error, action: async () => {
      const n = Number.parseInt(present.value, 10);
      const secs = (input) => Math.round((Number.parseFloat(input.value) || 0) * 60);
      const count = Number.isFinite(n) ? n : 0;
      let list;
      try {
        list = await call('meeting_check_nicknames', { present: count, nicknames: names.value.split('\n') });
      } catch (e) {
        throw new StopSubmit(e.message, names);
      }
      if (!keep.checked && list.some(Boolean)) shownNames.set(id, list);
      await send({ type: 'start_round', present: count,
        policy: { floor_secs: secs(shortest), ceiling_secs: secs(longest) }, nicknames: keep.checked ? list : [] });
      // Refused (say no count): back to the count, after busy() lets go.
      if (!live.meeting.round) setTimeout(() => present.focus());
    } });
    return form;
  }

  function runningRound() {
    const nameOf = (seat) => live.meeting.round.nicknames[seat - 1] || shownNames.get(id)?.[seat - 1] || null;
    const seatText = (seat) => t('live.seat', { n: seat });
    const speaker = (seat) => (nameOf(seat) ? t('live.named', { name: nameOf(seat), seat: seatText(seat) }) : seatText(seat));
    const now = h('p', { class: 'muted', text: t('live.now') });
    const name = h('span', { class: 'speaker-name' });
    const seat = h('span', { class: 'speaker-seat' });
    const current = h('p', { id: 'current-speaker', class: 'speaker' }, name, seat);
    const turnTimer = h('p', { id: 'turn-timer', class: 'timer', role: 'timer' });
    const next = h('p', { id: 'next-speaker', class: 'next' });
    const done = h('p', { id: 'round-done', class: 'round-done', text: t('live.roundDone') });
    const count = h('p', { id: 'turn-count', class: 'muted' });
    const nextSpeaker = button('next-speaker', 'live.nextSpeaker', 'N', () => send({ type: 'next_speaker' }));
    const turnButtons = [nextSpeaker,
      button('pass', 'live.pass', 'P', () => send({ type: 'pass' })),
      button('skip', 'live.skip', 'S', () => send({ type: 'skip' }))];
    const arrival = button('late-arrival', 'live.arrival', 'A', () => send({ type: 'late_arrival' }));
    const panel = h('div', { class: 'round-running' }, h('h2', { text: t('live.sharing') }),
      now, current, turnTimer, next, done, h('div', { class: 'actions' }, turnButtons, arrival), count);

    function draw(r) {
      const last = r.turns[r.turns.length - 1];
      const turn = last && last.ended_at === null ? last : null;
      // No turn but seats waiting: the phase changed mid-round; N goes on.
      const waiting = !turn && live.next_speaker !== null;
      const focused = document.activeElement;
      [now, current, turnTimer, ...turnButtons].forEach((el) => { el.hidden = !turn; });
      next.hidden = nextSpeaker.hidden = !turn && !waiting;
      done.hidden = Boolean(turn) || waiting;
      if (turn) {
        name.textContent = nameOf(turn.seat) ?? seatText(turn.seat);
        seat.textContent = nameOf(turn.seat) ? seatText(turn.seat) : '';
        seat.hidden = !nameOf(turn.seat);
        drawTimer(turnTimer, live.clock.turn_remaining_secs, live.clock.turn_state);
      }
      next.textContent = live.next_speaker === null
        ? t('live.nobodyNext') : t('live.nextIs', { who: speaker(live.next_speaker) });
      if (turnButtons.includes(focused) && focused.hidden) {
        arrival.focus(); // the button that can still act
      }
      count.textContent = t('live.turns', live.facts.round);
    }
    return { panel, draw, nextSpeaker, arrival };
  }

  function onKey(event) {
    if (!document.body.contains(root) || root.querySelector('.live') === null) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (document.querySelector('dialog[open]')) return;
    // Typing goes to the field; Space on a checkbox ticks that checkbox.
    const typing = event.target.matches('input:not([type=checkbox]), textarea, select');
    if (typing && event.key !== 'Escape') return;
    // Space on a button presses that button.
    if (event.key === ' ' && event.target.closest('input[type=checkbox], summary, button, .round-start')) return;
    const m = live.meeting;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const actions = {
      ' ': () => { const i = currentItem(); if (i !== null) send({ type: 'set_item', phase: m.phase, item: i, done: true }); },
      ArrowRight: () => send({ type: 'next_phase' }),
      ArrowLeft: () => send({ type: 'previous_phase' }),
      n: () => send({ type: 'next_speaker' }),
      p: () => send({ type: 'pass' }),
      s: () => send({ type: 'skip' }),
      a: () => send({ type: 'late_arrival' }),
      c: () => openCrisisCard(root),
      e: () => confirmEnd.showModal(),
      '?': () => help.showModal(),
    };
    if (actions[key]) {
      event.preventDefault();
      actions[key]();
    }
  }
  document.addEventListener('keydown', onKey);

  const timer = setInterval(async () => {
    if (!document.body.contains(phaseTimer)) {
      clearInterval(timer);
      document.removeEventListener('keydown', onKey);
      return;
    }
    const before = commands;
    try {
      const state = await call('meeting_state', { id });
      if (before !== commands || !document.body.contains(phaseTimer)) return;
      live = state;
      update();
      // How many times the screen was drawn again: tests wait on it rather
      // than on the clock.
      section.dataset.refreshes = String(Number(section.dataset.refreshes ?? 0) + 1);
    } catch { /* locked or gone: the next view takes over */ }
  }, POLL_MS);

  update();
}

function button(id, key, shortcut, onclick) {
  return h('button', { type: 'button', id, onclick, 'aria-keyshortcuts': shortcut === '?' ? '?' : shortcut },
    t(key), h('kbd', { text: shortcut }));
}

/** A timer's text and colour; the core says whether it is near its end. */
function drawTimer(el, remaining, state) {
  el.dataset.state = state;
  if (state === 'none') {
    el.textContent = t('live.noLimit');
    return;
  }
  el.textContent = t(remaining < 0 ? 'live.timeOver' : 'live.timeLeft', { time: mmss(remaining) });
}

function helpDialog() {
  const rows = [['Space', 'live.keySpace'], ['← →', 'live.keyArrows'], ['N', 'live.keyN'], ['P', 'live.keyP'],
    ['S', 'live.keyS'], ['A', 'live.keyA'], ['C', 'live.keyC'], ['E', 'live.keyE'], ['?', 'live.keyHelp'],
    ['Ctrl+L', 'live.keyLock']];
  return h('dialog', { id: 'help' },
    h('h2', { text: t('live.keysTitle') }),
    h('dl', { class: 'keys' }, rows.flatMap(([k, label]) => [h('dt', {}, h('kbd', { text: k })), h('dd', { text: t(label) })])),
    h('form', { method: 'dialog' }, h('button', { id: 'close-help', autofocus: true, text: t('live.close') })));
}
