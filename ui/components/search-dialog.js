// Search over everything in the vault, from any unlocked screen (Ctrl+K, or
// "/" when not typing). A modal dialog: a combobox input whose results are a
// listbox; the arrows move the choice, Enter opens it, Esc closes and gives
// the focus back. The core finds and cuts the snippets; this only shows them.
import { call, userMessage } from '../lib/ipc.js';
import { formatDate, plural, sep, t } from '../lib/i18n.js';
import { clear, h, showError } from '../lib/dom.js';
import { highlighted } from '../lib/highlight.js';

const DEBOUNCE_MS = 150;

/** Each kind the core returns, with its label's key (one entry). */
const KIND_LABELS = {
  reflection: 'search.kindReflection',
  checkin: 'search.kindCheckin',
  boundary: 'search.kindBoundary',
  plan: 'search.kindPlan',
  session: 'search.kindSession',
  group: 'search.kindGroup',
  research: 'search.kindResearch',
};

/** The filter's choices ('' is every kind), with their labels' keys. */
const FILTERS = [
  ['', 'search.filterAll'],
  ['reflection', 'search.filterReflection'],
  ['checkin', 'search.filterCheckin'],
  ['boundary', 'search.filterBoundary'],
  ['plan', 'search.filterPlan'],
  ['session', 'search.filterSession'],
  ['group', 'search.filterGroup'],
  ['research', 'search.filterResearch'],
];

/** Where a result opens: a view's name and its parameters. */
function destination(hit) {
  switch (hit.kind) {
    case 'reflection': return ['editor', { id: hit.id }];
    case 'checkin': return ['journal', { day: hit.day }];
    case 'boundary': return ['boundary', { id: hit.id, day: hit.day }];
    case 'plan': return ['plan', {}];
    case 'session': return ['session', { id: hit.id }];
    case 'group': return ['group', { id: hit.id }];
    case 'research': return ['study', { id: hit.id }];
    default: return null;
  }
}

// The kind chosen last, kept while the app runs (never the words).
let lastKind = '';
let open = null;

/** Whether the key was pressed where a person types text. */
export function typingIn(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  return target.matches('textarea, select, input:not([type=checkbox], [type=radio], [type=button], [type=submit], [type=reset])');
}

/** Closes the search, if open, without giving the focus back (a lock). */
export function closeSearch() {
  open?.close('lock');
}

