// Start-up, routing between views, and the shortcuts that work everywhere.
import { call, onBackupProgress, onLocked, onQuitting, userMessage } from './lib/ipc.js';
import { preloadLanguage, setLanguage, t } from './lib/i18n.js';
import { ask, clear, focusFirst, h, showError } from './lib/dom.js';
import { closeSearch, openSearch, typingIn } from './components/search-dialog.js';
import { progressBar } from './components/progress.js';

// Start-up marks (ms from the page's navigation start): app.js runs once
// every module it imports has loaded.
const marks = { script: performance.now() };

// Each screen's module, loaded on its first visit: the first screen waits
// for its own module, not for all of them. Each view says what it is in its
// `meta`: its name (the key here), whether it is `inside` (shows vault
// content, so has the top bar and Lock now), and the top-bar `section` it
// belongs under, whose own screen has that name.
const viewModules = {
  firstRun: './views/firstrun.js', unlock: './views/unlock.js', recover: './views/recover.js',
  foreign: './views/foreign.js', reflections: './views/reflections.js', editor: './views/editor.js',
  settings: './views/settings.js', meetings: './views/meetings.js', live: './views/live.js',
  record: './views/record.js', session: './views/session.js', crisisEdit: './views/crisis.js',
  groups: './views/groups.js', group: './views/group.js', groupEdit: './views/group-edit.js',
  templates: './views/templates.js', templateEdit: './views/template-edit.js', journal: './views/journal.js',
  boundary: './views/boundary.js', plan: './views/plan.js', trends: './views/trends.js',
  agenda: './views/agenda.js', backup: './views/backup.js', restore: './views/restore.js',
  export: './views/export.js', research: './views/research.js', study: './views/study.js',
  studySheet: './views/study-sheet.js',
};
const views = {};
async function loadView(name) {
  views[name] ??= await import(viewModules[name]);
  return views[name];
}
const isInside = (name) => views[name]?.meta.inside === true;

const root = document.getElementById('view');
const topbar = document.getElementById('topbar');
// Failures that belong to no form or screen, e.g. a lock that did not happen.
const appError = document.getElementById('app-error');
let current = { name: null, params: {} };
// Counts navigations, so a navigation that waited (for a question) gives way
// to any that started meanwhile, e.g. a lock.
let navigation = 0;
// Forms of the current view that watch for unsaved changes.
let trackers = [];

// Follows the system's light or dark while the choice is "system".
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
systemDark.addEventListener('change', () => ctx.setAppearance(ctx.info?.appearance));

// The section of the last screen with vault content: after an unlock the
// person lands where they were (kept in memory only, never on disk).
let lastSection = null;

const ctx = {
  info: null,
  go,
  /** Where to go once the vault is open: where the person was before the
   * lock; else the journal for someone who keeps only its daily side;
   * else the reflections. */
  async landing() {
    if (lastSection) return lastSection;
    return (await call('journal_daily_only').catch(() => false)) ? 'journal' : 'reflections';
  },
  /** Switches the interface language and draws the current view again. */
  async changeLanguage(lang) {
    try {
      await call('app_set_language', { language: lang });
      await setLanguage(lang);
      ctx.info.language = lang;
      if (readOnly) await ctx.refreshReadOnly();
      go(current.name, current.params);
    } catch (e) {
      showError(appError, userMessage(e));
    }
  },
  /** Light, dark, or as the system says: tokens.css reads the attribute,
   * which always names the colours in use. */
  setAppearance(appearance) {
    ctx.info.appearance = appearance ?? 'system';
    const dark = ctx.info.appearance === 'system' ? systemDark.matches : ctx.info.appearance === 'dark';
    document.documentElement.dataset.appearance = dark ? 'dark' : 'light';
  },
  /** Something the person should know that belongs to no form (it goes
   * with the next screen change). */
  notice(text) {
    showError(appError, text);
    appError.classList.add('notice-line');
  },
  /** Asks the core why the open vault takes no writes (a full or
   * read-only disk, a damaged database) and shows it above every screen
   * until the vault is locked. */
  async refreshReadOnly() {
    readOnly = await call('vault_read_only').catch(() => readOnly);
    drawReadOnly();
  },
  announce(text) {
    document.getElementById('live').textContent = text;
  },
  /**
   * Watches a view's form: leaving it with changes asks first. Returns
   * { touch() } for changes made by buttons and { saved() } after a save.
   */
  trackChanges(form) {
    const tracker = { form, dirty: false };
    const mark = () => { tracker.dirty = true; };
    form.addEventListener('input', mark);
    form.addEventListener('change', mark);
    trackers.push(tracker);
    return { touch: mark, saved: () => { tracker.dirty = false; } };
  },
};

