// The readable export, reached from Settings: a format, the kinds, an
// optional range of days and a folder. Before anything is written one
// sentence says the files are not encrypted; then a progress bar, then the
// files written.
import { call, onExportProgress, userMessage } from '../lib/ipc.js';
import { dateEcho, plural, t } from '../lib/i18n.js';
import { ask, errorBox, field, focusResult, h } from '../lib/dom.js';
import { onSubmit, StopSubmit } from '../lib/forms.js';
import { isFullPath } from '../lib/format.js';
import { progressBar } from '../components/progress.js';
import { pathField } from '../components/path-field.js';

export const meta = { name: 'export', inside: true, section: 'settings' };

/** The core's export kinds, with their labels' keys. */
const KINDS = [
  ['reflections', 'export.kind.reflections'],
  ['checkins', 'export.kind.checkins'],
  ['boundaries', 'export.kind.boundaries'],
  ['plan', 'export.kind.plan'],
  ['meetings', 'export.kind.meetings'],
  ['groups', 'export.kind.groups'],
  ['templates', 'export.kind.templates'],
  ['crisis_card', 'export.kind.crisis_card'],
  ['research', 'export.kind.research'],
];
/** The formats: value, label key, help key. */
const FORMATS = [
  ['markdown', 'export.format.markdown', 'export.formatHelp.markdown'],
  ['json', 'export.format.json', 'export.formatHelp.json'],
  ['csv', 'export.format.csv', 'export.formatHelp.csv'],
];

export async function render(root, ctx) {
  const place = await call('export_place');
  const format = h('select', { id: 'export-format', 'aria-describedby': 'export-format-help' },
    FORMATS.map(([value, label]) => h('option', { value, text: t(label) })));
  const formatHelp = h('p', { id: 'export-format-help', class: 'help', text: t('export.formatHelp.markdown') });
  const boxes = KINDS.map(([kind]) => h('input', { type: 'checkbox', id: `export-kind-${kind}`, value: kind, checked: true }));
  const kinds = h('fieldset', { class: 'kinds' },
    h('legend', { text: t('export.kinds') }),
    h('div', { class: 'kind-grid' }, KINDS.map(([kind, label], i) => h('div', { class: 'check' }, boxes[i],
      h('label', { for: `export-kind-${kind}`, text: t(label) })))));
  // CSV holds the check-ins only.
  const offered = (box) => format.value !== 'csv' || box.value === 'checkins';
  format.addEventListener('change', () => {
    formatHelp.textContent = t(FORMATS.find(([value]) => value === format.value)[2]);
    boxes.forEach((box) => { box.disabled = !offered(box); });
  });
  const since = field({ id: 'export-since', label: t('export.since'), type: 'date' });
  const until = field({ id: 'export-until', label: t('export.until'), type: 'date' });
  since.row.append(dateEcho(since.input));
  until.row.append(dateEcho(until.input));
  const folder = pathField({ id: 'export-folder', label: t('export.folder'), help: t('export.folderHelp'),
    purpose: 'export_folder' });
  folder.input.value = place;
  const bar = progressBar({ id: 'export-progress', label: t('export.writing') });
  const result = h('div', { id: 'export-result', class: 'result', role: 'status' });
  const error = errorBox('export-error');
  const submit = h('button', { type: 'submit', id: 'export-submit', class: 'primary', text: t('export.submit') });
  const form = h('form', { class: 'card', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'export-format', text: t('export.formatLabel') }), format, formatHelp),
    kinds,
    h('div', { class: 'two' }, since.row, until.row),
    h('p', { class: 'help range-help', text: t('export.rangeHelp') }),
    folder.row,
    h('p', { class: 'warning', text: t('export.plain') }),
    error, submit, bar.row, result);

  onSubmit(form, {
    error,
    busyLabel: t('export.writingButton'),
    action: async () => {
      result.replaceChildren();
      // (Every control is disabled while this runs: `offered`, not `disabled`.)
      const chosen = boxes.filter((b) => b.checked && offered(b)).map((b) => b.value);
      if (chosen.length === 0) throw new StopSubmit(t('export.noneChosen'), boxes[0]);
      if (!isFullPath(folder.input.value)) throw new StopSubmit(t('export.folderMissing'), folder.input);
      // A folder that is not new or empty is refused before the question.
      try {
        await call('export_check', { outDir: folder.input.value });
      } catch (e) {
        throw new StopSubmit(userMessage(e), folder.input);
      }
      const yes = await ask({ id: 'export-confirm', text: t('export.confirm'), no: t('export.cancel'),
        noId: 'export-cancel', yes: t('export.confirmYes') });
      if (!yes) throw new StopSubmit('');
      const selection = { kinds: chosen, since: since.input.value || null, until: until.input.value || null };
      bar.start(t('export.writing'));
      const stop = await onExportProgress((p) => bar.update(p));
      let summary;
      try {
        summary = await call('export_write', { format: format.value, selection, outDir: folder.input.value });
        bar.finish(t('export.done'));
      } catch (e) {
        bar.fail(t('backup.progressFailed'));
        throw e;
      } finally {
        stop();
      }
      const n = summary.files.length;
      result.replaceChildren(
        h('p', { class: 'result-head', text: t(plural('export.written', n), { n }) }),
        h('p', { class: 'help' }, h('code', { id: 'export-dir', text: summary.dir })),
        h('ul', { id: 'export-files', class: 'files' }, summary.files.map((f) => h('li', {}, h('code', { text: f })))));
      focusResult(result);
      // The next export that day goes to a new folder, not this full one.
      folder.input.value = await call('export_place');
    },
  });

  root.append(h('section', { class: 'page' },
    h('div', { class: 'page-head' },
      h('h1', { text: t('export.title') }),
      h('button', { type: 'button', id: 'export-back', class: 'quiet', text: t('backup.back'),
        onclick: () => ctx.go('settings') })),
    h('p', { class: 'lead', text: t('export.intro') }),
    form));
}
