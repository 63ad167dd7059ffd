// A labelled progress bar for long work (a backup, a restore, an export).
// It stays where it is once the work ends, showing its final state, so a
// person sees that it finished and how.
import { h } from '../lib/dom.js';

/**
 * progressBar({ id, label }) → { row, start(label?), update({done, total}),
 * finish(), fail() }. `row` is hidden until `start()`.
 */
export function progressBar({ id, label }) {
  const text = h('span', { id: `${id}-label`, text: label });
  const bar = h('progress', { id, max: '1', value: '0', 'aria-labelledby': `${id}-label` });
  const row = h('div', { class: 'progress-row', hidden: true }, text, bar);
  return {
    row,
    bar,
    start(newLabel) {
      if (newLabel) text.textContent = newLabel;
      bar.max = '1';
      bar.value = '0';
      row.dataset.state = 'running';
      row.hidden = false;
    },
    update({ done, total }) {
      const max = Math.max(Number(total) || 0, 1);
      bar.max = String(max);
      bar.value = String(Math.min(Number(done) || 0, max));
    },
    /** Done: the bar full, and `doneLabel` in place of the working label. */
    finish(doneLabel) {
      bar.value = bar.max;
      row.dataset.state = 'done';
      if (doneLabel) text.textContent = doneLabel;
    },
    /** Stopped by a failure (its message is shown elsewhere). A refusal
     * before any work began (say the file exists) hides the empty bar. */
    fail(failedLabel) {
      row.dataset.state = 'failed';
      if (Number(bar.value) === 0) row.hidden = true;
      if (failedLabel) text.textContent = failedLabel;
    },
  };
}