/** Opens the search dialog (or, when open, selects its words). */
export function openSearch(ctx) {
  if (open) {
    open.querySelector('#search-input').select();
    return;
  }
  const returnTo = document.activeElement;
  const maxChars = ctx.info.limits?.search_query_chars ?? 200;
  const hint = () => t('search.hint', { n: maxChars });
  const input = h('input', {
    id: 'search-input', type: 'text', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'search-results',
    'aria-describedby': 'search-status', maxlength: maxChars,
    enterkeyhint: 'search',
  });
  const kind = h('select', { id: 'search-kind', 'aria-label': t('search.filterLabel') },
    FILTERS.map(([value, key]) => h('option', { value, text: t(key) })));
  kind.value = lastKind;
  const list = h('ul', { id: 'search-results', class: 'search-results', role: 'listbox',
    'aria-label': t('search.results'), hidden: true });
  const empty = h('p', { id: 'search-empty', class: 'search-empty', hidden: true, text: t('search.none') });
  const status = h('p', { id: 'search-status', class: 'search-status', role: 'status', 'aria-live': 'polite',
    text: hint() });
  const error = h('p', { id: 'search-error', class: 'error', role: 'alert', hidden: true });
  const dialog = h('dialog', { id: 'search', class: 'search-dialog', 'aria-labelledby': 'search-label' },
    h('div', { class: 'search-bar' },
      h('label', { id: 'search-label', for: 'search-input', class: 'search-label', text: t('search.label') }),
      h('div', { class: 'search-fields' }, input, kind,
        h('button', { type: 'button', id: 'search-close', class: 'quiet', text: t('search.close'),
          onclick: () => dialog.close() }))),
    h('p', { class: 'help search-keys', text: t('search.keys') }),
    status, error, list, empty);

  let hits = [];
  let selected = -1;
  let asked = 0; // numbers each search; only the newest one's answer is shown
  let timer = null;

  const select = (i) => {
    selected = i;
    [...list.children].forEach((li, n) => li.setAttribute('aria-selected', String(n === i)));
    const chosen = list.children[i];
    if (chosen) {
      input.setAttribute('aria-activedescendant', chosen.id);
      chosen.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const show = (found, text) => {
    hits = found;
    clear(list);
    list.dataset.query = text; // the words these results answer
    hits.forEach((hit, i) => list.append(row(hit, i, () => go(i))));
    list.hidden = hits.length === 0;
    empty.hidden = hits.length !== 0;
    input.setAttribute('aria-expanded', String(hits.length !== 0));
    select(-1);
    // Announced either way; shown only with results (else the empty state says it).
    status.textContent = hits.length ? t(plural('search.count', hits.length), { n: hits.length }) : t('search.none');
    status.classList.toggle('visually-hidden', hits.length === 0);
  };

  const reset = () => {
    hits = [];
    clear(list);
    delete list.dataset.query;
    list.hidden = true;
    empty.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    select(-1);
    status.textContent = hint();
    status.classList.remove('visually-hidden');
  };

  const run = async () => {
    const mine = ++asked;
    const text = input.value;
    showError(error, '');
    if (text.trim() === '') {
      reset();
      return;
    }
    try {
      const found = await call('search_find', { query: { text, kinds: kind.value ? [kind.value] : [] } });
      if (mine === asked && open === dialog) show(found, text);
    } catch (e) {
      if (mine === asked && open === dialog) {
        reset();
        showError(error, userMessage(e));
      }
    }
  };
  const later = () => {
    clearTimeout(timer);
    asked += 1; // an answer on its way is now out of date
    timer = setTimeout(run, DEBOUNCE_MS);
  };

  function go(i) {
    const to = hits[i] && destination(hits[i]);
    if (!to) return;
    dialog.close('open');
    ctx.go(...to);
  }

  // Japanese is typed through an input method: search the words once they
  // are chosen, not each kana on the way; Enter and Esc belong to it then.
  const composing = (event) => event.isComposing || event.keyCode === 229;
  input.addEventListener('input', (event) => { if (!composing(event)) later(); });
  input.addEventListener('compositionend', later);
  kind.addEventListener('change', () => {
    lastKind = kind.value;
    later();
  });
  input.addEventListener('keydown', (event) => {
    if (composing(event)) return;
    if (event.key === 'ArrowDown' && hits.length) {
      event.preventDefault();
      select(Math.min(selected + 1, hits.length - 1));
    } else if (event.key === 'ArrowUp' && hits.length) {
      event.preventDefault();
      select(Math.max(selected - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (hits.length) go(selected < 0 ? 0 : selected);
    }
  });
  dialog.addEventListener('keydown', (event) => {
    // Esc closes from any control (WebKit's own Esc may only clear a field).
    if (event.key === 'Escape' && !composing(event)) {
      event.preventDefault();
      dialog.close();
    }
  });
  dialog.addEventListener('close', () => {
    clearTimeout(timer);
    open = null;
    dialog.remove(); // the words and results go with it
    if (dialog.returnValue === '' && returnTo?.isConnected) returnTo.focus();
  });

  open = dialog;
  document.body.append(dialog);
  dialog.returnValue = '';
  dialog.showModal();
  input.focus();
}

function row(hit, i, onOpen) {
  const when = formatDate(hit.day ?? hit.at);
  return h('li', { id: `search-hit-${i}`, role: 'option', class: 'search-hit', 'aria-selected': 'false',
    'data-kind': hit.kind, onclick: onOpen,
    // A click opens; it does not take the focus from the input first.
    onmousedown: (event) => event.preventDefault() },
  h('span', { class: 'search-hit-meta' },
    h('span', { class: 'search-hit-kind', text: t(KIND_LABELS[hit.kind] ?? 'search.kindReflection') }),
    when ? `${sep()}${when}` : null),
  hit.title ? h('span', { class: 'search-hit-title', text: hit.title }) : null,
  h('span', { class: 'search-hit-snippet' }, highlighted(hit.snippet)));
}
