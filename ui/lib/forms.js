// The one way a form submits: no page reload, the submit button busy while
// the action runs, and every failure shown in the form's error area. The
// submit listener never rejects, so no failure is left unhandled or blank.
import { IpcError, userMessage } from './ipc.js';
import { busy, showError } from './dom.js';

/**
 * Thrown by an action to stop a submit that should not go on: `message` is
 * shown (none for an empty one) and the focus goes to `field`, e.g. a
 * passphrase typed twice differently, or "edit" chosen over "keep".
 */
export class StopSubmit extends Error {
  constructor(message, field = null) {
    super(message);
    this.field = field;
  }
}

/**
 * onSubmit(form, { error, action, busyLabel, onError }): on submit, clears
 * `error`, runs `action()` with the form's submit button busy (showing
 * `busyLabel`, by default its own label), and on failure shows the message
 * in `error`, then calls `onError(e)` if given.
 */
export function onSubmit(form, { error, action, busyLabel, onError }) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(error, '');
    const button = form.querySelector('button[type=submit]');
    // Disabling the controls while the action runs sends the focus to the
    // page; unless the action moved it on, it comes back here after.
    const had = document.activeElement;
    try {
      await busy(button, busyLabel ?? button.textContent, action);
    } catch (e) {
      // A bug, not a refusal from the core: keep it for whoever debugs.
      if (!(e instanceof StopSubmit || e instanceof IpcError)) console.error(e);
      showError(error, e instanceof StopSubmit ? e.message : userMessage(e));
      // After busy(): the controls are enabled again and can take the focus.
      e.field?.focus();
      onError?.(e);
    }
    if (focusLost() && had?.isConnected && !had.disabled) had.focus();
  });
}

/** Whether nothing has the focus (it fell to the page). */
function focusLost() {
  return !document.activeElement || document.activeElement === document.body;
}