async function go(name, params = {}) {
  const mine = ++navigation;
  if (name === 'unlock') {
    // Locking never waits for a question, and closes any that is open.
    document.getElementById('confirm-leave')?.close('stay');
    closeSearch();
    // Nicknames shown only on the meeting screen do not outlive a lock.
    // (None were shown if the meeting screen never loaded.)
    views.live?.forgetShownNames();
  } else if (trackers.some((x) => x.dirty && x.form.isConnected)) {
    if (!(await confirmLeave()) || mine !== navigation) return;
  }
  if (name === 'unlock') readOnly = null;
  let view;
  let failed = null;
  try {
    view = await loadView(name);
  } catch (e) {
    failed = e;
  }
  if (mine !== navigation) return;
  trackers = [];
  current = { name, params };
  if (isInside(name)) lastSection = view.meta.section ?? name;
  clear(root);
  showError(appError, '');
  appError.classList.remove('notice-line');
  drawChrome();
  // Each view draws into its own host: a slow view that finishes after the
  // user has moved on draws into a detached host, never into the new view.
  const host = h('div', { class: 'view-host' });
  root.append(host);
  try {
    if (failed) throw failed;
    await view.render(host, ctx, params);
  } catch (e) {
    if (mine === navigation) showFailure(host, name, params, e);
  } finally {
    if (mine === navigation) focusFirst(host);
  }
}

/** A screen that could not be drawn (say its data did not load) says why and
 * offers a way on: its section's own screen, or for that screen (and for the
 * screens before unlocking) another try. Never a blank window. */
function showFailure(host, name, params, error) {
  clear(host);
  const section = views[name]?.meta.section;
  const way = section && section !== name
    ? h('button', { type: 'button', id: 'failure-back', class: 'primary',
      text: t('app.backTo', { section: t(`nav.${section}`) }), onclick: () => go(section) })
    : h('button', { type: 'button', id: 'failure-retry', class: 'primary',
      text: t('app.retry'), onclick: () => go(name, params) });
  host.append(failurePanel(error, way));
}

function failurePanel(error, button) {
  return h('section', { class: 'page' },
    h('div', { id: 'failure', class: 'card', role: 'alert' },
      h('h1', { text: t('app.failed') }), h('p', { text: userMessage(error) }), button));
}

/** Why the open vault takes no writes, as the core said it, or null. */
let readOnly = null;

function drawReadOnly() {
  const banner = document.getElementById('read-only');
  banner.hidden = !readOnly || !isInside(current.name);
  document.getElementById('read-only-text').textContent = readOnly?.notice ?? '';
  const anyway = document.getElementById('write-anyway');
  anyway.hidden = readOnly?.because !== 'damaged';
  anyway.textContent = t('readOnly.writeAnyway');
}

/** "Save anyway" on a damaged vault: only after a question that says what
 * it risks, and only until the vault is locked. */
async function writeAnyway() {
  const yes = await ask({ id: 'confirm-write-anyway', text: t('readOnly.writeAnywayAsk'), no: t('readOnly.keepReadOnly'),
    noId: 'keep-read-only', yes: t('readOnly.writeAnywayYes') });
  if (!yes) return;
  try {
    await call('vault_write_despite_damage');
  } catch (e) {
    showError(appError, userMessage(e));
    return;
  }
  await ctx.refreshReadOnly();
  document.getElementById('view').focus();
}

