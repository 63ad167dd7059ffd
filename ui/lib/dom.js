// Tiny DOM helpers. Text is only ever set as text nodes, so user words can
// never become markup.

/**
 * h('button', { id: 'save', onclick: fn }, 'Save') creates an element.
 * Attributes starting with "on" become listeners; `text` sets the text
 * (as `setText`).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'text') {
      setText(el, value);
    } else if (name === 'class') {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    if (child instanceof Node) el.append(child);
    else el.append(...textNodes(child));
  }
  return el;
}

// WebKitGTK draws a kanji with an ideographic variation selector (辻󠄀 is
// 辻 + U+E0100) as a missing-glyph box, even where the font holds the
// variant: it looks for one font with a glyph of its own for the selector,
// which none has (WebKit bug 258877). A selector in a text node of its own
// is drawn as nothing, and the kanji before it in its usual form: the
// person's name is readable, and the text (copied, saved) is unchanged.
const SELECTOR = /([\u{E0100}-\u{E01EF}])/u;

/** The nodes that show `text`, each ideographic selector in its own. */
export function textNodes(text) {
  const value = String(text);
  if (!SELECTOR.test(value)) return [document.createTextNode(value)];
  return value.split(SELECTOR).filter((part) => part !== '').map((part) => document.createTextNode(part));
}

/** Sets an element's text as textContent would, drawn as `textNodes` says. */
export function setText(el, text) {
  el.replaceChildren(...textNodes(text));
}

/** Appends children, skipping the null and false of optional parts (the
 * DOM's own append would show them as the words "null" and "false"). */
export function append(parent, ...children) {
  parent.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** A labelled input with optional help text, tied together for screen readers. */
export function field({ id, label, type = 'text', help, attrs = {} }) {
  const helpId = help ? `${id}-help` : undefined;
  const input = type === 'textarea'
    ? h('textarea', { id, name: id, 'aria-describedby': helpId, ...attrs })
    : h('input', { id, name: id, type, 'aria-describedby': helpId, ...attrs });
  return {
    input,
    row: h('div', { class: 'field' },
      h('label', { for: id, text: label }),
      input,
      help ? h('p', { id: helpId, class: 'help', text: help }) : null),
  };
}

/** The place a form shows its error; role=alert so it is announced. */
export function errorBox(id = 'error') {
  return h('p', { id, class: 'error', role: 'alert', hidden: true });
}

export function showError(box, message) {
  box.textContent = message;
  box.hidden = !message;
}

/** Disables a form's controls while `work` runs, showing `busyLabel`. */
export async function busy(button, busyLabel, work) {
  const label = button.textContent;
  const form = button.form;
  // Only what was enabled: a control disabled on purpose stays disabled.
  const controls = (form ? [...form.elements] : [button]).filter((c) => !c.disabled);
  controls.forEach((c) => { c.disabled = true; });
  button.textContent = busyLabel;
  try {
    return await work();
  } finally {
    controls.forEach((c) => { c.disabled = false; });
    button.textContent = label;
  }
}

/**
 * Asks a yes/no question in a modal dialog; resolves true for yes. The safe
 * answer ("no") has the focus, and Escape means no. `id` names the dialog
 * and `${id}-yes` its yes button, marked as dangerous unless `yesClass`
 * says otherwise.
 */
export function ask({ id, text, no, yes, noId, yesClass = 'danger' }) {
  const dialog = h('dialog', { id },
    h('p', { text }),
    h('form', { method: 'dialog', class: 'actions' },
      h('button', { value: 'no', id: noId, autofocus: true, text: no }),
      h('button', { value: 'yes', id: `${id}-yes`, class: yesClass, text: yes })));
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes');
      dialog.remove();
    });
    dialog.showModal();
  });
}

/** After an action, the focus goes to what it says ("Check-in saved",
 * "Backup written"): a keyboard or screen-reader user goes on from there,
 * not from the top of the page (the button they pressed was disabled while
 * it ran, which sends the focus to the page). */
export function focusResult(el) {
  el.tabIndex = -1;
  el.classList.add('focus-result');
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'nearest' });
}

export function focusFirst(root) {
  // Autofocus inside a closed dialog is for when the dialog opens.
  // data-autofocus: the first field without WebKit's own autofocus, which
  // it may run again later (when the window first gets the keyboard) and
  // so take the focus from a form opened meanwhile.
  const auto = [...root.querySelectorAll('[data-autofocus], [autofocus]')].find((el) => !el.closest('dialog'));
  const target = auto ?? [...root.querySelectorAll('input, textarea, select, button')].find((el) => !el.closest('dialog'));
  if (target) target.focus();
}