function drawChrome() {
  const shown = isInside(current.name);
  drawReadOnly();
  const section = views[current.name]?.meta.section;
  topbar.hidden = !shown;
  for (const button of topbar.querySelectorAll('[data-view]')) {
    button.textContent = t(`nav.${button.dataset.view}`);
    if (button.dataset.view === section) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  const lockButton = document.getElementById('lock-now');
  lockButton.textContent = t('nav.lockWithKey', { key: t('nav.lockShortcut') });
  const searchButton = document.getElementById('nav-search');
  clear(searchButton);
  searchButton.append(t('nav.search'), h('kbd', { text: t('nav.searchShortcut') }));
  document.title = t('app.name');
}

function confirmLeave() {
  return ask({ id: 'confirm-leave', text: t('app.unsaved'), no: t('app.stay'), noId: 'stay', yes: t('app.leave') });
}

async function lockNow() {
  if (!isInside(current.name)) return;
  try {
    await call('vault_lock');
  } catch (e) {
    // Still open: say so rather than show the unlock screen.
    showError(appError, userMessage(e));
    return;
  }
  go('unlock');
}

function wireChrome() {
  for (const button of topbar.querySelectorAll('[data-view]')) {
    button.addEventListener('click', () => go(button.dataset.view));
  }
  document.getElementById('lock-now').addEventListener('click', lockNow);
  document.getElementById('write-anyway').addEventListener('click', writeAnyway);
  document.getElementById('nav-search').addEventListener('click', () => {
    if (isInside(current.name)) openSearch(ctx);
  });
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'l') {
      event.preventDefault();
      lockNow();
    }
    // Search: Ctrl+K anywhere inside, "/" where it would not be typed; not
    // over another dialog (a question, the crisis card).
    const ctrlK = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k';
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !typingIn(event.target);
    if ((ctrlK || slash) && isInside(current.name)
        && !document.querySelector('dialog[open]:not(#search)')) {
      event.preventDefault();
      openSearch(ctx);
    }
  });
  // Typing and clicking count as activity for the idle lock; tell the core
  // at most every 20 seconds.
  let lastTouch = 0;
  const touch = () => {
    const now = Date.now();
    if (isInside(current.name) && now - lastTouch > 20_000) {
      lastTouch = now;
      call('activity_report').catch(() => {});
    }
  };
  document.addEventListener('keydown', touch, { passive: true });
  document.addEventListener('pointerdown', touch, { passive: true });
  onLocked(() => go('unlock', { notice: t('locked.idle') }));
  onQuitting(showQuitting);
}

/** The window was closed with the vault open: the automatic backup on quit
 * (if one is set) runs before the app ends; say so, with its progress. */
async function showQuitting() {
  document.querySelectorAll('dialog[open]').forEach((d) => d.close());
  const bar = progressBar({ id: 'quit-progress', label: t('backup.quitting') });
  const dialog = h('dialog', { id: 'quitting', class: 'quitting' }, h('p', { text: t('backup.quittingIntro') }), bar.row);
  // Nothing to cancel: Esc does not close it.
  dialog.addEventListener('cancel', (event) => event.preventDefault());
  document.body.append(dialog);
  dialog.showModal();
  bar.start();
  await onBackupProgress((p) => bar.update(p));
}

// The state of the vault decides the first screen.
const FIRST_VIEW = { missing: 'firstRun', locked: 'unlock', unlocked: 'reflections', foreign: 'foreign',
  unreadable: 'foreign' };

async function start() {
  // English (every string's fallback) loads while the shell answers.
  preloadLanguage('en').catch(() => {});
  try {
    ctx.info = await call('app_status');
    marks.status = performance.now();
  } catch (e) {
    // Nothing can be shown without the app's state: say so, offer a retry.
    await setLanguage('en').catch(() => {});
    clear(root);
    root.append(failurePanel(e,
      h('button', { type: 'button', id: 'failure-retry', class: 'primary', text: t('app.retry'), onclick: start })));
    focusFirst(root);
    return;
  }
  const first = FIRST_VIEW[ctx.info.state] ?? 'foreign';
  // The first screen's module and its strings load together.
  await Promise.all([setLanguage(ctx.info.language), loadView(first).catch(() => {})]);
  marks.ready = performance.now();
  ctx.setAppearance(ctx.info.appearance);
  wireChrome();
  if (ctx.info.state === 'unlocked') await ctx.refreshReadOnly();
  await go(first);
  // The page was loaded again after WebKit's process ended: say so.
  if (ctx.info.window_restarted) {
    ctx.notice(t('app.windowRestarted'));
    call('app_restart_noted').catch(() => {});
  }
  marks.rendered = performance.now();
  // The start-up mark: the shell times main() to here, once the frame that
  // shows the first view has been drawn (the second animation frame).
  requestAnimationFrame(() => requestAnimationFrame(() => {
    marks.drawn = performance.now();
    call('app_first_view_drawn', { marks: { ...marks, origin: performance.timeOrigin } }).catch(() => {});
  }));
}

// The last net: a failure nothing else caught is shown, never lost.
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  console.error(event.reason);
  showError(appError, userMessage(event.reason));
});

start();
